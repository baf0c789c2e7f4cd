package io.infrasync.adapters.netbox;

import io.infrasync.FieldLayout;
import io.infrasync.Side;
import io.infrasync.SyncRecord;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SourceLocation;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.Adapter;
import io.infrasync.testkit.EmulatorServer;
import io.infrasync.testsupport.AdapterHarness;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Test plumbing of the REST adapters beyond {@link AdapterHarness}: adapters for a running emulator,
 * configs built in code, captured logs.
 */
final class Rest {
  private Rest() {}

  /** An adapter for a running emulator, with fast retries unless the settings say otherwise. */
  static Adapter adapter(String provider, EmulatorServer server, String token, SyncConfig config, Side side,
      Map<String, Object> extra) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("url", server.baseUrl().toString());
    settings.put("token", token);
    settings.put("retry_base_delay", "5ms");
    settings.put("retry_max_delay", "50ms");
    settings.putAll(extra);
    return AdapterHarness.adapter(provider, settings, config, side);
  }

  static SyncConfig config(String source, String destination, SchemaMapping... mappings) {
    SyncConfig.Builder b = SyncConfig.builder("test").source(source, Map.of()).destination(destination, Map.of());
    for (SchemaMapping m : mappings) {
      b.mapping(m);
    }
    return b.build();
  }

  static SchemaMapping mapping(String kind, String path, List<String> identifiers, FieldMapping... fields) {
    return new SchemaMapping(kind, path, identifiers, List.of(fields), List.of(), List.of(), SourceLocation.UNKNOWN);
  }

  static SyncRecord record(FieldLayout layout, Map<String, ?> values, @Nullable String serverId) {
    return SyncRecord.of(layout, values, serverId);
  }

  /** Captures every log record of the JDK logger while open. */
  static final class Logs implements AutoCloseable {
    final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };

    Logs() {
      Logger.getLogger("").addHandler(handler);
    }

    String text() {
      StringBuilder sb = new StringBuilder();
      synchronized (records) {
        for (LogRecord r : records) {
          sb.append(r.getLevel()).append(' ').append(r.getMessage()).append('\n');
        }
      }
      return sb.toString();
    }

    @Override
    public void close() {
      Logger.getLogger("").removeHandler(handler);
    }
  }

  static Map<String, Object> settings(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
