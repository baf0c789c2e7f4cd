/**
 * An in-process emulator of the NetBox 4.6 REST API ({@link io.infrasync.testkit.netbox.NetBoxServer}):
 * integer ids, brief nested objects, {@code brief}/{@code fields}/{@code omit}, lenient filtering
 * (unknown parameters ignored), 4.6 bulk semantics, v1 and v2 token authentication.
 */
@NullMarked
package io.infrasync.testkit.netbox;

import org.jspecify.annotations.NullMarked;
