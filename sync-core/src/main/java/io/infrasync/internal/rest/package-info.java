/**
 * Internal: what the NetBox and Nautobot adapters share — resource paths, the concurrent page walker,
 * change cursors, reverse mapping and bulk writes with per-record error attribution. Exported only to
 * the adapter modules.
 */
@NullMarked
package io.infrasync.internal.rest;

import org.jspecify.annotations.NullMarked;
