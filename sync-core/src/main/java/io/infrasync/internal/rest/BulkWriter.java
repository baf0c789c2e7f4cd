package io.infrasync.internal.rest;

import io.infrasync.Action;
import io.infrasync.AdapterException;
import io.infrasync.Values;
import io.infrasync.internal.http.HttpFailure;
import io.infrasync.internal.http.HttpTransport;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Writes a {@link WriteBatch} through the bulk list endpoints: {@code POST} a list to create,
 * {@code PATCH} a list of {@code {"id": …}} objects to update, {@code DELETE} a list of
 * {@code {"id": …}} to delete, in requests of at most {@code batchSize} records, grouped by endpoint.
 *
 * <p>Every change gets its own outcome. Per-item errors in the answer are attributed to their
 * records and the other records of the request are sent again (the server rolled the whole request
 * back); an error the answer does not attribute (a plain error dict, a 409, a 500) makes each record
 * of the request be sent alone, to find the culprits. A create whose answer was lost (the transport
 * says the outcome is unknown) is never simply sent again: the records changed since just before the
 * request are listed and matched by their identifiers, and only the ones missing are sent again.
 * Echo check: an attribute the server's answer lacks was ignored by the server (not an attribute of
 * the endpoint); the record's outcome says so.
 */
final class BulkWriter {
  static final int MAX_ROUNDS = 3;

  private final RestClient client;
  private final RestDialect dialect;
  private final ReverseMapper mapper;
  private final ChangeCursor cursor;
  private final PageWalker walker;
  private final int batchSize;
  private final Duration overlap;

  BulkWriter(RestClient client, RestDialect dialect, ReverseMapper mapper, ChangeCursor cursor, PageWalker walker,
      int batchSize, Duration overlap) {
    this.client = client;
    this.dialect = dialect;
    this.mapper = mapper;
    this.cursor = cursor;
    this.walker = walker;
    this.batchSize = batchSize;
    this.overlap = overlap;
  }

  List<WriteOutcome> write(WriteBatch batch, WriteContext ctx) {
    int n = batch.changes().size();
    @Nullable WriteOutcome[] out = new WriteOutcome[n];
    Map<String, List<ReverseMapper.Target>> byPath = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      var c = batch.changes().get(i);
      try {
        ReverseMapper.Target t = mapper.prepare(i, c, ctx);
        if (c.action() == Action.UPDATE && t.body().size() <= 1) {
          out[i] = WriteOutcome.ok(c.key(), String.valueOf(t.id()));
        } else {
          byPath.computeIfAbsent(t.path(), p -> new ArrayList<>()).add(t);
        }
      } catch (ReverseMapper.Reject r) {
        out[i] = ReverseMapper.rejected(c, r);
      }
    }
    byPath.forEach((path, targets) -> {
      for (int from = 0; from < targets.size(); from += batchSize) {
        run(batch.action(), path, targets.subList(from, Math.min(targets.size(), from + batchSize)), 0, out);
      }
    });
    List<WriteOutcome> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(Objects.requireNonNull(out[i], "no outcome for change " + i));
    }
    return result;
  }

  private void run(Action action, String path, List<ReverseMapper.Target> items, int round,
      @Nullable WriteOutcome[] out) {
    if (items.isEmpty()) {
      return;
    }
    String method = switch (action) {
      case CREATE -> "POST";
      case UPDATE -> "PATCH";
      case DELETE -> "DELETE";
    };
    List<Map<String, @Nullable Object>> body = new ArrayList<>(items.size());
    for (ReverseMapper.Target t : items) {
      body.add(action == Action.DELETE ? Collections.singletonMap("id", t.id()) : t.body());
    }
    Instant before = client.serverTime();
    HttpTransport.Response r;
    try {
      r = client.send(method, path, body, action != Action.CREATE);
    } catch (HttpFailure f) {
      if (f.outcomeUnknown() && action == Action.CREATE) {
        recover(path, items, before, round, out, f);
      } else {
        unattributed(action, path, items, round, out, f.status(), String.valueOf(f.getMessage()));
      }
      return;
    }
    String url = client.describe(path, Map.of());
    if (r.status() >= 300) {
      JsonNode errors = BulkErrors.parse(r.body());
      List<@Nullable Object> ids = new ArrayList<>();
      items.forEach(t -> ids.add(t.id()));
      Map<Integer, JsonNode> per = BulkErrors.attribute(errors, ids);
      if (per == null && items.size() == 1 && errors != null && errors.isObject() && r.status() == 400) {
        per = Map.of(0, errors);
      }
      if (per == null) {
        unattributed(action, path, items, round, out, r.status(), dialect.name() + ": " + method + " " + url
            + " answered " + r.status() + ": " + BulkErrors.message(errors, r.body()));
        return;
      }
      List<ReverseMapper.Target> rest = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        ReverseMapper.Target t = items.get(i);
        JsonNode e = per.get(i);
        if (e == null) {
          rest.add(t);
        } else if (action == Action.DELETE && BulkErrors.notFound(e)) {
          out[t.index()] = outcome(t, true, String.valueOf(t.id()), null, null, r.retries() + round);
        } else {
          String field = BulkErrors.field(e);
          out[t.index()] = outcome(t, false, null, t.field(field), dialect.name() + ": " + method + " " + url
              + " answered " + r.status() + " for " + t.describe() + ": " + BulkErrors.describe(e), r.retries() + round);
        }
      }
      run(action, path, rest, round, out);
      return;
    }
    switch (action) {
      case CREATE -> created(path, items, round, out, r, before);
      case UPDATE -> updated(path, items, round, out, r);
      case DELETE -> items.forEach(t ->
          out[t.index()] = outcome(t, true, String.valueOf(t.id()), null, null, r.retries() + round));
    }
  }

  private void created(String path, List<ReverseMapper.Target> items, int round, @Nullable WriteOutcome[] out,
      HttpTransport.Response r, @Nullable Instant before) {
    JsonNode json = BulkErrors.parse(r.body());
    JsonNode list = json != null && json.isObject() && json.has("results") ? json.get("results") : json;
    if (list == null || !list.isArray() || list.size() != items.size()) {
      recover(path, items, before, round, out, new AdapterException(dialect.name() + ": POST "
          + client.describe(path, Map.of()) + " answered " + r.status() + " without one object per record: "
          + HttpTransport.snippet(r.body())));
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      ReverseMapper.Target t = items.get(i);
      echoed(t, list.get(i), r.retries() + round, out);
    }
  }

  private void updated(String path, List<ReverseMapper.Target> items, int round, @Nullable WriteOutcome[] out,
      HttpTransport.Response r) {
    JsonNode json = BulkErrors.parse(r.body());
    JsonNode list = json != null && json.isObject() && json.has("results") ? json.get("results") : json;
    Map<String, JsonNode> byId = new HashMap<>();
    if (list != null && list.isArray()) {
      for (JsonNode o : list) {
        String id = JsonValues.id(o);
        if (id != null) {
          byId.put(id, o);
        }
      }
    } else if (list != null && list.isObject() && JsonValues.id(list) != null) {
      byId.put(Objects.requireNonNull(JsonValues.id(list)), list);
    }
    for (ReverseMapper.Target t : items) {
      JsonNode o = byId.get(String.valueOf(t.id()));
      if (o == null) {
        out[t.index()] = outcome(t, false, null, null, dialect.name() + ": PATCH " + client.describe(path, Map.of())
            + " did not update " + t.describe() + ": no object with id " + t.id() + " (deleted since it was read?)",
            r.retries() + round);
      } else {
        echoed(t, o, r.retries() + round, out);
      }
    }
  }

  /** The outcome of a record the server answered with {@code o}: ok unless an attribute sent is missing. */
  private void echoed(ReverseMapper.Target t, JsonNode o, int retries, @Nullable WriteOutcome[] out) {
    String id = JsonValues.id(o);
    for (String attr : t.body().keySet()) {
      if (!attr.equals("id") && !o.has(attr)) {
        out[t.index()] = outcome(t, false, id, t.field(attr), dialect.name() + ": " + t.path() + " has no attribute '"
            + attr + "' (the server ignored it), so " + t.change().kind() + "." + t.field(attr) + " of " + t.describe()
            + " was not written; map the field to an attribute of " + t.path(), retries);
        return;
      }
    }
    out[t.index()] = outcome(t, true, id, null, null, retries);
  }

  /** A failure the answer does not attribute: each record alone, when that can tell more. */
  private void unattributed(Action action, String path, List<ReverseMapper.Target> items, int round,
      @Nullable WriteOutcome[] out, int status, String message) {
    boolean worthSplitting = status == 400 || status == 409 || status == 412 || status == 422 || status == 500;
    if (items.size() > 1 && worthSplitting) {
      for (ReverseMapper.Target t : items) {
        run(action, path, List.of(t), round, out);
      }
      return;
    }
    for (ReverseMapper.Target t : items) {
      out[t.index()] = outcome(t, false, null, null, message + (items.size() == 1 ? " (" + t.describe() + ")" : ""),
          round);
    }
  }

  /**
   * A create whose outcome is unknown: lists the records changed since just before the request
   * (minus the overlap), matches them by identifier and sends again only the records not found.
   */
  private void recover(String path, List<ReverseMapper.Target> items, @Nullable Instant before, int round,
      @Nullable WriteOutcome[] out, RuntimeException cause) {
    if (round + 1 >= MAX_ROUNDS) {
      for (ReverseMapper.Target t : items) {
        out[t.index()] = outcome(t, false, null, null, String.valueOf(cause.getMessage()) + "; the outcome stayed unknown after "
            + MAX_ROUNDS + " attempts", round);
      }
      return;
    }
    List<ReverseMapper.Target> lookable = new ArrayList<>();
    for (ReverseMapper.Target t : items) {
      if (t.identity().isEmpty()) {
        out[t.index()] = outcome(t, false, null, null, String.valueOf(cause.getMessage()) + "; " + t.describe()
            + " has no writable identifier to look it up by, so it is not sent again", round);
      } else {
        lookable.add(t);
      }
    }
    if (lookable.isEmpty()) {
      return;
    }
    Set<String> attrs = new LinkedHashSet<>();
    lookable.forEach(t -> attrs.addAll(t.identity()));
    List<Map<String, @Nullable Object>> candidates = Collections.synchronizedList(new ArrayList<>());
    Map<String, List<String>> q = dialect.slimQuery(attrs);
    try {
      if (before != null) {
        cursor.changedSince(path, q, Cursor.timestamp(ChangeCursor.format(before.minus(overlap))), candidates::add);
      } else {
        walker.walk(path, q, candidates::add);
      }
    } catch (RuntimeException e) {
      throw new AdapterException(cause.getMessage() + "; looking the records up to find out failed too: "
          + e.getMessage(), e instanceof AdapterException a && a.retryable(), e);
    }
    List<ReverseMapper.Target> missing = new ArrayList<>();
    for (ReverseMapper.Target t : lookable) {
      Map<String, @Nullable Object> found = null;
      for (Map<String, @Nullable Object> c : candidates) {
        if (matches(c, t)) {
          found = c;
          break;
        }
      }
      if (found == null) {
        missing.add(t);
      } else {
        candidates.remove(found);
        out[t.index()] = outcome(t, true, JsonValues.id(found), null, null, round + 1);
      }
    }
    run(Action.CREATE, path, missing, round + 1, out);
  }

  private static boolean matches(Map<String, @Nullable Object> record, ReverseMapper.Target t) {
    for (String attr : t.identity()) {
      if (!sameOnWire(record.get(attr), t.body().get(attr))) {
        return false;
      }
    }
    return true;
  }

  /** A read value against a written one: nested objects by id, choices by value, lists as sets. */
  static boolean sameOnWire(@Nullable Object read, @Nullable Object written) {
    Object a = flat(read);
    Object b = flat(written);
    if (a == null || b == null) {
      return (a == null || "".equals(a)) && (b == null || "".equals(b));
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      Set<String> sa = new java.util.HashSet<>();
      la.forEach(x -> sa.add(String.valueOf(flat(x))));
      Set<String> sb = new java.util.HashSet<>();
      lb.forEach(x -> sb.add(String.valueOf(flat(x))));
      return sa.equals(sb);
    }
    return Values.equal(Values.normalize(a), Values.normalize(b)) || a.toString().equals(b.toString());
  }

  private static @Nullable Object flat(@Nullable Object v) {
    if (v instanceof Map<?, ?> m) {
      if (m.containsKey("id")) {
        return m.get("id");
      }
      if (m.containsKey("value")) {
        return m.get("value");
      }
    }
    return v;
  }

  private static WriteOutcome outcome(ReverseMapper.Target t, boolean ok, @Nullable String serverId,
      @Nullable String field, @Nullable String message, int retries) {
    return new WriteOutcome(t.change().key(), ok, serverId, field, message, retries);
  }
}
