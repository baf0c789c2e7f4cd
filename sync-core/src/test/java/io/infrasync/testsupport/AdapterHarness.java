package io.infrasync.testsupport;

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
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * Drives an adapter the way the engine does, without the engine: built through its {@link
 * AdapterProvider} with resolved settings, read with the engine's requests, written with hand-built
 * batches and an id book. Shared by the adapter modules' tests (the {@code sync-core} test jar).
 */
public final class AdapterHarness {
  public static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "adapter-test");
    t.setDaemon(true);
    return t;
  });

  private AdapterHarness() {}

  public static AdapterProvider provider(String name) {
    return ServiceLoader.load(AdapterProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  /** The settings as the engine resolves them for {@code side} ({@code ${VAR}} from {@code env}). */
  public static Settings settings(String provider, Side side, Map<String, Object> given, Map<String, String> env) {
    return SettingsResolver.resolve(new AdapterConfig(provider, given), side.name().toLowerCase(Locale.ROOT),
        provider(provider).settings(), env::get);
  }

  /** An adapter built by its provider, as the engine builds it. */
  public static Adapter adapter(String provider, Map<String, Object> settings, SyncConfig config, Side side) {
    Settings resolved = settings(provider, side, settings, Map.of());
    return provider(provider).create(new AdapterContext() {
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
      public Executor executor() {
        return POOL;
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }
    });
  }

  /** A read request for every entry of the config reading {@code resource}. */
  public static ReadRequest request(SyncConfig config, Side side, String resource) {
    List<SchemaMapping> entries = config.schemaMapping().stream().filter(m -> resource.equals(m.mapping())).toList();
    return new ReadRequest(side, resource, entries.get(0).name(), entries);
  }

  public static List<RawRecord> read(Adapter a, ReadRequest r) {
    List<RawRecord> out = Collections.synchronizedList(new ArrayList<>());
    a.read(r, out::add);
    return new ArrayList<>(out);
  }

  /**
   * The layout of a kind built from its entries; a reference field whose name ends in {@code s}
   * ({@code tags}) holds many.
   */
  public static FieldLayout layout(SyncConfig config, String kind) {
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

  public static Change create(SyncRecord r) {
    List<AttributeChange> attrs = new ArrayList<>();
    r.fields().forEach((k, v) -> {
      if (v != null && !r.layout().identifiers().contains(k)) {
        attrs.add(new AttributeChange(k, null, v));
      }
    });
    return new Change(Action.CREATE, r.kind(), r.key(), r, null, attrs, 0);
  }

  public static Change update(SyncRecord from, SyncRecord to) {
    List<AttributeChange> attrs = new ArrayList<>();
    to.fields().forEach((k, v) -> {
      if (!java.util.Objects.equals(from.get(k), v)) {
        attrs.add(new AttributeChange(k, from.get(k), v));
      }
    });
    return new Change(Action.UPDATE, to.kind(), to.key(), to, from, attrs, 0);
  }

  public static Change delete(SyncRecord r) {
    return new Change(Action.DELETE, r.kind(), r.key(), null, r, List.of(), 0);
  }

  /** Writes one batch and books the server ids of what it created, as the engine does. */
  public static List<WriteOutcome> write(Adapter a, Ids ids, Action action, FieldLayout layout, List<Change> changes) {
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
  public static final class Ids implements WriteContext {
    private final SyncConfig config;
    private final Map<String, Map<Key, String>> ids = new ConcurrentHashMap<>();

    public Ids(SyncConfig config) {
      this.config = config;
    }

    public void put(String kind, Key key, String id) {
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
