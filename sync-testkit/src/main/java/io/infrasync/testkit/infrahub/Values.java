package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Attribute value checks, normal forms and comparisons. */
final class Values {
  private Values() {}

  /** The string form used in human friendly ids, uniqueness keys and display labels. */
  static String canonical(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return Json.write(value);
  }

  /**
   * Checks a value against an attribute's type and constraints and returns its stored form (numbers
   * as {@code Long}).
   *
   * @throws InfrahubError ATTRIBUTE_INVALID_TYPE or ATTRIBUTE_CONSTRAINT_VIOLATION
   */
  static @Nullable Object coerce(String kind, AttributeSchema a, @Nullable Object value) {
    if (value == null) {
      return null;
    }
    Object v =
        switch (a.type()) {
          case TEXT, DROPDOWN, IPHOST, IPNETWORK -> {
            if (!(value instanceof String s)) {
              throw InfrahubError.invalidType(
                  kind, a.name(), Json.describe(value) + " is not a valid " + a.kind());
            }
            yield s;
          }
          case NUMBER -> {
            Long n = asLong(value);
            if (n == null) {
              throw InfrahubError.invalidType(
                  kind, a.name(), Json.describe(value) + " is not a valid " + a.kind());
            }
            yield n;
          }
          case BOOLEAN -> {
            if (!(value instanceof Boolean)) {
              throw InfrahubError.invalidType(
                  kind, a.name(), Json.describe(value) + " is not a valid " + a.kind());
            }
            yield value;
          }
          case LIST -> {
            if (!(value instanceof List)) {
              throw InfrahubError.invalidType(
                  kind, a.name(), Json.describe(value) + " is not a valid List");
            }
            yield value;
          }
          case JSON, ANY -> value;
        };
    if (v instanceof String s) {
      check(kind, a, s);
    }
    return v;
  }

  private static void check(String kind, AttributeSchema a, String s) {
    if (a.type() == AttrType.IPHOST && !IpValue.isHost(s)) {
      throw InfrahubError.invalidType(kind, a.name(), s + " is not a valid IPHost");
    }
    if (a.type() == AttrType.IPNETWORK && !IpValue.isNetwork(s)) {
      throw InfrahubError.invalidType(kind, a.name(), s + " is not a valid IPNetwork");
    }
    if (!a.choices().isEmpty() && !a.choices().contains(s)) {
      throw InfrahubError.constraint(
          kind, a.name(), s + " must be one of " + String.join(", ", a.choices()));
    }
    String regex = a.regex();
    if (regex != null && !Pattern.compile(regex).matcher(s).matches()) {
      throw InfrahubError.constraint(
          kind, a.name(), s + " must conform with the regex: '" + regex + "'");
    }
    Integer max = a.maxLength();
    if (max != null && s.length() > max) {
      throw InfrahubError.constraint(kind, a.name(), s + " must have a maximum length of " + max);
    }
    Integer min = a.minLength();
    if (min != null && s.length() < min) {
      throw InfrahubError.constraint(kind, a.name(), s + " must have a minimum length of " + min);
    }
  }

  static @Nullable Long asLong(@Nullable Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    if (value instanceof BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  /** Equality of a stored value and a filter value (numbers by value). */
  static boolean matches(@Nullable Object stored, @Nullable Object wanted, boolean partial) {
    if (stored == null || wanted == null) {
      return stored == null && wanted == null;
    }
    if (partial && stored instanceof String s && wanted instanceof String w) {
      return s.toLowerCase(java.util.Locale.ROOT).contains(w.toLowerCase(java.util.Locale.ROOT));
    }
    Long a = asLong(stored);
    Long b = asLong(wanted);
    if (a != null && b != null) {
      return a.equals(b);
    }
    if (stored instanceof Map || stored instanceof List) {
      return stored.equals(wanted);
    }
    return stored.equals(wanted) || canonical(stored).equals(canonical(wanted));
  }

  /** Ordering of attribute values: nulls first, numbers numerically, others by string form. */
  static int compare(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    Long x = asLong(a);
    Long y = asLong(b);
    if (x != null && y != null) {
      return Long.compare(x, y);
    }
    return canonical(a).compareTo(canonical(b));
  }
}
