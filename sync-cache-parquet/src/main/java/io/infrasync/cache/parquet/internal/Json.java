package io.infrasync.cache.parquet.internal;

import io.infrasync.SyncException;
import io.infrasync.Values;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON as upstream's Python writes it, byte for byte: {@code json.dumps(v, sort_keys=True,
 * default=str)} for plan cells ({@link #dumps}) and {@code json.dumps(v, indent=2, sort_keys=True)}
 * for sidecars ({@link #pretty}); ASCII only, Python float {@code repr}. Parsing (Jackson) returns
 * values in the domain of {@link Values}.
 */
public final class Json {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** Python's ordering of {@code str} keys: by code point. */
  private static final Comparator<String> KEY_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private Json() {}

  /** One line, {@code ", "} and {@code ": "} separators, keys sorted. */
  public static String dumps(@Nullable Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, -1);
    return sb.toString();
  }

  /** Indented by 2, keys sorted, no trailing newline. */
  public static String pretty(@Nullable Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.toString();
  }

  public static byte[] prettyBytes(@Nullable Object value) {
    return pretty(value).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Parses JSON text.
   *
   * @throws IllegalArgumentException when it is not one well-formed JSON value
   */
  public static @Nullable Object parse(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("no JSON value");
    }
    return toValue(node);
  }

  /**
   * Parses a JSON object read from a cache file.
   *
   * @throws SyncException with code CACHE naming the file when it is not a JSON object
   */
  public static Map<String, @Nullable Object> parseObject(Path file, byte[] bytes) {
    Object v;
    try {
      v = parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw CacheErrors.torn(file, "not valid JSON (" + e.getMessage() + ")", e);
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw CacheErrors.torn(file, "expected a JSON object", null);
    }
    @SuppressWarnings("unchecked")
    Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) m;
    return map;
  }

  private static @Nullable Object toValue(JsonNode n) {
    if (n.isNull()) {
      return null;
    }
    if (n.isObject()) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        m.put(e.getKey(), toValue(e.getValue()));
      }
      return Collections.unmodifiableMap(m);
    }
    if (n.isArray()) {
      List<@Nullable Object> l = new ArrayList<>(n.size());
      for (JsonNode e : n.values()) {
        l.add(toValue(e));
      }
      return Collections.unmodifiableList(l);
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue().toString();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    return n.asString();
  }

  private static void write(StringBuilder sb, @Nullable Object v, int indent) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Boolean b) {
      sb.append(b ? "true" : "false");
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof java.math.BigInteger) {
      sb.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      sb.append(pyFloat(((Number) v).doubleValue()));
    } else if (v instanceof Map<?, ?> m) {
      writeMap(sb, m, indent);
    } else if (v instanceof Collection<?> c) {
      writeList(sb, c, indent);
    } else {
      quote(sb, v.toString()); // strings, Key display form, and Python's default=str for the rest
    }
  }

  private static void writeMap(StringBuilder sb, Map<?, ?> m, int indent) {
    if (m.isEmpty()) {
      sb.append("{}");
      return;
    }
    List<Map.Entry<String, @Nullable Object>> entries = new ArrayList<>(m.size());
    m.forEach((k, val) -> entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>(String.valueOf(k), val)));
    entries.sort(Map.Entry.comparingByKey(KEY_ORDER));
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, @Nullable Object> e : entries) {
      separator(sb, first, indent + 1, indent >= 0);
      first = false;
      quote(sb, e.getKey());
      sb.append(": ");
      write(sb, e.getValue(), indent < 0 ? -1 : indent + 1);
    }
    close(sb, indent);
    sb.append('}');
  }

  private static void writeList(StringBuilder sb, Collection<?> c, int indent) {
    if (c.isEmpty()) {
      sb.append("[]");
      return;
    }
    sb.append('[');
    boolean first = true;
    for (Object o : c) {
      separator(sb, first, indent + 1, indent >= 0);
      first = false;
      write(sb, o, indent < 0 ? -1 : indent + 1);
    }
    close(sb, indent);
    sb.append(']');
  }

  private static void separator(StringBuilder sb, boolean first, int level, boolean indented) {
    if (indented) {
      if (!first) {
        sb.append(',');
      }
      sb.append('\n').append("  ".repeat(level));
    } else if (!first) {
      sb.append(", ");
    }
  }

  private static void close(StringBuilder sb, int indent) {
    if (indent >= 0) {
      sb.append('\n').append("  ".repeat(indent));
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** Python's {@code repr(float)}: shortest digits, exponent form below 1e-4 and from 1e16. */
  static String pyFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale();
    StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
    if (exp < -4 || exp >= 16) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      sb.append(a < 10 ? "0" : "").append(a);
    } else if (exp >= 0) {
      if (digits.length() <= exp + 1) {
        sb.append(digits).append("0".repeat(exp + 1 - digits.length())).append(".0");
      } else {
        sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
      }
    } else {
      sb.append("0.").append("0".repeat(-exp - 1)).append(digits);
    }
    return sb.toString();
  }
}
