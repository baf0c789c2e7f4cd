/**
 * InfraSync public API: build a {@link io.infrasync.SyncEngine}, compute a {@link io.infrasync.Plan},
 * run a sync and read its {@link io.infrasync.SyncReport}.
 */
@NullMarked
package io.infrasync;

import org.jspecify.annotations.NullMarked;
