/** Internal: not exported. */
@NullMarked
package io.infrasync.internal.engine;

import org.jspecify.annotations.NullMarked;
