package io.infrasync.config;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@code schema_mapping[]} entry. The same {@code name} (destination kind) may appear several
 * times, fed from several source resources.
 *
 * @param name the destination kind
 * @param mapping the source resource path ({@code dcim.devices}); null means "skip this entry"
 * @param identifiers the key fields, in order; empty when the config gives none (the destination
 *     schema's unique fields are used then)
 */
public record SchemaMapping(
    String name,
    @Nullable String mapping,
    List<String> identifiers,
    List<FieldMapping> fields,
    List<FilterSpec> filters,
    List<TransformSpec> transforms,
    SourceLocation location) {
  public SchemaMapping {
    Objects.requireNonNull(name, "name");
    identifiers = List.copyOf(identifiers);
    fields = List.copyOf(fields);
    filters = List.copyOf(filters);
    transforms = List.copyOf(transforms);
    Objects.requireNonNull(location, "location");
  }
}
