package io.infrasync;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The value domain of record fields: {@code null}, {@link String}, {@link Long}, {@link Double},
 * {@link Boolean}, {@link Key} (a resolved reference), an immutable {@link List} of these, or an
 * immutable {@link Map} (an opaque JSON object). Equality follows Python's {@code ==}, which is what
 * infrahub-sync compares with: {@code 1 == 1.0}, lists element-wise.
 */
public final class Values {
  private Values() {}

  /** Converts Java numbers and collections to the value domain. */
  public static @Nullable Object normalize(@Nullable Object v) {
    if (v == null || v instanceof String || v instanceof Long || v instanceof Boolean
        || v instanceof Key) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double) {
      return v;
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
    }
    if (v instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof CharSequence cs) {
      return cs.toString();
    }
    if (v instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(normalize(o));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, val) -> out.put(String.valueOf(k), normalize(val)));
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof Character c) {
      return c.toString();
    }
    return v.toString();
  }

  /** Python-like equality of two normalised values. */
  public static boolean equal(@Nullable Object a, @Nullable Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof Long x && b instanceof Double y) {
      return x.doubleValue() == y;
    }
    if (a instanceof Double x && b instanceof Long y) {
      return x == y.doubleValue();
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        if (!equal(la.get(i), lb.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** Display form as Python's {@code str()} would print it ({@code True}, {@code 1.5}). */
  public static String display(@Nullable Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    return v.toString();
  }
}
