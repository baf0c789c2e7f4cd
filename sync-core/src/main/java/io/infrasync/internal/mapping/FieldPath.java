package io.infrasync.internal.mapping;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A dotted path into a raw record ({@code device_type.manufacturer.name}), split once. Reading it
 * follows infrahub-sync's {@code get_value}: each segment is a map key (or, on a list, an integer
 * index); a missing or falsy intermediate value gives {@code null}; the last value is returned as it
 * is, falsy or not.
 */
final class FieldPath {
  private static final int NOT_AN_INDEX = Integer.MIN_VALUE;

  private final String text;
  private final String[] segments;
  private final int[] indexes;

  private FieldPath(String text) {
    this.text = text;
    this.segments = text.split("\\.", -1);
    this.indexes = new int[segments.length];
    for (int i = 0; i < segments.length; i++) {
      indexes[i] = index(segments[i]);
    }
  }

  static FieldPath of(String dotted) {
    return new FieldPath(dotted);
  }

  String text() {
    return text;
  }

  /** The value at this path, or null. */
  @Nullable Object get(Map<String, ? extends @Nullable Object> record) {
    Object current = record.get(segments[0]);
    for (int i = 1; i < segments.length; i++) {
      if (current == null || !Py.truthy(current)) {
        return null;
      }
      current = step(current, i);
    }
    return current;
  }

  private @Nullable Object step(Object current, int i) {
    if (current instanceof Map<?, ?> m) {
      return m.get(segments[i]);
    }
    if (current instanceof List<?> l && indexes[i] != NOT_AN_INDEX) {
      int at = indexes[i] < 0 ? indexes[i] + l.size() : indexes[i];
      return at >= 0 && at < l.size() ? l.get(at) : null;
    }
    return null;
  }

  private static int index(String segment) {
    try {
      return segment.isEmpty() ? NOT_AN_INDEX : Integer.parseInt(segment);
    } catch (NumberFormatException e) {
      return NOT_AN_INDEX;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
