package io.infrasync.adapters.netbox;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Side;
import io.infrasync.SyncRecord;
import io.infrasync.config.AdapterConfig;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SourceLocation;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.engine.SettingsResolver;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.AdapterProvider;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.Settings;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import io.infrasync.testkit.EmulatorServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/** Test plumbing: adapters built the way the engine builds them, hand-built batches, captured logs. */
final class Rest {
  static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "rest-test");
    t.setDaemon(true);
    return t;
  });

  private Rest() {}

  static AdapterProvider provider(String name) {
    return ServiceLoader.load(AdapterProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  /** An adapter for a running emulator, with fast retries unless the settings say otherwise. */
  static Adapter adapter(String provider, EmulatorServer server, String token, SyncConfig config, Side side,
      Map<String, Object> extra) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("url", server.baseUrl().toString());
    settings.put("token", token);
    settings.put("retry_base_delay", "5ms");
    settings.put("retry_max_delay", "50ms");
    settings.putAll(extra);
    AdapterProvider p = provider(provider);
    Settings resolved = SettingsResolver.resolve(new AdapterConfig(provider, settings), side.name().toLowerCase(
        java.util.Locale.ROOT), p.settings(), v -> null);
    return p.create(new AdapterContext() {
      @Override
      public Settings settings() {
        return resolved;
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
        return Optional.empty();
      }

      @Override
      public java.util.concurrent.Executor executor() {
        return POOL;
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }
    });
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

  /** A read request for every entry of the config reading {@code resource}. */
  static ReadRequest request(SyncConfig config, Side side, String resource) {
    List<SchemaMapping> entries = config.schemaMapping().stream().filter(m -> resource.equals(m.mapping())).toList();
    return new ReadRequest(side, resource, entries.get(0).name(), entries);
  }

  static List<RawRecord> read(Adapter a, ReadRequest r) {
    List<RawRecord> out = Collections.synchronizedList(new ArrayList<>());
    a.read(r, out::add);
    return new ArrayList<>(out);
  }

  /** The layout of a kind as the engine would build it from its entries. */
  static FieldLayout layout(SyncConfig config, String kind) {
    List<String> names = new ArrayList<>();
    Map<String, FieldLayout.Reference> refs = new HashMap<>();
    List<String> ids = List.of();
    for (SchemaMapping m : config.mappingsOf(kind)) {
      ids = m.identifiers();
      for (FieldMapping f : m.fields()) {
        if (!names.contains(f.name())) {
          names.add(f.name());
        }
        if (f.reference() != null) {
          refs.put(f.name(), new FieldLayout.Reference(f.reference(), f.name().endsWith("s")));
        }
      }
    }
    return FieldLayout.of(kind, names, ids, refs);
  }

  static SyncRecord record(FieldLayout layout, Map<String, ?> values, @Nullable String serverId) {
    return SyncRecord.of(layout, values, serverId);
  }

  static Change create(SyncRecord r) {
    List<AttributeChange> attrs = new ArrayList<>();
    r.fields().forEach((k, v) -> {
      if (v != null && !r.layout().identifiers().contains(k)) {
        attrs.add(new AttributeChange(k, null, v));
      }
    });
    return new Change(Action.CREATE, r.kind(), r.key(), r, null, attrs, 0);
  }

  static Change update(SyncRecord from, SyncRecord to) {
    List<AttributeChange> attrs = new ArrayList<>();
    to.fields().forEach((k, v) -> {
      if (!java.util.Objects.equals(from.get(k), v)) {
        attrs.add(new AttributeChange(k, from.get(k), v));
      }
    });
    return new Change(Action.UPDATE, to.kind(), to.key(), to, from, attrs, 0);
  }

  static Change delete(SyncRecord r) {
    return new Change(Action.DELETE, r.kind(), r.key(), null, r, List.of(), 0);
  }

  static List<WriteOutcome> write(Adapter a, Ids ids, Action action, FieldLayout layout, List<Change> changes) {
    List<WriteOutcome> out = a.write(new WriteBatch(layout.kind(), action, layout, changes), ids);
    for (int i = 0; i < out.size(); i++) {
      WriteOutcome o = out.get(i);
      if (o.ok() && action == Action.CREATE && o.serverId() != null) {
        ids.put(layout.kind(), changes.get(i).key(), o.serverId());
      }
    }
    return out;
  }

  /** The engine's id book: server ids by kind and key. */
  static final class Ids implements WriteContext {
    private final SyncConfig config;
    private final Map<String, Map<Key, String>> ids = new ConcurrentHashMap<>();

    Ids(SyncConfig config) {
      this.config = config;
    }

    void put(String kind, Key key, String id) {
      ids.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).put(key, id);
    }

    @Override
    public @Nullable String serverId(String kind, Key key) {
      Map<Key, String> m = ids.get(kind);
      return m == null ? null : m.get(key);
    }

    @Override
    public List<SchemaMapping> mappingsOf(String kind) {
      return config.mappingsOf(kind);
    }

    @Override
    public String sourceName() {
      return config.source().name();
    }
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
