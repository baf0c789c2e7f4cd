package io.infrasync.internal.mapping;

import io.infrasync.Key;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Python semantics that infrahub-sync's filters and transforms rely on: truthiness, {@code ==},
 * {@code in}, {@code int()}, {@code str()} and {@code repr()}, over JSON-like Java values.
 */
final class Py {
  private Py() {}

  /** Python truthiness: {@code None}, {@code False}, zero, empty strings and containers are false. */
  static boolean truthy(@Nullable Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Double d) {
      return d != 0.0;
    }
    if (v instanceof Float f) {
      return f != 0.0f;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() != 0;
    }
    if (v instanceof BigInteger i) {
      return i.signum() != 0;
    }
    if (v instanceof Number n) {
      return n.longValue() != 0;
    }
    if (v instanceof CharSequence s) {
      return s.length() > 0;
    }
    if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** Python {@code a == b}: numbers compare by value across int, float and bool; containers deeply. */
  static boolean eq(@Nullable Object a, @Nullable Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (isNumber(a) && isNumber(b)) {
      return compareNumbers(a, b) == 0;
    }
    if (a instanceof CharSequence x && b instanceof CharSequence y) {
      return x.toString().equals(y.toString());
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> i = x.iterator();
      Iterator<?> j = y.iterator();
      while (i.hasNext()) {
        if (!eq(i.next(), j.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !eq(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** Whether a value is a Python number ({@code bool} is an {@code int} in Python). */
  static boolean isNumber(@Nullable Object v) {
    return v instanceof Number || v instanceof Boolean;
  }

  /** Compares two Python numbers exactly (no rounding of large ints to double); NaN is unordered. */
  static int compareNumbers(Object a, Object b) {
    if (isFloat(a) || isFloat(b)) {
      double x = asDouble(a);
      double y = asDouble(b);
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return x == y ? 0 : 2; // never 0: NaN equals nothing
      }
      if (Double.isInfinite(x) || Double.isInfinite(y)) {
        return Double.compare(x, y);
      }
      return decimal(a).compareTo(decimal(b));
    }
    return integer(a).compareTo(integer(b));
  }

  private static boolean isFloat(Object v) {
    return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
  }

  private static double asDouble(Object v) {
    return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
  }

  private static BigDecimal decimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (isFloat(v)) {
      return new BigDecimal(((Number) v).doubleValue());
    }
    return new BigDecimal(integer(v));
  }

  private static BigInteger integer(Object v) {
    if (v instanceof Boolean b) {
      return b ? BigInteger.ONE : BigInteger.ZERO;
    }
    if (v instanceof BigInteger i) {
      return i;
    }
    return BigInteger.valueOf(((Number) v).longValue());
  }

  /**
   * Python {@code item in container}: substring for strings, membership (by {@code ==}) for lists,
   * key membership for dicts.
   *
   * @throws IllegalArgumentException where Python raises {@code TypeError}
   */
  static boolean contains(@Nullable Object container, @Nullable Object item) {
    if (container instanceof CharSequence s) {
      if (!(item instanceof CharSequence sub)) {
        throw new IllegalArgumentException(
            "'in <string>' requires string as left operand, not " + typeName(item));
      }
      return s.toString().contains(sub);
    }
    if (container instanceof Collection<?> c) {
      for (Object o : c) {
        if (eq(o, item)) {
          return true;
        }
      }
      return false;
    }
    if (container instanceof Map<?, ?> m) {
      if (item instanceof List<?> || item instanceof Map<?, ?>) {
        throw new IllegalArgumentException("unhashable type: '" + typeName(item) + "'");
      }
      return item instanceof CharSequence s ? m.containsKey(s.toString()) : m.containsKey(item);
    }
    throw new IllegalArgumentException("argument of type '" + typeName(container) + "' is not iterable");
  }

  /**
   * Python {@code int(v)}: ints, bools, floats (truncated) and decimal strings (surrounding
   * whitespace, a sign and {@code _} between digits allowed).
   *
   * @throws IllegalArgumentException {@code Cannot convert '<v>' to int}, as infrahub-sync words it
   */
  static BigInteger toInt(@Nullable Object v) {
    if (v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof Short
        || v instanceof Byte || v instanceof BigInteger) {
      return integer(v);
    }
    if (v instanceof BigDecimal d) {
      return d.toBigInteger();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isNaN(d) && !Double.isInfinite(d)) {
        return new BigDecimal(d).toBigInteger();
      }
    } else if (v instanceof CharSequence cs) {
      BigInteger parsed = parseInt(cs.toString().strip());
      if (parsed != null) {
        return parsed;
      }
    }
    throw new IllegalArgumentException("Cannot convert " + repr(v) + " to int");
  }

  private static @Nullable BigInteger parseInt(String s) {
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      i = 1;
    }
    if (i == s.length()) {
      return null;
    }
    StringBuilder digits = new StringBuilder(s.length());
    boolean lastDigit = false;
    for (int k = i; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c >= '0' && c <= '9') {
        digits.append(c);
        lastDigit = true;
      } else if (c == '_' && lastDigit && k + 1 < s.length()) {
        lastDigit = false;
      } else {
        return null;
      }
    }
    if (!lastDigit) {
      return null;
    }
    BigInteger n = new BigInteger(digits.toString());
    return s.charAt(0) == '-' ? n.negate() : n;
  }

  /** The Python type name of a value, for error messages. */
  static String typeName(@Nullable Object v) {
    if (v == null) {
      return "NoneType";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof CharSequence) {
      return "str";
    }
    if (isFloat(v)) {
      return "float";
    }
    if (v instanceof Number) {
      return "int";
    }
    if (v instanceof List<?>) {
      return "list";
    }
    if (v instanceof Map<?, ?>) {
      return "dict";
    }
    if (v instanceof Key) {
      return "key";
    }
    return v.getClass().getSimpleName();
  }

  /** Python {@code str(v)}. */
  static String str(@Nullable Object v) {
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    return repr(v);
  }

  /** Python {@code repr(v)} for JSON-like values ({@code 'a'}, {@code 1.0}, {@code [1, 'x']}). */
  static String repr(@Nullable Object v) {
    StringBuilder sb = new StringBuilder();
    appendRepr(sb, v);
    return sb.toString();
  }

  private static void appendRepr(StringBuilder sb, @Nullable Object v) {
    if (v == null) {
      sb.append("None");
    } else if (v instanceof Boolean b) {
      sb.append(b ? "True" : "False");
    } else if (v instanceof CharSequence s) {
      appendQuoted(sb, s.toString());
    } else if (isFloat(v)) {
      sb.append(floatRepr(((Number) v).doubleValue()));
    } else if (v instanceof Number) {
      sb.append(v);
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        appendRepr(sb, o);
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        appendRepr(sb, e.getKey());
        sb.append(": ");
        appendRepr(sb, e.getValue());
      }
      sb.append('}');
    } else {
      sb.append(v);
    }
  }

  private static void appendQuoted(StringBuilder sb, String s) {
    char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    sb.append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == q) {
            sb.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append(q);
  }

  /** Python's shortest float repr: {@code 2.0}, {@code 0.0001}, {@code 1e-05}, {@code 1e+16}. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : "";
    if (d == 0) {
      return sign + "0.0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale();
    if (exp >= -4 && exp < 16) {
      String plain = bd.toPlainString();
      return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
    }
    StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    int abs = Math.abs(exp);
    return sb.append('e').append(exp < 0 ? '-' : '+').append(abs < 10 ? "0" : "").append(abs).toString();
  }
}
