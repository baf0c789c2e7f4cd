package io.infrasync.internal.mapping;

import io.infrasync.Key;
import io.infrasync.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An unresolved reference read from a record: the peer's server id (a nested object such as NetBox's
 * {@code {"id": 7, "url": ".../dcim/sites/7/"}}) or the peer's key in upstream's {@code "__"}-joined
 * display form (a scalar). {@link RecordAssembler} turns tokens into {@link Key}s.
 */
sealed interface RefToken {
  /** A peer named by its server id; {@code url} (when given) tells which resource it comes from. */
  record ById(String id, @Nullable String url) implements RefToken {
    @Override
    public String toString() {
      return "{id: " + id + (url == null ? "" : ", url: " + url) + "}";
    }
  }

  /** A peer named by its key's display form. */
  record ByDisplay(String display) implements RefToken {
    @Override
    public String toString() {
      return "`" + display + "`";
    }
  }

  /**
   * The reference value of a raw field: null (no peer; also for {@code ""} and {@code {}}), a
   * {@link Key} (already resolved), a token, or an immutable list of keys and tokens.
   *
   * @throws IllegalArgumentException for an object without an {@code id}
   */
  static @Nullable Object of(@Nullable Object raw) {
    if (raw instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        Object t = one(o);
        if (t != null) {
          out.add(t);
        }
      }
      return Collections.unmodifiableList(out);
    }
    return one(raw);
  }

  private static @Nullable Object one(@Nullable Object raw) {
    if (raw == null || raw instanceof Key) {
      return raw;
    }
    if (raw instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        return null;
      }
      Object id = m.get("id");
      if (id == null || id instanceof Map<?, ?> || id instanceof List<?>) {
        throw new IllegalArgumentException("a reference object needs an `id`, got " + Py.repr(raw));
      }
      Object url = m.get("url");
      return new ById(idText(id), url instanceof CharSequence cs ? cs.toString() : null);
    }
    Object v = Values.normalize(raw);
    if (v instanceof List<?> || v instanceof Map<?, ?>) {
      throw new IllegalArgumentException("a reference cannot be " + Py.repr(raw));
    }
    String display = Values.display(v);
    return display.isEmpty() ? null : new ByDisplay(display);
  }

  /** A server id as text: integral numbers without a fraction ({@code 7}, not {@code 7.0}). */
  static String idText(Object id) {
    Object v = Values.normalize(id);
    if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }
}
