/**
 * An in-process emulator of the Infrahub GraphQL API ({@link
 * io.infrasync.testkit.infrahub.InfrahubServer}) built from a schema model ({@link
 * io.infrasync.testkit.infrahub.InfrahubSchema}): per-kind queries with filters and pagination,
 * create/update/upsert/delete mutations with Infrahub's input shapes and error catalogue, branches,
 * token authentication and the {@code /api/schema} endpoint.
 */
@NullMarked
package io.infrasync.testkit.infrahub;

import org.jspecify.annotations.NullMarked;
