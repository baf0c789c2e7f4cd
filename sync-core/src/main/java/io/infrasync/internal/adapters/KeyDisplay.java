package io.infrasync.internal.adapters;

import io.infrasync.Values;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code "__"}-joined display key of a stored JSON-like record, computed from its identifier fields. */
final class KeyDisplay {
  private KeyDisplay() {}

  static @Nullable String of(Map<String, @Nullable Object> data, List<String> identifiers) {
    StringBuilder sb = new StringBuilder();
    boolean any = false;
    for (int i = 0; i < identifiers.size(); i++) {
      Object v = data.get(identifiers.get(i));
      if (i > 0) {
        sb.append("__");
      }
      if (v == null) {
        sb.append("None"); // as Key keys an identifier without a value
        continue;
      }
      any = true;
      Object n = Values.normalize(v);
      sb.append(n instanceof Map<?, ?> m && m.get("id") != null ? String.valueOf(m.get("id")) : Values.display(n));
    }
    return any ? sb.toString() : null;
  }
}
