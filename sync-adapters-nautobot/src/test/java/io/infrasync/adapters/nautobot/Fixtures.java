package io.infrasync.adapters.nautobot;

import io.infrasync.Side;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.Settings;
import io.infrasync.testkit.nautobot.NautobotServer;
import io.infrasync.testsupport.AdapterHarness;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Test plumbing of the Nautobot adapter beyond {@link AdapterHarness}. */
final class Fixtures {
  private Fixtures() {}

  static Settings settings(Map<String, Object> given, Map<String, String> env) {
    return AdapterHarness.settings("nautobot", Side.SOURCE, given, env);
  }

  /** An adapter for a running emulator, with fast retries unless {@code extra} says otherwise. */
  static Adapter adapter(NautobotServer server, SyncConfig config, Side side, Object... extra) {
    Map<String, Object> given = new HashMap<>(Map.of("url", server.baseUrl().toString(), "token", server.token(),
        "retry_base_delay", "5ms", "retry_max_delay", "50ms"));
    for (int i = 0; i < extra.length; i += 2) {
      given.put((String) extra[i], extra[i + 1]);
    }
    return AdapterHarness.adapter("nautobot", given, config, side);
  }

  static SyncConfig config(String yamlMappings) {
    return ConfigLoader.parse("name: t\nsource: {name: memory}\ndestination: {name: nautobot}\nschema_mapping:\n"
        + yamlMappings, "test.yml", null, v -> null);
  }

  static Map<String, Object> m(@Nullable Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        out.put((String) kv[i], kv[i + 1]);
      }
    }
    return out;
  }
}
