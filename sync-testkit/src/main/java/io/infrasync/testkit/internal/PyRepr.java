package io.infrasync.testkit.internal;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** Python's {@code repr()} of plain values, as it appears inside Django/DRF error messages. */
public final class PyRepr {
  private PyRepr() {}

  /** {@code repr(value)}: strings single-quoted, None, True/False, dicts and lists. */
  public static String of(@Nullable Object value) {
    if (value == null) {
      return "None";
    } else if (value instanceof Boolean b) {
      return b ? "True" : "False";
    } else if (value instanceof String s) {
      return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    } else if (value instanceof Map<?, ?> m) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      m.forEach((k, v) -> j.add(of(k) + ": " + of(v)));
      return j.toString();
    } else if (value instanceof List<?> l) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      l.forEach(v -> j.add(of(v)));
      return j.toString();
    } else if (value instanceof Raw r) {
      return r.text();
    }
    return String.valueOf(value);
  }

  /** A value printed verbatim (e.g. {@code UUID('…')}). */
  public record Raw(String text) {}
}
