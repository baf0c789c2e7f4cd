package io.infrasync.internal.rest;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.SyncRecord;
import io.infrasync.Values;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The reverse of the read mapping: which endpoint a record goes to and the request body that writes
 * it. A field is written under the attribute its {@code mapping} names; a field read through a
 * nested path ({@code type.label}, {@code device.name}) cannot be written that way and fails the
 * records that change it, naming the kind and field. References become the peer's server id; lists
 * of references lists of ids.
 *
 * <p>When a kind has several {@code schema_mapping} entries (several endpoints), a record goes to the
 * endpoint it was read from when its id was seen in this run's read of exactly one of them; otherwise
 * to the first entry whose {@code static} fields all equal the record's values; otherwise to the first
 * entry.
 */
final class ReverseMapper {

  /** One change ready to be sent. */
  record Target(
      int index,
      Change change,
      String path,
      @Nullable Object id,
      Map<String, @Nullable Object> body,
      List<String> identity,
      Map<String, String> fieldOfAttr) {
    String describe() {
      return change.kind() + " " + change.key();
    }

    @Nullable String field(@Nullable String attr) {
      return attr == null ? null : fieldOfAttr.getOrDefault(attr, attr);
    }
  }

  /** A change that needs no request: it failed already, or (a delete) there is nothing to do. */
  static final class Reject extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final @Nullable String field;
    final boolean ok;

    Reject(@Nullable String field, String message) {
      this(field, message, false);
    }

    Reject(@Nullable String field, String message, boolean ok) {
      super(message, null, false, false);
      this.field = field;
      this.ok = ok;
    }
  }

  private final RestDialect dialect;
  private final EndpointIndex index;
  private final RestClient client;

  ReverseMapper(RestDialect dialect, EndpointIndex index, RestClient client) {
    this.dialect = dialect;
    this.index = index;
    this.client = client;
  }

  /** The target of a change, or throws {@link Reject}. */
  Target prepare(int index, Change c, WriteContext ctx) {
    SyncRecord record = c.action() == Action.DELETE ? c.destination() : c.source();
    String id = c.action() == Action.CREATE ? null
        : c.destinationId() != null ? c.destinationId() : ctx.serverId(c.kind(), c.key());
    if (c.action() != Action.CREATE && id == null) {
      throw new Reject(null, c.kind() + " " + c.key() + ": no " + dialect.name() + " id is known for it, cannot "
          + c.action().wireName() + " it");
    }
    SchemaMapping entry = choose(c, ctx.mappingsOf(c.kind()), record, id, ctx);
    String path = ApiPath.of(dialect.name(), java.util.Objects.requireNonNull(entry.mapping()));
    Map<String, FieldMapping> fields = fieldsByName(entry);
    Map<String, String> fieldOfAttr = new LinkedHashMap<>();
    fields.forEach((name, f) -> {
      if (writable(f)) {
        fieldOfAttr.putIfAbsent(java.util.Objects.requireNonNull(f.mapping()), name);
      }
    });
    List<String> identity = new ArrayList<>();
    if (record != null) {
      for (String name : record.layout().identifiers()) {
        FieldMapping f = fields.get(name);
        if (f != null && writable(f)) {
          identity.add(java.util.Objects.requireNonNull(f.mapping()));
        }
      }
    }
    Object wireId = id == null ? null : dialect.wireId(id);
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    if (wireId != null) {
      body.put("id", wireId);
    }
    switch (c.action()) {
      case CREATE -> {
        SyncRecord src = java.util.Objects.requireNonNull(c.source());
        FieldLayout layout = src.layout();
        for (Map.Entry<String, FieldMapping> e : fields.entrySet()) {
          FieldMapping f = e.getValue();
          int i = layout.indexOf(e.getKey());
          if (f.hasStatic() || f.mapping() == null || i < 0 || src.get(i) == null) {
            continue;
          }
          put(body, c, f, src.get(i), null, layout, ctx, fields);
        }
      }
      case UPDATE -> {
        FieldLayout layout = java.util.Objects.requireNonNull(c.source()).layout();
        for (AttributeChange a : c.attributes()) {
          FieldMapping f = fields.get(a.name());
          if (f == null || f.mapping() == null) {
            throw new Reject(a.name(), c.kind() + "." + a.name() + " is not read from " + entry.mapping()
                + " (no field mapping there), so " + dialect.name() + " cannot update it");
          }
          if (f.hasStatic()) {
            throw new Reject(a.name(), c.kind() + "." + a.name() + " is a static value of the " + entry.mapping()
                + " mapping, not stored on " + dialect.name() + "; it cannot be updated");
          }
          put(body, c, f, a.newValue(), a.oldValue(), layout, ctx, fields);
        }
      }
      case DELETE -> { }
    }
    return new Target(index, c, path, wireId, body, List.copyOf(identity), Map.copyOf(fieldOfAttr));
  }

  private void put(Map<String, @Nullable Object> body, Change c, FieldMapping f, @Nullable Object value,
      @Nullable Object oldValue, FieldLayout layout, WriteContext ctx, Map<String, FieldMapping> fields) {
    String attr = java.util.Objects.requireNonNull(f.mapping());
    if (attr.contains(".")) {
      throw new Reject(f.name(), c.kind() + "." + f.name() + " is read through the nested path '" + attr
          + "', which " + dialect.name() + " cannot write (only top-level attributes are written); map it to a"
          + " top-level attribute to make it writable");
    }
    String ref = f.reference();
    if (ref == null) {
      FieldLayout.Reference r = layout.reference(f.name());
      ref = r == null ? null : r.kind();
    }
    Object wire = wire(c, f.name(), value, ref, ctx);
    if (wire == null && oldValue instanceof List<?>) {
      wire = List.of();
    }
    if (body.containsKey(attr) && !Values.equal(Values.normalize(body.get(attr)), Values.normalize(wire))) {
      List<String> names = fields.values().stream().filter(x -> attr.equals(x.mapping())).map(FieldMapping::name)
          .toList();
      throw new Reject(f.name(), c.kind() + " " + c.key() + ": fields " + names + " all map to '"
          + attr + "' but have different values (" + body.get(attr) + " vs " + wire + "); "
          + dialect.name() + " stores one value");
    }
    body.put(attr, wire);
  }

  private @Nullable Object wire(Change c, String field, @Nullable Object v, @Nullable String ref, WriteContext ctx) {
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(wire(c, field, o, ref, ctx));
      }
      return out;
    }
    if (ref != null) {
      Key k = v instanceof Key key ? key : Key.of(v);
      String id = ctx.serverId(ref, k);
      if (id == null) {
        throw new Reject(field, c.kind() + " " + c.key() + ": " + field + " references " + ref + " " + k
            + ", which has no " + dialect.name() + " id (it was not written, or its write failed)");
      }
      return dialect.wireId(id);
    }
    if (v instanceof Map<?, ?> m) {
      if (m.containsKey("value") && m.containsKey("label")) {
        return m.get("value");
      }
      if (m.containsKey("id") && m.get("id") != null) {
        return dialect.wireId(String.valueOf(m.get("id")));
      }
      return v;
    }
    if (v instanceof Key k) {
      return k.toString();
    }
    return v;
  }

  private SchemaMapping choose(Change c, List<SchemaMapping> all, @Nullable SyncRecord record, @Nullable String id,
      WriteContext ctx) {
    String kind = c.kind();
    List<SchemaMapping> entries = all.stream().filter(m -> m.mapping() != null).toList();
    if (entries.isEmpty()) {
      throw new Reject(null, kind + " has no schema_mapping entry with a mapping path; " + dialect.name()
          + " does not know where to write it");
    }
    if (entries.size() == 1) {
      return entries.get(0);
    }
    if (id == null) {
      if (record != null) {
        for (SchemaMapping m : entries) {
          if (staticsMatch(m, record)) {
            return m;
          }
        }
      }
      return entries.get(0);
    }
    List<SchemaMapping> holding = new ArrayList<>();
    for (SchemaMapping m : entries) {
      String path = path(m);
      Boolean holds = index.holds(kind, path, id);
      if (holds == null) {
        lookUp(m, path, id);
        holds = index.holds(kind, path, id);
      }
      if (holds == null) {
        throw new Reject(null, kind + " " + c.key() + ": cannot tell which of " + paths(entries) + " holds id " + id
            + " (" + dialect.name() + " ignored the id filter of " + path + "), so it is not "
            + c.action().wireName() + "d");
      }
      if (holds) {
        holding.add(m);
      }
    }
    if (holding.size() == 1) {
      return holding.get(0);
    }
    if (holding.isEmpty()) {
      if (c.action() == Action.DELETE) {
        throw new Reject(null, kind + " " + c.key() + " is already gone from " + paths(entries), true);
      }
      throw new Reject(null, kind + " " + c.key() + ": no record with id " + id + " exists in " + paths(entries)
          + " any more (deleted since it was read?)");
    }
    List<SchemaMapping> same = new ArrayList<>();
    for (SchemaMapping m : holding) {
      String want = record == null ? null : EndpointIndex.fingerprint(record, m, ctx);
      if (want != null && want.equals(index.fingerprintOf(kind, path(m), id))) {
        same.add(m);
      }
    }
    if (same.size() == 1) {
      return same.get(0);
    }
    throw new Reject(null, kind + " " + c.key() + ": id " + id + " exists in several endpoints mapped to " + kind + " "
        + paths(holding) + " and its identifiers do not tell which one is meant, so it is not "
        + c.action().wireName() + "d");
  }

  /** Asks the endpoint for one id, remembering the answer in the index. */
  private void lookUp(SchemaMapping m, String path, String id) {
    List<String> attrs = new ArrayList<>();
    for (FieldMapping f : m.fields()) {
      if (f.mapping() != null && m.identifiers().contains(f.name())) {
        attrs.add(f.mapping().split("\\.")[0]);
      }
    }
    Map<String, List<String>> q = new LinkedHashMap<>(dialect.slimQuery(attrs));
    q.put("id", List.of(id));
    q.put("limit", List.of("2"));
    tools.jackson.databind.JsonNode results = client.get(path, q).json().path("results");
    if (!results.isArray()) {
      return;
    }
    Map<String, @Nullable Object> found = null;
    for (tools.jackson.databind.JsonNode r : results) {
      if (!id.equals(JsonValues.id(r))) {
        return; // the filter was ignored: the answer says nothing about this id
      }
      found = JsonValues.object(r);
    }
    index.lookedUp(m, path, id, found);
  }

  private static boolean staticsMatch(SchemaMapping m, SyncRecord record) {
    boolean any = false;
    for (FieldMapping f : m.fields()) {
      if (!f.hasStatic()) {
        continue;
      }
      any = true;
      int i = record.layout().indexOf(f.name());
      if (i < 0 || !Values.equal(Values.normalize(f.staticValue()), record.get(i))) {
        return false;
      }
    }
    return any;
  }

  private String path(SchemaMapping m) {
    return ApiPath.of(dialect.name(), java.util.Objects.requireNonNull(m.mapping()));
  }

  private String paths(List<SchemaMapping> entries) {
    return entries.stream().map(this::path).toList().toString();
  }

  /** Fields by name; where a name repeats, the one that can be written wins. */
  private static Map<String, FieldMapping> fieldsByName(SchemaMapping entry) {
    Map<String, FieldMapping> m = new LinkedHashMap<>();
    for (FieldMapping f : entry.fields()) {
      FieldMapping had = m.get(f.name());
      if (had == null || (!writable(had) && writable(f))) {
        m.put(f.name(), f);
      }
    }
    return m;
  }

  private static boolean writable(FieldMapping f) {
    return !f.hasStatic() && f.mapping() != null && !f.mapping().contains(".");
  }

  static WriteOutcome rejected(Change c, Reject r) {
    if (r.ok) {
      return WriteOutcome.ok(c.key(), c.destinationId());
    }
    return new WriteOutcome(c.key(), false, null, r.field, java.util.Objects.requireNonNull(r.getMessage()), 0);
  }
}
