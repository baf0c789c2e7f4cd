package io.infrasync.config;

import java.util.Map;
import java.util.Objects;

/** {@code store}: kept for compatibility; InfraSync holds records in memory (see the config docs). */
public record StoreConfig(String type, Map<String, Object> settings) {
  public StoreConfig {
    Objects.requireNonNull(type, "type");
    settings = Map.copyOf(settings);
  }

  @Override
  public String toString() {
    return "StoreConfig[type=" + type + ", settings=" + settings.keySet() + "]";
  }
}
