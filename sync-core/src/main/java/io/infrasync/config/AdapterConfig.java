package io.infrasync.config;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code source} or {@code destination}: the adapter {@code name}, an optional explicit
 * {@code adapter} spec, and its {@code settings} (after {@code ${VAR}} expansion). Settings values are
 * never printed: {@link #toString()} shows the keys only.
 */
public record AdapterConfig(
    String name, @Nullable String adapter, Map<String, Object> settings, SourceLocation location) {
  public AdapterConfig {
    Objects.requireNonNull(name, "name");
    settings = Map.copyOf(settings);
    Objects.requireNonNull(location, "location");
  }

  public AdapterConfig(String name, Map<String, Object> settings) {
    this(name, null, settings, SourceLocation.UNKNOWN);
  }

  /** The adapter to look up: {@code adapter} when given, else {@code name}. */
  public String adapterName() {
    return adapter != null ? adapter : name;
  }

  @Override
  public String toString() {
    return "AdapterConfig[name=" + name + ", adapter=" + adapter + ", settings=" + settings.keySet() + "]";
  }
}
