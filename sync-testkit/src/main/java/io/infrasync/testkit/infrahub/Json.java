package io.infrasync.testkit.infrahub;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to parsed JSON for the Infrahub emulator; parsing and writing are the shared {@link
 * io.infrasync.testkit.internal.Json}'s.
 */
final class Json {
  private Json() {}

  /** See {@link io.infrasync.testkit.internal.Json#parse(String)}. */
  static @Nullable Object parse(String text) {
    return io.infrasync.testkit.internal.Json.parse(text);
  }

  static String write(@Nullable Object value) {
    return io.infrasync.testkit.internal.Json.writeString(value);
  }

  static Map<String, @Nullable Object> object(@Nullable Object value, String what) {
    return io.infrasync.testkit.internal.Json.object(value, what);
  }

  static List<@Nullable Object> array(@Nullable Object value, String what) {
    return io.infrasync.testkit.internal.Json.array(value, what);
  }

  static String string(@Nullable Object value, String what) {
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(what + ": expected a string, got " + describe(value));
  }

  static @Nullable String optString(@Nullable Object value, String what) {
    return value == null ? null : string(value, what);
  }

  static boolean bool(@Nullable Object value, boolean fallback, String what) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(what + ": expected a boolean, got " + describe(value));
  }

  static @Nullable Integer optInt(@Nullable Object value, String what) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.intValue();
    }
    throw new IllegalArgumentException(what + ": expected a number, got " + describe(value));
  }

  /** A value for messages: strings quoted, scalars as written, containers by type. */
  static String describe(@Nullable Object value) {
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return io.infrasync.testkit.internal.Json.describe(value);
  }
}
