package io.infrasync.internal.mapping;

import io.infrasync.ConfigurationException;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.MappingException;
import io.infrasync.Side;
import io.infrasync.SyncError;
import io.infrasync.SyncRecord;
import io.infrasync.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns one side's pending records into {@link SyncRecord}s: computes keys, resolves references
 * through hash indexes (server id and display form, never scans), and detects duplicate keys.
 *
 * <p>Kinds are keyed in the given order, so that an identifier that is a reference finds its peer's
 * key; every other reference is resolved once all kinds are keyed (self-references and references
 * across a broken cycle work). A reference is a peer's server id (a nested object), matched among
 * the ids of the referenced kind's records (with the object's {@code url} telling resources apart
 * when several share the id, as NetBox regions, sites and locations do), or a peer's key in
 * {@code "__"}-joined display form. A list of references becomes a sorted list of distinct keys.
 *
 * <p>Without {@code continueOnError} the first problem throws {@link MappingException}. With it,
 * the record is skipped and reported as a {@link SyncError}; its key, when computable, is listed in
 * {@link Assembly#skippedKeys()} so that the engine neither updates nor deletes it; records that
 * reference a skipped record are skipped too.
 */
public final class RecordAssembler {
  private static final String REFERENCE_HINT =
      "check that the referenced record exists on this side and is not filtered out";

  /**
   * The result of {@link #assemble}.
   *
   * @param recordsByKind the records, per kind in the given order, each list in input order
   * @param errors what was skipped and why (only with {@code continueOnError})
   * @param skippedKeys per kind, the keys of skipped records (to leave alone on the other side)
   */
  public record Assembly(Map<String, List<SyncRecord>> recordsByKind, List<SyncError> errors,
      Map<String, Set<Key>> skippedKeys) {
    public Assembly {
      Map<String, List<SyncRecord>> records = new LinkedHashMap<>();
      recordsByKind.forEach((k, v) -> records.put(k, List.copyOf(v)));
      recordsByKind = Collections.unmodifiableMap(records);
      errors = List.copyOf(errors);
      Map<String, Set<Key>> skipped = new LinkedHashMap<>();
      skippedKeys.forEach((k, v) -> skipped.put(k, Set.copyOf(v)));
      skippedKeys = Collections.unmodifiableMap(skipped);
    }
  }

  /** A reference that cannot be resolved; the message says why. */
  private static final class Unresolved extends Exception {
    private static final long serialVersionUID = 1L;

    Unresolved(String message) {
      super(message, null, false, false);
    }
  }

  private record Entry(Key key, @Nullable String resource) {}

  /** A keyed record on its way to a {@link SyncRecord}. */
  private static final class Keyed {
    final PendingRecord pending;
    final Key key;
    final @Nullable Object[] values;
    boolean skipped;

    Keyed(PendingRecord pending, Key key, @Nullable Object[] values) {
      this.pending = pending;
      this.key = key;
      this.values = values;
    }
  }

  /**
   * The records of one kind by server id and by display form. Each map is built on its first
   * lookup, so a kind nobody references by id (or by display form) never pays for that map.
   */
  private static final class KindIndex {
    private final String kind;
    private final List<Entry> entries;
    private final List<@Nullable String> serverIds;
    private @Nullable Map<String, Object> byId;
    private @Nullable Map<String, Object> byDisplay;
    /** Former display forms of records whose key changed since the snapshot, to their server ids. */
    private final Map<String, String> formerDisplays = new HashMap<>();

    KindIndex(String kind, int size) {
      this.kind = kind;
      this.entries = new ArrayList<>(size);
      this.serverIds = new ArrayList<>(size);
    }

    void add(Key key, @Nullable String serverId, @Nullable String resource) {
      entries.add(new Entry(key, resource));
      serverIds.add(serverId);
    }

    @SuppressWarnings("unchecked")
    private static <T> void put(Map<String, Object> map, String k, T v) {
      map.merge(k, v, (old, x) -> {
        List<T> l = old instanceof List<?> ? (List<T>) old : new ArrayList<>(List.of((T) old));
        l.add(v);
        return l;
      });
    }

    private Map<String, Object> byId() {
      Map<String, Object> m = byId;
      if (m == null) {
        m = new HashMap<>(capacity(entries.size()));
        for (int i = 0; i < entries.size(); i++) {
          String id = serverIds.get(i);
          if (id != null) {
            put(m, id, entries.get(i));
          }
        }
        byId = m;
      }
      return m;
    }

    private Map<String, Object> byDisplay() {
      Map<String, Object> m = byDisplay;
      if (m == null) {
        m = new HashMap<>(capacity(entries.size()));
        for (Entry e : entries) {
          put(m, e.key().toString(), e.key());
        }
        byDisplay = m;
      }
      return m;
    }

    @SuppressWarnings("unchecked")
    Key resolve(RefToken token) throws Unresolved {
      if (token instanceof RefToken.ById b) {
        Object hit = byId().get(b.id());
        if (hit == null) {
          throw new Unresolved("no `" + kind + "` record with id " + b.id() + (b.url() == null ? "" : " (" + b.url() + ")"));
        }
        if (hit instanceof Entry e) {
          return e.key();
        }
        List<Entry> candidates = (List<Entry>) hit;
        List<Entry> fromUrl = b.url() == null ? List.of()
            : candidates.stream().filter(e -> e.resource() != null && urlNames(b.url(), e.resource())).toList();
        if (fromUrl.size() == 1) {
          return fromUrl.get(0).key();
        }
        throw new Unresolved("id " + b.id() + " matches " + candidates.size() + " `" + kind + "` records ("
            + String.join(", ", candidates.stream().map(e -> e.resource() + ": `" + e.key() + "`").toList())
            + ") and " + (b.url() == null ? "the reference has no url" : "its url " + b.url()) + " does not tell which");
      }
      String display = ((RefToken.ByDisplay) token).display();
      Object hit = byDisplay().get(display);
      if (hit == null) {
        String formerOwner = formerDisplays.get(display);
        if (formerOwner != null) {
          // an unchanged record hydrated from the snapshot names a peer by the key it had then
          return resolve(new RefToken.ById(formerOwner, null));
        }
        throw new Unresolved("no `" + kind + "` record with key `" + display + "`");
      }
      if (hit instanceof Key k) {
        return k;
      }
      List<Key> keys = (List<Key>) hit;
      throw new Unresolved("key `" + display + "` is ambiguous: `" + kind + "` records "
          + String.join(" and ", keys.stream().map(k -> k.components().toString()).toList())
          + " have the same `__`-joined form");
    }

    /**
     * Whether a nested object's url points into a resource. pynetbox spells endpoints with
     * underscores ({@code dcim.device_roles}) where the URL has dashes ({@code dcim/device-roles}).
     */
    private static boolean urlNames(String url, String resource) {
      url = url.replace('_', '-');
      String path = resource.replace('.', '/').replace('_', '-');
      while (path.startsWith("/")) {
        path = path.substring(1);
      }
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return url.contains("/" + path + "/");
    }
  }

  private final Side side;
  private final Map<String, FieldLayout> layouts;
  private final boolean continueOnError;
  private final Map<String, KindIndex> indexes = new HashMap<>();
  private final List<SyncError> errors = new ArrayList<>();
  private final Map<String, Set<Key>> skipped = new LinkedHashMap<>();

  private RecordAssembler(Side side, Map<String, FieldLayout> layouts, boolean continueOnError) {
    this.side = side;
    this.layouts = layouts;
    this.continueOnError = continueOnError;
  }

  /**
   * Keys and resolves one side's records.
   *
   * @param side the side (for messages and {@link SyncError#destId()})
   * @param pendingByKind the mapped records per kind (every kind must be in {@code kindsInOrder})
   * @param layouts the layout of every mapped kind
   * @param kindsInOrder the kinds in tier order: a kind comes after the kinds its identifiers
   *     reference
   * @param continueOnError skip and report bad records instead of throwing
   * @throws ConfigurationException when an identifier references its own kind, or a kind that comes
   *     later in the order
   * @throws MappingException without {@code continueOnError}, for the first unresolvable reference,
   *     duplicate key or record without identifiers
   */
  public static Assembly assemble(Side side, Map<String, List<PendingRecord>> pendingByKind,
      Map<String, FieldLayout> layouts, List<String> kindsInOrder, boolean continueOnError) {
    return assemble(side, pendingByKind, Map.of(), layouts, kindsInOrder, continueOnError);
  }

  /**
   * Keys and resolves one side's records, as {@link #assemble(Side, Map, Map, List, boolean)}, where
   * some records were hydrated from a previous snapshot. Hydrated records name their peers by the
   * peers' keys at the time of the snapshot; when a peer was read again with other identifier values
   * (renamed), such a reference still finds it, through the server id of the superseded record.
   *
   * @param superseded per kind, the hydrated records that a fresh read replaced (same server id)
   */
  public static Assembly assemble(Side side, Map<String, List<PendingRecord>> pendingByKind,
      Map<String, List<PendingRecord>> superseded, Map<String, FieldLayout> layouts, List<String> kindsInOrder,
      boolean continueOnError) {
    for (String kind : pendingByKind.keySet()) {
      if (!kindsInOrder.contains(kind)) {
        throw new IllegalArgumentException("records of `" + kind + "` given, but the kind is not in the order " + kindsInOrder);
      }
    }
    checkIdentifierReferences(layouts, kindsInOrder);
    return new RecordAssembler(side, layouts, continueOnError).run(pendingByKind, superseded, kindsInOrder);
  }

  private static void checkIdentifierReferences(Map<String, FieldLayout> layouts, List<String> order) {
    List<ConfigurationException.Problem> problems = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      String kind = order.get(i);
      FieldLayout layout = layouts.get(kind);
      if (layout == null) {
        continue;
      }
      for (String id : layout.identifiers()) {
        FieldLayout.Reference ref = layout.reference(id);
        if (ref == null) {
          continue;
        }
        String path = "schema_mapping[" + kind + "].identifiers";
        if (ref.kind().equals(kind)) {
          problems.add(new ConfigurationException.Problem("schema_mapping", 0, 0, path, "identifier `" + id + "` of `" + kind
              + "` references `" + kind + "` itself: a key cannot contain the key of a record of the same kind; "
              + "remove `" + id + "` from the identifiers"));
        } else if (order.indexOf(ref.kind()) > i) {
          problems.add(new ConfigurationException.Problem("schema_mapping", 0, 0, path, "identifier `" + id + "` of `" + kind
              + "` references `" + ref.kind() + "`, which comes after `" + kind + "` in the order " + order
              + "; `" + ref.kind() + "` must come first"));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  private Assembly run(Map<String, List<PendingRecord>> pendingByKind, Map<String, List<PendingRecord>> superseded,
      List<String> order) {
    Map<String, List<Keyed>> keyed = new LinkedHashMap<>();
    for (String kind : order) {
      keyed.put(kind, keyKind(kind, pendingByKind.getOrDefault(kind, List.of())));
      KindIndex index = indexes.get(kind);
      FieldLayout layout = layouts.get(kind);
      if (index != null && layout != null) {
        for (PendingRecord old : superseded.getOrDefault(kind, List.of())) {
          String display = snapshotDisplay(layout, old);
          if (old.serverId() != null && display != null && !index.byDisplay().containsKey(display)) {
            index.formerDisplays.put(display, old.serverId());
          }
        }
      }
    }
    for (String kind : order) {
      FieldLayout layout = layouts.get(kind);
      if (layout != null) {
        int[] refs = referenceIndexes(layout, false);
        for (Keyed k : keyed.getOrDefault(kind, List.of())) {
          resolveAttributes(layout, refs, k);
        }
      }
    }
    if (!skipped.isEmpty()) {
      cascade(keyed);
    }
    Map<String, List<SyncRecord>> out = new LinkedHashMap<>();
    keyed.forEach((kind, list) -> {
      List<SyncRecord> records = new ArrayList<>(list.size());
      for (Keyed k : list) {
        if (!k.skipped) {
          records.add(SyncRecord.of(k.pending.layout(), k.values, k.pending.serverId()));
        }
      }
      out.put(kind, records);
    });
    return new Assembly(out, errors, skipped);
  }

  private List<Keyed> keyKind(String kind, List<PendingRecord> pending) {
    FieldLayout layout = layouts.get(kind);
    if (layout == null) {
      if (!pending.isEmpty()) {
        throw new IllegalArgumentException("records of `" + kind + "` given without a layout");
      }
      return List.of();
    }
    int[] idRefs = referenceIndexes(layout, true);
    int[] ids = layout.identifiers().stream().mapToInt(layout::indexOf).toArray();
    KindIndex index = new KindIndex(kind, pending.size());
    Map<Key, Keyed> seen = new HashMap<>(capacity(pending.size()));
    List<Keyed> out = new ArrayList<>(pending.size());
    records:
    for (PendingRecord p : pending) {
      requireLayout(p, layout);
      @Nullable Object[] values = p.copyValues();
      for (int i : idRefs) {
        try {
          values[i] = resolve(values[i], refKind(layout, i));
        } catch (Unresolved u) {
          fail("reference", p, null, layout.name(i), String.valueOf(u.getMessage()), REFERENCE_HINT);
          continue records;
        }
      }
      Key key;
      try {
        key = keyOf(layout, ids, values);
      } catch (IllegalArgumentException e) {
        fail("mapping", p, null, null, String.valueOf(e.getMessage()), "every record needs a value for its identifiers " + layout.identifiers());
        continue;
      }
      Keyed k = new Keyed(p, key, values);
      Keyed first = seen.putIfAbsent(key, k);
      if (first != null) {
        duplicate(first.pending, p, key, layout);
        continue;
      }
      index.add(key, p.serverId(), p.resource());
      out.add(k);
    }
    indexes.put(kind, index);
    return out;
  }

  /**
   * The display form of a hydrated record's key, as the snapshot's references spell it: identifier
   * values, with references in the display form they were stored in; null if it has none.
   */
  private static @Nullable String snapshotDisplay(FieldLayout layout, PendingRecord p) {
    List<String> ids = layout.identifiers();
    @Nullable Object[] parts = new Object[ids.size()];
    boolean any = false;
    for (int i = 0; i < parts.length; i++) {
      Object v = p.value(layout.indexOf(ids.get(i)));
      if (v instanceof RefToken.ById || v instanceof List<?>) {
        return null;
      }
      parts[i] = v instanceof RefToken.ByDisplay d ? d.display() : v;
      any |= v != null;
    }
    return any ? Key.of(parts).toString() : null;
  }

  private static int capacity(int size) {
    return (int) Math.min(1 << 30, size / 0.75 + 1);
  }

  private static void requireLayout(PendingRecord p, FieldLayout layout) {
    if (p.layout() != layout && !(p.kind().equals(layout.kind()) && p.layout().names().equals(layout.names()))) {
      throw new IllegalArgumentException("record " + p + " does not have the layout " + layout);
    }
  }

  private static Key keyOf(FieldLayout layout, int[] ids, @Nullable Object[] values) {
    @Nullable Object[] parts = new Object[ids.length];
    boolean any = false;
    for (int i = 0; i < ids.length; i++) {
      parts[i] = values[ids[i]];
      any |= parts[i] != null;
    }
    if (!any) {
      throw new IllegalArgumentException("every identifier " + layout.identifiers() + " is empty");
    }
    return Key.of(parts);
  }

  private void resolveAttributes(FieldLayout layout, int[] refs, Keyed k) {
    for (int i : refs) {
      try {
        k.values[i] = resolve(k.values[i], refKind(layout, i));
      } catch (Unresolved u) {
        fail("reference", k.pending, k.key, layout.name(i), String.valueOf(u.getMessage()), REFERENCE_HINT);
        k.skipped = true;
        return;
      }
    }
  }

  /** Skips, until nothing changes, every record that references a skipped record. */
  private void cascade(Map<String, List<Keyed>> keyed) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<String, List<Keyed>> e : keyed.entrySet()) {
        FieldLayout layout = layouts.get(e.getKey());
        if (layout == null) {
          continue;
        }
        int[] refs = referenceIndexes(layout, null);
        boolean affected = false;
        for (int i : refs) {
          affected |= skipped.containsKey(refKind(layout, i));
        }
        if (!affected) {
          continue;
        }
        for (Keyed k : e.getValue()) {
          if (!k.skipped && skipIfReferencesSkipped(layout, refs, k)) {
            changed = true;
          }
        }
      }
    }
  }

  private boolean skipIfReferencesSkipped(FieldLayout layout, int[] refs, Keyed k) {
    for (int i : refs) {
      String refKind = refKind(layout, i);
      Set<Key> gone = skipped.get(refKind);
      if (gone == null) {
        continue;
      }
      for (Key peer : keysIn(k.values[i])) {
        if (gone.contains(peer)) {
          fail("reference", k.pending, k.key, layout.name(i),
              "references `" + refKind + "` record `" + peer + "`, which was skipped", REFERENCE_HINT);
          k.skipped = true;
          return true;
        }
      }
    }
    return false;
  }

  private static List<Key> keysIn(@Nullable Object v) {
    if (v instanceof Key k) {
      return List.of(k);
    }
    if (v instanceof List<?> l) {
      List<Key> out = new ArrayList<>(l.size());
      l.forEach(o -> {
        if (o instanceof Key k) {
          out.add(k);
        }
      });
      return out;
    }
    return List.of();
  }

  private @Nullable Object resolve(@Nullable Object value, String refKind) throws Unresolved {
    if (value == null) {
      return null;
    }
    if (value instanceof List<?> list) {
      Set<Key> keys = new LinkedHashSet<>();
      for (Object o : list) {
        keys.add(resolveOne(o, refKind));
      }
      List<Key> sorted = new ArrayList<>(keys);
      Collections.sort(sorted);
      return Collections.unmodifiableList(sorted);
    }
    return resolveOne(value, refKind);
  }

  private Key resolveOne(@Nullable Object value, String refKind) throws Unresolved {
    if (value instanceof Key k) {
      return k;
    }
    RefToken token = value instanceof RefToken t ? t : new RefToken.ByDisplay(Values.display(value));
    KindIndex index = indexes.get(refKind);
    if (index != null) {
      return index.resolve(token);
    }
    if (token instanceof RefToken.ByDisplay d) {
      // a kind not synced in this run: its keys are unknown, the display form stands for the key
      return Key.of(d.display());
    }
    throw new Unresolved("`" + refKind + "` is not synced in this run, so " + token
        + " cannot be resolved (map `" + refKind + "` and include it in the order)");
  }

  private static String refKind(FieldLayout layout, int i) {
    FieldLayout.Reference ref = layout.reference(i);
    if (ref == null) {
      throw new IllegalStateException(layout.name(i) + " is no reference");
    }
    return ref.kind();
  }

  /** Reference fields: identifiers only (true), attributes only (false) or all (null). */
  private static int[] referenceIndexes(FieldLayout layout, @Nullable Boolean identifiers) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < layout.size(); i++) {
      if (layout.reference(i) != null && (identifiers == null || layout.isIdentifier(i) == identifiers)) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private String describe(PendingRecord p, @Nullable Key key) {
    return side.name().toLowerCase(Locale.ROOT) + " `" + p.kind() + "` record"
        + (key == null ? "" : " `" + key + "`")
        + (p.serverId() == null ? "" : " (id " + p.serverId() + (p.resource() == null ? "" : " in " + p.resource()) + ")");
  }

  private void fail(String errorClass, PendingRecord p, @Nullable Key key, @Nullable String field, String message,
      String hint) {
    String full = describe(p, key) + (field == null ? "" : ", field `" + field + "`") + ": " + message;
    if (!continueOnError) {
      throw new MappingException(full);
    }
    errors.add(new SyncError(errorClass, p.kind(), key == null ? null : key.toString(),
        side == Side.DESTINATION ? p.serverId() : null, field, full, hint, 0, true));
    if (key != null) {
      skipped.computeIfAbsent(p.kind(), k -> new HashSet<>()).add(key);
    }
  }

  private void duplicate(PendingRecord first, PendingRecord second, Key key, FieldLayout layout) {
    String message = side.name().toLowerCase(Locale.ROOT) + " `" + layout.kind() + "`: two records have the key `" + key
        + "` (identifiers " + layout.identifiers() + "): " + first.summary()
        + (first.serverId() == null ? "" : " (id " + first.serverId() + ")") + " and " + second.summary()
        + (second.serverId() == null ? "" : " (id " + second.serverId() + ")");
    if (!continueOnError) {
      throw new MappingException(message);
    }
    errors.add(new SyncError("duplicate-key", layout.kind(), key.toString(),
        side == Side.DESTINATION ? second.serverId() : null, null, message + "; the first is kept",
        "identifiers must be unique within a kind: add an identifier or filter one of the records out", 0, true));
  }
}
