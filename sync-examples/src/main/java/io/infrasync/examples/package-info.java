/** Runnable examples of embedding InfraSync. */
@NullMarked
package io.infrasync.examples;

import org.jspecify.annotations.NullMarked;
