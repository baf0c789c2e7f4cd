package io.infrasync.config;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One {@code filters[]} entry: a dotted {@code field} path on the raw source record. */
public record FilterSpec(String field, FilterOp operation, @Nullable Object value, SourceLocation location) {
  public FilterSpec {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(location, "location");
  }

  public FilterSpec(String field, FilterOp operation, @Nullable Object value) {
    this(field, operation, value, SourceLocation.UNKNOWN);
  }
}
