/**
 * An in-process emulator of the Nautobot 2.x REST API
 * ({@link io.infrasync.testkit.nautobot.NautobotServer}): UUID ids, {@code depth}, version
 * negotiation, strict filtering (unknown parameters are a 400), bulk writes.
 */
@NullMarked
package io.infrasync.testkit.nautobot;

import org.jspecify.annotations.NullMarked;
