package io.infrasync.adapters.infrahub.internal;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Side;
import io.infrasync.SyncRecord;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import io.infrasync.testkit.infrahub.InfrahubServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** A small mapping of tags, locations, racks and devices on the emulator's example schema, and helpers. */
final class Fixture {
  static final FieldLayout TAG = FieldLayout.of("BuiltinTag", List.of("name", "description"), List.of("name"),
      Map.of());
  static final FieldLayout LOCATION = FieldLayout.of("LocationGeneric", List.of("name", "type"), List.of("name"),
      Map.of());
  static final FieldLayout RACK = FieldLayout.of("InfraRack", List.of("name", "location"),
      List.of("name", "location"), Map.of("location", new FieldLayout.Reference("LocationGeneric", false)));
  static final FieldLayout DEVICE = FieldLayout.of("InfraDevice",
      List.of("name", "description", "location", "rack", "tags"), List.of("location", "name"),
      Map.of("location", new FieldLayout.Reference("LocationGeneric", false),
          "rack", new FieldLayout.Reference("InfraRack", false),
          "tags", new FieldLayout.Reference("BuiltinTag", true)));

  private Fixture() {}

  static SyncConfig config(InfrahubServer server, Map<String, Object> settings) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("url", server.baseUrl().toString());
    s.put("token", InfrahubServer.DEFAULT_TOKEN);
    s.putAll(settings);
    return SyncConfig.builder("fixture")
        .source("memory", Map.of())
        .destination("infrahub", s)
        .mapping(SchemaMapping.builder("BuiltinTag").mapping("extras.tags").identifiers("name")
            .field("name", "name").field("description", "description").build())
        .mapping(SchemaMapping.builder("LocationGeneric").mapping("dcim.sites").identifiers("name")
            .field("name", "slug").staticField("type", "Site").build())
        .mapping(SchemaMapping.builder("InfraRack").mapping("dcim.racks").identifiers("name", "location")
            .field("name", "name").reference("location", "site", "LocationGeneric").build())
        .mapping(SchemaMapping.builder("InfraDevice").mapping("dcim.devices").identifiers("location", "name")
            .field("name", "name").field("description", "description")
            .reference("location", "site", "LocationGeneric").reference("rack", "rack", "InfraRack")
            .reference("tags", "tags", "BuiltinTag").build())
        .build();
  }

  static InfrahubAdapter adapter(InfrahubServer server, Map<String, Object> settings) {
    return adapter(server, settings, null);
  }

  static InfrahubAdapter adapter(InfrahubServer server, Map<String, Object> settings, @Nullable String branch) {
    return new InfrahubAdapter(Contexts.of(config(server, settings), Side.DESTINATION, branch));
  }

  static ReadRequest request(SyncConfig config, String kind) {
    return new ReadRequest(Side.DESTINATION, kind, kind, config.mappingsOf(kind));
  }

  static List<RawRecord> read(InfrahubAdapter adapter, SyncConfig config, String kind) {
    List<RawRecord> out = Collections.synchronizedList(new ArrayList<>());
    adapter.read(request(config, kind), out::add);
    return out;
  }

  static Map<String, @Nullable Object> map(@Nullable Object... kv) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static SyncRecord record(FieldLayout layout, @Nullable String serverId, @Nullable Object... kv) {
    return SyncRecord.of(layout, map(kv), serverId);
  }

  static Change create(SyncRecord r) {
    return new Change(Action.CREATE, r.kind(), r.key(), r, null, List.of(), 0);
  }

  static Change update(SyncRecord from, String field, @Nullable Object to) {
    return new Change(Action.UPDATE, from.kind(), from.key(), from, from,
        List.of(new AttributeChange(field, from.get(field), to)), 0);
  }

  static Change delete(SyncRecord r) {
    return new Change(Action.DELETE, r.kind(), r.key(), null, r, List.of(), 0);
  }

  static List<WriteOutcome> write(InfrahubAdapter adapter, Ids ids, List<Change> changes) {
    Change first = changes.get(0);
    SyncRecord any = first.source() != null ? first.source() : first.destination();
    FieldLayout layout = java.util.Objects.requireNonNull(any).layout();
    List<WriteOutcome> outcomes = adapter.write(new WriteBatch(first.kind(), first.action(), layout, changes), ids);
    for (int i = 0; i < changes.size(); i++) {
      WriteOutcome o = outcomes.get(i);
      if (o.ok() && first.action() == Action.CREATE && o.serverId() != null) {
        ids.put(first.kind(), changes.get(i).key(), o.serverId());
      }
    }
    return outcomes;
  }

  /** The engine's side of a write: server ids of known records. */
  static final class Ids implements WriteContext {
    private final Map<String, String> ids = new ConcurrentHashMap<>();
    private final SyncConfig config;

    Ids(SyncConfig config) {
      this.config = config;
    }

    Ids put(String kind, Key key, String id) {
      ids.put(kind + "/" + key, id);
      return this;
    }

    @Override
    public @Nullable String serverId(String kind, Key key) {
      return ids.get(kind + "/" + key);
    }

    @Override
    public List<SchemaMapping> mappingsOf(String kind) {
      return config.mappingsOf(kind);
    }

    @Override
    public String sourceName() {
      return "memory";
    }
  }
}
