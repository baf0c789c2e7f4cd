package io.infrasync.internal.config;

import io.infrasync.Values;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Fail-fast argument and state checks for the builders (Caffeine's {@code requireArgument} style). */
public final class Checks {
  private Checks() {}

  public static void requireArgument(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public static void requireState(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }

  /** A non-null, non-blank name. */
  public static String requireName(@Nullable String value, String what) {
    Objects.requireNonNull(value, what);
    requireArgument(!value.isBlank(), what + " must not be blank");
    return value;
  }

  /**
   * Adapter settings given in code: non-null keys and values, converted to the value domain of
   * {@link Values} (nested lists and maps may hold nulls). Values are never shown in messages.
   */
  public static Map<String, Object> settings(Map<String, ?> settings, String what) {
    Objects.requireNonNull(settings, what);
    Map<String, Object> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> {
      requireArgument(k != null, what + ": a key is null");
      requireArgument(v != null, what + ": the value of `" + k + "` is null (leave the key out instead)");
      out.put(k, Objects.requireNonNull(Values.normalize(v)));
    });
    return Collections.unmodifiableMap(out);
  }
}
