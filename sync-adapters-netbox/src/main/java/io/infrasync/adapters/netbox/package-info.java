/** The NetBox adapter (found through {@link java.util.ServiceLoader}; nothing here is exported). */
@NullMarked
package io.infrasync.adapters.netbox;

import org.jspecify.annotations.NullMarked;
