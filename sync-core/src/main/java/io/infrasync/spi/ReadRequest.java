package io.infrasync.spi;

import io.infrasync.Side;
import io.infrasync.config.SchemaMapping;
import java.util.List;
import java.util.Objects;

/**
 * What to read.
 *
 * @param side which end the adapter is serving
 * @param resource on the source side the {@code mapping} path ({@code dcim.devices}); on the
 *     destination side the kind name
 * @param kind the destination kind the records feed (on the source side, the first entry's
 *     {@code name} when several entries share one resource)
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
