/** The Nautobot adapter (found through {@link java.util.ServiceLoader}; nothing here is exported). */
@NullMarked
package io.infrasync.adapters.nautobot;

import org.jspecify.annotations.NullMarked;
