/** Internal: the HTTP, JSON and retry layer shared by the REST and GraphQL adapters. Exported only to them. */
@NullMarked
package io.infrasync.internal.http;

import org.jspecify.annotations.NullMarked;
