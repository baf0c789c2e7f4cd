package io.infrasync.testkit;

import java.util.Locale;
import java.util.Objects;

/**
 * Selects requests, for {@link Faults} rules. Combine with
 * {@link #and} and {@link #or}.
 */
@FunctionalInterface
public interface RequestMatcher {
  /** Whether {@code request} is selected. */
  boolean matches(EmulatorRequest request);

  /** Every request. */
  static RequestMatcher any() {
    return r -> true;
  }

  /** Requests with this HTTP method (case-insensitive); {@code "*"} means any method. */
  static RequestMatcher method(String method) {
    String m = method.toUpperCase(Locale.ROOT);
    return m.equals("*") ? any() : r -> r.method().equals(m);
  }

  /** Requests whose decoded path starts with {@code prefix}, e.g. {@code /api/dcim/devices/}. */
  static RequestMatcher pathPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return r -> r.path().startsWith(prefix);
  }

  /** Requests with this method ({@code "*"} for any) and a path starting with {@code prefix}. */
  static RequestMatcher of(String method, String pathPrefix) {
    return method(method).and(pathPrefix(pathPrefix));
  }

  /** Both this and {@code other}. */
  default RequestMatcher and(RequestMatcher other) {
    Objects.requireNonNull(other, "other");
    return r -> matches(r) && other.matches(r);
  }

  /** This or {@code other}. */
  default RequestMatcher or(RequestMatcher other) {
    Objects.requireNonNull(other, "other");
    return r -> matches(r) || other.matches(r);
  }
}
