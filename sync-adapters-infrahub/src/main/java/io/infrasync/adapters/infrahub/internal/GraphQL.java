package io.infrasync.adapters.infrahub.internal;

import io.infrasync.Key;
import io.infrasync.internal.http.HttpTransport;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Writes GraphQL value literals (input objects, lists, strings) into documents. */
final class GraphQL {
  private static final Pattern NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

  private GraphQL() {}

  /** A GraphQL literal of a JSON-like value: strings are quoted and escaped, maps become input objects. */
  static String literal(@Nullable Object value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  static void append(StringBuilder sb, @Nullable Object value) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      sb.append(string(s));
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
        || value instanceof BigInteger || value instanceof Short || value instanceof Byte) {
      sb.append(value);
    } else if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException("GraphQL has no literal for " + d);
      }
      sb.append(BigDecimal.valueOf(d).toPlainString());
    } else if (value instanceof Float f) {
      append(sb, f.doubleValue());
    } else if (value instanceof BigDecimal b) {
      sb.append(b.toPlainString());
    } else if (value instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        sb.append(name(String.valueOf(e.getKey()))).append(": ");
        append(sb, e.getValue());
      }
      sb.append('}');
    } else if (value instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        append(sb, l.get(i));
      }
      sb.append(']');
    } else if (value instanceof Key k) {
      sb.append(string(k.toString()));
    } else {
      sb.append(string(value.toString()));
    }
  }

  /** A quoted, escaped string literal (JSON escaping is valid GraphQL). */
  static String string(String s) {
    return HttpTransport.JSON.writeValueAsString(s);
  }

  /** A field, argument or alias name, checked so that nothing can be injected into a document. */
  static String name(String s) {
    if (!NAME.matcher(s).matches()) {
      throw new IllegalArgumentException("not a GraphQL name (an object key must match [_A-Za-z][_0-9A-Za-z]*): "
          + string(s));
    }
    return s;
  }
}
