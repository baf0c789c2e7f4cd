/** Internal: not exported. */
@NullMarked
package io.infrasync.internal.cache;

import org.jspecify.annotations.NullMarked;
