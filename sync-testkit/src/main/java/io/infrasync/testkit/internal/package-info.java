/** Helpers shared by the emulators of this module (JSON, REST model store); not exported. */
@NullMarked
package io.infrasync.testkit.internal;

import org.jspecify.annotations.NullMarked;
