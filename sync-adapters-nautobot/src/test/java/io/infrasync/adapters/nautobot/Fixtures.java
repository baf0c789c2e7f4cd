package io.infrasync.adapters.nautobot;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Side;
import io.infrasync.SyncRecord;
import io.infrasync.config.AdapterConfig;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
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
import io.infrasync.testkit.nautobot.NautobotServer;
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
import org.jspecify.annotations.Nullable;

/** Test plumbing: a Nautobot adapter built as the engine builds it, hand-built write batches. */
final class Fixtures {
  static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "nautobot-test");
    t.setDaemon(true);
    return t;
  });

  private Fixtures() {}

  static AdapterProvider provider(String name) {
    return ServiceLoader.load(AdapterProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  static Settings settings(Map<String, Object> given, Map<String, String> env) {
    return SettingsResolver.resolve(new AdapterConfig("nautobot", given), "source", provider("nautobot").settings(),
        env::get);
  }

  static Adapter adapter(NautobotServer server, SyncConfig config, Side side, Object... extra) {
    Map<String, Object> given = new HashMap<>(Map.of("url", server.baseUrl().toString(), "token", server.token(),
        "retry_base_delay", "5ms", "retry_max_delay", "50ms"));
    for (int i = 0; i < extra.length; i += 2) {
      given.put((String) extra[i], extra[i + 1]);
    }
    Settings resolved = settings(given, Map.of());
    return provider("nautobot").create(new AdapterContext() {
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

  static SyncConfig config(String yamlMappings) {
    return ConfigLoader.parse("name: t\nsource: {name: memory}\ndestination: {name: nautobot}\nschema_mapping:\n"
        + yamlMappings, "test.yml", null, v -> null);
  }

  static ReadRequest request(SyncConfig config, Side side, String resource) {
    List<SchemaMapping> entries = config.schemaMapping().stream().filter(m -> resource.equals(m.mapping())).toList();
    return new ReadRequest(side, resource, entries.get(0).name(), entries);
  }

  static List<RawRecord> read(Adapter a, ReadRequest r) {
    List<RawRecord> out = Collections.synchronizedList(new ArrayList<>());
    a.read(r, out::add);
    return new ArrayList<>(out);
  }

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
          refs.put(f.name(), new FieldLayout.Reference(f.reference(), f.name().equals("tags")));
        }
      }
    }
    return FieldLayout.of(kind, names, ids, refs);
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
}
