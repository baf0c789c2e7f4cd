package io.infrasync.adapters.infrahub.internal;

import io.infrasync.Side;
import io.infrasync.config.AdapterConfig;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.Secret;
import io.infrasync.spi.SettingSpec;
import io.infrasync.spi.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/** Adapter contexts for direct adapter tests. */
final class Contexts {
  static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "infrahub-test");
    t.setDaemon(true);
    return t;
  });

  private Contexts() {}

  /**
   * The declared settings with defaults and environment overrides applied; values are given already
   * typed (Long, Boolean, Duration, Secret) or as strings for STRING and SECRET settings.
   */
  static Settings settings(Map<String, Object> given, Map<String, String> env) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (SettingSpec spec : InfrahubSettings.specs()) {
      Object v = spec.envVars().stream().map(env::get).filter(x -> x != null).findFirst().orElse(null);
      if (v == null) {
        v = given.get(spec.name());
      }
      if (v == null) {
        v = spec.defaultValue();
      }
      if (v == null) {
        continue;
      }
      if (spec.type() == SettingSpec.Type.SECRET && !(v instanceof Secret)) {
        v = Secret.of(v.toString());
      } else if (spec.type() == SettingSpec.Type.INTEGER && v instanceof Number n) {
        v = n.longValue();
      } else if (spec.type() == SettingSpec.Type.DURATION && v instanceof Number n) {
        v = Duration.ofMillis(Math.round(n.doubleValue() * 1000));
      }
      values.put(spec.name(), v);
    }
    return new Settings() {
      @Override
      public @Nullable Object get(String name) {
        return values.get(name);
      }

      @Override
      public Map<String, Object> asMap() {
        return values;
      }
    };
  }

  static AdapterContext of(SyncConfig config, Side side, @Nullable String branch) {
    return of(config, side, branch, Map.of());
  }

  static AdapterContext of(SyncConfig config, Side side, @Nullable String branch, Map<String, String> env) {
    AdapterConfig ac = side == Side.SOURCE ? config.source() : config.destination();
    Settings settings = settings(ac.settings(), env);
    return new AdapterContext() {
      @Override
      public Settings settings() {
        return settings;
      }

      @Override
      public Side side() {
        return side;
      }

      @Override
      public SyncConfig config() {
        return config;
      }

      @Override
      public Path baseDirectory() {
        return Path.of(".");
      }

      @Override
      public Optional<String> branch() {
        return Optional.ofNullable(branch);
      }

      @Override
      public Executor executor() {
        return POOL;
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }
    };
  }
}
