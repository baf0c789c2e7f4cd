/**
 * Service provider interfaces for adapter and cache-store authors. Implementations are found through
 * {@link java.util.ServiceLoader} ({@link io.infrasync.spi.AdapterProvider},
 * {@link io.infrasync.spi.CacheStoreProvider}).
 */
@NullMarked
package io.infrasync.spi;

import org.jspecify.annotations.NullMarked;
