/** Internal: not exported. */
@NullMarked
package io.infrasync.internal.adapters;

import org.jspecify.annotations.NullMarked;
