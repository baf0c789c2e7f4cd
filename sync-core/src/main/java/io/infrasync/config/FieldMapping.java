package io.infrasync.config;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@code fields[]} entry. {@code hasStatic} distinguishes "no static" from {@code static: null};
 * unlike infrahub-sync 2.0, falsy static values ({@code false}, {@code 0}, {@code ""}) are kept.
 *
 * @param name the destination attribute or relationship name
 * @param mapping the dotted source path, or null
 * @param staticValue the static value (meaningful when {@code hasStatic})
 * @param hasStatic whether {@code static} was given
 * @param reference the kind this field references, or null
 */
public record FieldMapping(
    String name,
    @Nullable String mapping,
    @Nullable Object staticValue,
    boolean hasStatic,
    @Nullable String reference,
    SourceLocation location) {
  public FieldMapping {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
  }

  public static FieldMapping of(String name, String mapping) {
    return new FieldMapping(name, mapping, null, false, null, SourceLocation.UNKNOWN);
  }

  public static FieldMapping reference(String name, String mapping, String kind) {
    return new FieldMapping(name, mapping, null, false, kind, SourceLocation.UNKNOWN);
  }

  public static FieldMapping ofStatic(String name, @Nullable Object value) {
    return new FieldMapping(name, null, value, true, null, SourceLocation.UNKNOWN);
  }
}
