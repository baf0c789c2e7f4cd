package io.infrasync.internal.mapping;

import io.infrasync.ConfigurationException;
import io.infrasync.config.FilterOp;
import io.infrasync.config.FilterSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The 14 filter operations of infrahub-sync's {@code FILTERS_OPERATIONS}, with Python semantics
 * ({@code field} is the record's value, {@code value} the configured one):
 *
 * <ul>
 *   <li>{@code ==}, {@code !=}: Python equality ({@code 1 == 1.0 == True});
 *   <li>{@code > < >= <=}: both sides through {@code int()}; a value that does not convert is an
 *       error ({@code Cannot convert … to int});
 *   <li>{@code in}: {@code value and field in value}; {@code not in}: {@code field not in value}
 *       (list membership or substring);
 *   <li>{@code contains}: {@code field and value in field}; {@code not contains}:
 *       {@code field and value not in field} (so an empty field passes neither);
 *   <li>{@code is_empty}, {@code is_not_empty}: Python truthiness;
 *   <li>{@code regex}: {@code re.match}, anchored at the start only; a non-string field is an error;
 *   <li>{@code is_ip_within}: the field (an address, {@code 10.0.0.1/24}, a network or a range) lies
 *       in one of the value's networks or ranges. Unlike netutils, an interface address with host
 *       bits set is accepted, and IPv4 against IPv6 is false rather than an error.
 * </ul>
 */
public final class Filters {
  private Filters() {}

  /** A filter ready to run: its spec, the path it reads and its pre-parsed value. */
  public static final class Compiled {
    private final FilterSpec spec;
    private final FieldPath path;
    private final Test test;

    private Compiled(FilterSpec spec, Test test) {
      this.spec = spec;
      this.path = FieldPath.of(spec.field());
      this.test = test;
    }

    public FilterSpec spec() {
      return spec;
    }

    /**
     * Whether the record passes.
     *
     * @throws IllegalArgumentException where Python would raise (the message says why)
     */
    public boolean test(Map<String, ? extends @Nullable Object> record) {
      return test.test(path.get(record));
    }

    /** Whether a field value passes. */
    public boolean testValue(@Nullable Object field) {
      return test.test(field);
    }

    @Override
    public String toString() {
      return "`" + spec.field() + " " + spec.operation().symbol()
          + (spec.value() == null ? "" : " " + Py.repr(spec.value())) + "`";
    }
  }

  @FunctionalInterface
  private interface Test {
    boolean test(@Nullable Object field);
  }

  /**
   * Compiles a filter: integers, patterns and networks of the value are parsed once.
   *
   * @throws ConfigurationException when the value does not fit the operation
   */
  public static Compiled compile(FilterSpec spec) {
    try {
      return new Compiled(spec, test(spec.operation(), spec.value()));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(List.of(new ConfigurationException.Problem(spec.location().file(),
          spec.location().line(), spec.location().column(), "filters",
          "filter `" + spec.field() + " " + spec.operation().symbol() + "`: " + e.getMessage())));
    }
  }

  /**
   * Applies one operation to a field value, as infrahub-sync does.
   *
   * @throws IllegalArgumentException where Python would raise
   */
  public static boolean apply(FilterOp op, @Nullable Object field, @Nullable Object value) {
    return test(op, value).test(field);
  }

  private static Test test(FilterOp op, @Nullable Object value) {
    return switch (op) {
      case EQ -> field -> Py.eq(field, value);
      case NE -> field -> !Py.eq(field, value);
      case GT, LT, GE, LE -> compare(op, Py.toInt(value));
      case IN -> field -> Py.truthy(value) && Py.contains(value, field);
      case NOT_IN -> field -> !Py.contains(value, field);
      case CONTAINS -> field -> Py.truthy(field) && Py.contains(field, value);
      case NOT_CONTAINS -> field -> Py.truthy(field) && !Py.contains(field, value);
      case IS_EMPTY -> field -> !Py.truthy(field);
      case IS_NOT_EMPTY -> Py::truthy;
      case REGEX -> regex(value);
      case IS_IP_WITHIN -> ipWithin(value);
    };
  }

  private static Test compare(FilterOp op, BigInteger right) {
    return field -> {
      int c = Py.toInt(field).compareTo(right);
      return switch (op) {
        case GT -> c > 0;
        case LT -> c < 0;
        case GE -> c >= 0;
        default -> c <= 0;
      };
    };
  }

  private static Test regex(@Nullable Object value) {
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException("first argument must be string or compiled pattern, not " + Py.typeName(value));
    }
    Pattern p;
    try {
      p = Pattern.compile(pythonRegex(s));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regular expression " + Py.repr(s) + ": " + e.getDescription(), e);
    }
    return field -> {
      if (!(field instanceof CharSequence cs)) {
        throw new IllegalArgumentException("expected string or bytes-like object, got '" + Py.typeName(field) + "'");
      }
      return p.matcher(cs).lookingAt();
    };
  }

  /** Python named groups and backreferences in Java syntax. */
  static String pythonRegex(String s) {
    return s.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>").replace("\\Z", "\\z");
  }

  private static Test ipWithin(@Nullable Object value) {
    List<IpRange> networks = new ArrayList<>();
    if (value instanceof String s) {
      networks.add(IpRange.network(s));
    } else if (value instanceof List<?> l && !l.isEmpty()) {
      for (Object o : l) {
        if (!(o instanceof String s)) {
          throw new IllegalArgumentException("expected a CIDR string, got " + Py.repr(o));
        }
        networks.add(IpRange.network(s));
      }
    } else {
      throw new IllegalArgumentException("expected a CIDR string or a list of them, got " + Py.repr(value));
    }
    List<IpRange> within = List.copyOf(networks);
    return field -> {
      if (!(field instanceof CharSequence cs)) {
        throw new IllegalArgumentException(Py.repr(field) + " does not appear to be an IPv4 or IPv6 address");
      }
      IpRange r = IpRange.address(cs.toString());
      for (IpRange n : within) {
        if (r.within(n)) {
          return true;
        }
      }
      return false;
    };
  }
}
