package io.infrasync.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The declaration of one adapter setting: the engine validates every configured setting against
 * these before any I/O, applies defaults and environment overrides, and reports all problems at
 * once.
 *
 * @param name the key under {@code settings:}
 * @param type its type
 * @param defaultValue the default (null: none)
 * @param required whether a value must be given (by setting or environment)
 * @param envVars environment variables that override the setting, first set wins (upstream's
 *     {@code NETBOX_URL}/{@code NETBOX_ADDRESS} rule)
 * @param doc one sentence for the docs
 */
public record SettingSpec(
    String name, Type type, @Nullable Object defaultValue, boolean required, List<String> envVars, String doc) {
  /** Setting types. {@link #SECRET} values are {@link Secret}s. */
  public enum Type {
    STRING,
    SECRET,
    BOOLEAN,
    INTEGER,
    DURATION,
    /** Any YAML value (map, list), passed through. */
    ANY
  }

  public SettingSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    envVars = List.copyOf(envVars);
    Objects.requireNonNull(doc, "doc");
  }

  public static SettingSpec optional(String name, Type type, @Nullable Object defaultValue, String doc) {
    return new SettingSpec(name, type, defaultValue, false, List.of(), doc);
  }

  public static SettingSpec required(String name, Type type, String doc) {
    return new SettingSpec(name, type, null, true, List.of(), doc);
  }

  /** The same spec overridden by environment variables. */
  public SettingSpec withEnv(String... vars) {
    return new SettingSpec(name, type, defaultValue, required, List.of(vars), doc);
  }
}
