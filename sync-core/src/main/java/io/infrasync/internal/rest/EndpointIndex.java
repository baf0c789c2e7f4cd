package io.infrasync.internal.rest;

import io.infrasync.Key;
import io.infrasync.SyncRecord;
import io.infrasync.Values;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.WriteContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where the records of a kind that is fed by several endpoints live. NetBox ids are per table, so id 3
 * of {@code dcim.device-roles} and id 3 of {@code dcim.rack-roles} are different records of the same
 * kind; an update or delete must reach the right table. For such kinds only, every record read
 * is remembered by endpoint and id with a fingerprint of its identifier values, so that a write can
 * find the endpoint a record came from.
 */
final class EndpointIndex {
  private final String adapter;
  private final SyncConfig config;
  /** (kind, path) → id → identifier fingerprint. */
  private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
  /** (kind, path) read in full in this run. */
  private final java.util.Set<String> full = ConcurrentHashMap.newKeySet();
  /** (kind, path, id) looked up and not found. */
  private final java.util.Set<String> absent = ConcurrentHashMap.newKeySet();

  EndpointIndex(String adapter, SyncConfig config) {
    this.adapter = adapter;
    this.config = config;
  }

  /** The entries of a kind that name an endpoint. */
  List<SchemaMapping> entries(String kind) {
    return config.mappingsOf(kind).stream().filter(m -> m.mapping() != null).toList();
  }

  /**
   * The tracker for a read of {@code path} serving {@code entries}: null when no kind read there has
   * several endpoints. A full read replaces what was known of the path.
   */
  @Nullable Tracker tracker(String path, List<SchemaMapping> entries, boolean full) {
    List<SchemaMapping> tracked = new ArrayList<>();
    for (SchemaMapping m : entries) {
      if (m.mapping() != null && entries(m.name()).size() > 1 && path.equals(ApiPath.of(adapter, m.mapping()))) {
        tracked.add(m);
        String k = key(m.name(), path);
        if (full) {
          seen.put(k, new ConcurrentHashMap<>());
          this.full.add(k);
        } else {
          seen.computeIfAbsent(k, x -> new ConcurrentHashMap<>());
        }
      }
    }
    return tracked.isEmpty() ? null : new Tracker(path, tracked);
  }

  /** Remembers the records of one read. */
  final class Tracker {
    private final String path;
    private final List<SchemaMapping> entries;

    private Tracker(String path, List<SchemaMapping> entries) {
      this.path = path;
      this.entries = entries;
    }

    void note(Map<String, @Nullable Object> data) {
      String id = JsonValues.id(data);
      if (id == null) {
        return;
      }
      for (SchemaMapping m : entries) {
        Objects.requireNonNull(seen.get(key(m.name(), path))).put(id, fingerprint(data, m));
      }
    }
  }

  /**
   * Whether a record with this id was read (or looked up) at the path for the kind; null when this run
   * has not read the whole path and has not looked the id up.
   */
  @Nullable Boolean holds(String kind, String path, String id) {
    String k = key(kind, path);
    Map<String, String> ids = seen.get(k);
    if (ids != null && ids.containsKey(id)) {
      return true;
    }
    return full.contains(k) || absent.contains(k + "\u0000" + id) ? false : null;
  }

  /** Records the answer of a look-up of one id at a path: the record, or null when it is not there. */
  void lookedUp(SchemaMapping m, String path, String id, @Nullable Map<String, @Nullable Object> data) {
    String k = key(m.name(), path);
    if (data == null) {
      absent.add(k + "\u0000" + id);
    } else {
      seen.computeIfAbsent(k, x -> new ConcurrentHashMap<>()).put(id, fingerprint(data, m));
    }
  }

  /** The fingerprint of the record with this id read from the path, or null. */
  @Nullable String fingerprintOf(String kind, String path, String id) {
    Map<String, String> ids = seen.get(key(kind, path));
    return ids == null ? null : ids.get(id);
  }

  /** The identifier values of a record as read, in the entry's identifier order. */
  static String fingerprint(Map<String, @Nullable Object> data, SchemaMapping m) {
    List<String> parts = new ArrayList<>();
    for (String name : m.identifiers()) {
      FieldMapping f = field(m, name);
      if (f == null) {
        parts.add("?");
      } else if (f.hasStatic()) {
        parts.add(Values.display(Values.normalize(f.staticValue())));
      } else {
        Object v = extract(data, Objects.requireNonNull(f.mapping()));
        parts.add(f.reference() != null ? ids(v) : Values.display(Values.normalize(flat(v))));
      }
    }
    return String.join("\u0001", parts);
  }

  /** The same fingerprint for a record the engine holds (references as the peers' server ids). */
  static @Nullable String fingerprint(SyncRecord r, SchemaMapping m, WriteContext ctx) {
    List<String> parts = new ArrayList<>();
    for (String name : m.identifiers()) {
      FieldMapping f = field(m, name);
      int i = r.layout().indexOf(name);
      if (f == null || i < 0) {
        parts.add("?");
        continue;
      }
      Object v = r.get(i);
      if (f.reference() != null && !f.hasStatic()) {
        List<String> peers = new ArrayList<>();
        for (Object o : v instanceof List<?> l ? l : v == null ? List.of() : List.of(v)) {
          String id = o instanceof Key k ? ctx.serverId(f.reference(), k) : String.valueOf(o);
          if (id == null) {
            return null;
          }
          peers.add(id);
        }
        Collections.sort(peers);
        parts.add(String.join(",", peers));
      } else {
        parts.add(Values.display(v));
      }
    }
    return String.join("\u0001", parts);
  }

  private static @Nullable FieldMapping field(SchemaMapping m, String name) {
    FieldMapping found = null;
    for (FieldMapping f : m.fields()) {
      if (f.name().equals(name) && (found == null || (found.mapping() != null && found.mapping().contains(".")))) {
        found = f;
      }
    }
    return found;
  }

  private static String ids(@Nullable Object v) {
    List<String> out = new ArrayList<>();
    for (Object o : v instanceof List<?> l ? l : v == null ? List.of() : List.of(v)) {
      Object id = flat(o);
      out.add(String.valueOf(id));
    }
    Collections.sort(out);
    return String.join(",", out);
  }

  private static @Nullable Object flat(@Nullable Object v) {
    if (v instanceof Map<?, ?> map) {
      if (map.containsKey("id")) {
        return map.get("id");
      }
      if (map.containsKey("value")) {
        return map.get("value");
      }
    }
    return v;
  }

  /** The value at a dotted path of a JSON-like map, or null. */
  static @Nullable Object extract(Map<String, @Nullable Object> data, String path) {
    Object cur = data;
    for (String seg : path.split("\\.")) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(seg);
    }
    return cur;
  }

  private static String key(String kind, String path) {
    return kind + "\u0000" + path;
  }
}
