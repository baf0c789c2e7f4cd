package io.infrasync.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An adapter's validated settings: defaults applied, environment overrides applied, values converted
 * to their declared {@link SettingSpec.Type}. {@link #toString()} never shows secret values.
 */
public interface Settings {
  /** The value of a declared setting, or null when unset and without default. */
  @Nullable Object get(String name);

  default Optional<String> string(String name) {
    Object v = get(name);
    return v == null ? Optional.empty() : Optional.of(v.toString());
  }

  default String requireString(String name) {
    return string(name).orElseThrow(() -> new IllegalStateException("setting " + name + " is required"));
  }

  default Optional<Secret> secret(String name) {
    Object v = get(name);
    return v instanceof Secret s ? Optional.of(s) : Optional.empty();
  }

  default boolean bool(String name) {
    return Boolean.TRUE.equals(get(name));
  }

  default long integer(String name) {
    Object v = get(name);
    return v instanceof Number n ? n.longValue() : 0;
  }

  default Optional<Duration> duration(String name) {
    Object v = get(name);
    return v instanceof Duration d ? Optional.of(d) : Optional.empty();
  }

  /** Every set value (secrets as {@link Secret}). */
  Map<String, Object> asMap();
}
