/**
 * The mapping pipeline: raw records through filters, Jinja transforms and field mapping into pending
 * records, then reference resolution and keying into {@link io.infrasync.SyncRecord}s.
 */
@NullMarked
package io.infrasync.internal.mapping;

import org.jspecify.annotations.NullMarked;
