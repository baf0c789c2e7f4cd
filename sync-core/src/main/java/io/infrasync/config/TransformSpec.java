package io.infrasync.config;

import java.util.Objects;

/** One {@code transforms[]} entry: a Jinja {@code expression} whose result is written into {@code field}. */
public record TransformSpec(String field, String expression, SourceLocation location) {
  public TransformSpec {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(location, "location");
  }

  public TransformSpec(String field, String expression) {
    this(field, expression, SourceLocation.UNKNOWN);
  }
}
