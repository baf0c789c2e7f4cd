/** Implementation of the Parquet cache store; not an API. */
@NullMarked
package io.infrasync.cache.parquet.internal;

import org.jspecify.annotations.NullMarked;
