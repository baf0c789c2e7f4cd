package io.infrasync.internal.engine;

import io.infrasync.ConfigurationException;
import io.infrasync.config.AdapterConfig;
import io.infrasync.spi.Secret;
import io.infrasync.spi.SettingSpec;
import io.infrasync.spi.Settings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Validates an adapter's settings against its declared {@link SettingSpec}s: unknown keys (with a
 * suggestion), missing required values, wrong types; applies environment overrides and defaults.
 * Every problem is reported at once; values never appear in messages.
 */
public final class SettingsResolver {
  private SettingsResolver() {}

  public static Settings resolve(
      AdapterConfig side, String sideName, List<SettingSpec> specs, Function<String, @Nullable String> env) {
    String where = side.location().toString();
    List<ConfigurationException.Problem> problems = new ArrayList<>();
    Map<String, SettingSpec> byName = new LinkedHashMap<>();
    specs.forEach(s -> byName.put(s.name(), s));
    for (String key : side.settings().keySet()) {
      if (!byName.containsKey(key)) {
        String hint = Names.nearest(key, byName.keySet()).map(n -> " Did you mean '" + n + "'?").orElse("");
        problems.add(problem(side, sideName + ".settings." + key,
            "unknown setting for adapter '" + side.adapterName() + "'." + hint + " Known settings: "
                + String.join(", ", byName.keySet())));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (SettingSpec spec : specs) {
      Object raw = null;
      String from = "settings." + spec.name();
      for (String var : spec.envVars()) {
        String v = env.apply(var);
        if (v != null && !v.isEmpty()) {
          raw = v;
          from = "environment variable " + var;
          break;
        }
      }
      if (raw == null) {
        raw = side.settings().get(spec.name());
      }
      if (raw == null) {
        raw = spec.defaultValue();
      }
      if (raw == null) {
        if (spec.required()) {
          problems.add(problem(side, sideName + ".settings." + spec.name(),
              "required setting is missing" + (spec.envVars().isEmpty() ? ""
                  : " (set it, or the environment variable " + String.join(" or ", spec.envVars()) + ")")
                  + ": " + spec.doc()));
        }
        continue;
      }
      try {
        values.put(spec.name(), convert(spec, raw));
      } catch (IllegalArgumentException e) {
        problems.add(problem(side, sideName + ".settings." + spec.name(), "from " + from + ": " + e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    Map<String, Object> frozen = Collections.unmodifiableMap(values);
    return new Settings() {
      @Override
      public @Nullable Object get(String name) {
        if (!byName.containsKey(name)) {
          throw new IllegalArgumentException("setting " + name + " is not declared");
        }
        return frozen.get(name);
      }

      @Override
      public Map<String, Object> asMap() {
        return frozen;
      }

      @Override
      public String toString() {
        return frozen.toString();
      }
    };
  }

  private static ConfigurationException.Problem problem(AdapterConfig side, String path, String msg) {
    return new ConfigurationException.Problem(side.location().file(), side.location().line(),
        side.location().column(), path, msg);
  }

  private static Object convert(SettingSpec spec, Object raw) {
    switch (spec.type()) {
      case STRING:
        if (raw instanceof Map || raw instanceof List) {
          throw new IllegalArgumentException("expected a string, got a " + typeName(raw));
        }
        return raw.toString();
      case SECRET:
        if (raw instanceof Secret s) {
          return s;
        }
        if (raw instanceof Map || raw instanceof List) {
          throw new IllegalArgumentException("expected a string, got a " + typeName(raw));
        }
        return Secret.of(raw.toString());
      case BOOLEAN:
        if (raw instanceof Boolean b) {
          return b;
        }
        String s = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("1") || s.equals("yes")) {
          return true;
        }
        if (s.equals("false") || s.equals("0") || s.equals("no")) {
          return false;
        }
        throw new IllegalArgumentException("expected true or false");
      case INTEGER:
        if (raw instanceof Number n) {
          return n.longValue();
        }
        try {
          return Long.parseLong(raw.toString().trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected a whole number", e);
        }
      case DURATION:
        return duration(raw);
      case ANY:
      default:
        return raw;
    }
  }

  /** A duration: a number of seconds, or {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601. */
  public static Duration duration(Object raw) {
    if (raw instanceof Duration d) {
      return d;
    }
    if (raw instanceof Number n) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    String s = raw.toString().trim().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      }
      if (s.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      }
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("expected a duration such as 30s, 500ms, 5m or a number of seconds", e);
    }
  }

  private static String typeName(Object o) {
    return o instanceof Map ? "map" : o instanceof List ? "list" : o.getClass().getSimpleName();
  }
}
