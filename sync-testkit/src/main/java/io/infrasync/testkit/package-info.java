/**
 * The shared emulator infrastructure: {@link io.infrasync.testkit.EmulatorServer} (an HTTP server on
 * 127.0.0.1, usable from plain code with try-with-resources and as a JUnit Jupiter extension),
 * {@link io.infrasync.testkit.RequestLog}, programmable {@link io.infrasync.testkit.Faults} and a
 * settable {@link io.infrasync.testkit.EmulatorClock}.
 */
@NullMarked
package io.infrasync.testkit;

import org.jspecify.annotations.NullMarked;
