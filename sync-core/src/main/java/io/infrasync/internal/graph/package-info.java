/** Internal: not exported. */
@NullMarked
package io.infrasync.internal.graph;

import org.jspecify.annotations.NullMarked;
