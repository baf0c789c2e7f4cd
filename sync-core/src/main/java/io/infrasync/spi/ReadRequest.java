package io.infrasync.spi;

import io.infrasync.Side;
import io.infrasync.config.SchemaMapping;
import java.util.List;
import java.util.Objects;

/**
 * What to read.
 *
 * @param side which end the adapter is serving
 * @param resource with {@link Adapter.Addressing#PATHS} the {@code mapping} path
 *     ({@code dcim.devices}); with {@link Adapter.Addressing#NAMES} the kind name
 * @param kind the kind the records feed (the first entry's {@code name} when several entries share
 *     one resource)
 * @param mappings every schema_mapping entry that reads this resource, so that the adapter can ask
 *     the server for just the fields they use
 */
public record ReadRequest(Side side, String resource, String kind, List<SchemaMapping> mappings) {
  public ReadRequest {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(kind, "kind");
    mappings = List.copyOf(mappings);
  }
}
