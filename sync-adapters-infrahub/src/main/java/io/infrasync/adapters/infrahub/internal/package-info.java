/** Internal: the Infrahub adapter's GraphQL client, schema model, reader and writer. */
@NullMarked
package io.infrasync.adapters.infrahub.internal;

import org.jspecify.annotations.NullMarked;
