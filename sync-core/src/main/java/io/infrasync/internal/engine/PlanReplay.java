package io.infrasync.internal.engine;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Plan;
import io.infrasync.SyncException;
import io.infrasync.SyncRecord;
import io.infrasync.Values;
import io.infrasync.spi.PlanRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a stored plan back into {@link Change}s against the destination's current records, refusing
 * when the destination moved since the plan was made (like a stale Terraform plan): a record to
 * create now exists, a record to update or delete is gone or got another server id, or one of the
 * plan's old values no longer matches.
 */
final class PlanReplay {
  private static final int MAX_LISTED = 10;

  private PlanReplay() {}

  /** The kinds the plan touches and every kind they reference, in write order. */
  static List<String> kindsToRead(List<PlanRow> rows, Map<String, FieldLayout> layouts, List<String> order) {
    Set<String> wanted = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>();
    rows.forEach(r -> todo.add(r.kind()));
    while (!todo.isEmpty()) {
      String kind = todo.remove(todo.size() - 1);
      FieldLayout layout = layouts.get(kind);
      if (layout == null || !wanted.add(kind)) {
        continue;
      }
      for (int i = 0; i < layout.size(); i++) {
        FieldLayout.Reference ref = layout.reference(i);
        if (ref != null) {
          todo.add(ref.kind());
        }
      }
    }
    return order.stream().filter(wanted::contains).toList();
  }

  static Plan rebuild(String runId, List<PlanRow> rows, Map<String, FieldLayout> layouts, List<List<String>> tiers,
      Map<String, List<SyncRecord>> current) {
    for (PlanRow row : rows) {
      if (!layouts.containsKey(row.kind())) {
        throw new SyncException(SyncException.Code.STALE_PLAN,
            "the plan of run " + runId + " touches " + row.kind() + ", which the configuration no longer maps");
      }
    }
    Map<String, Map<String, SyncRecord>> byDisplay = new HashMap<>();
    current.forEach((kind, records) -> {
      Map<String, SyncRecord> m = new HashMap<>();
      records.forEach(r -> m.put(r.key().toString(), r));
      byDisplay.put(kind, m);
    });
    Map<String, Map<String, Key>> created = new HashMap<>();
    List<String> stale = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    for (PlanRow row : rows) {
      FieldLayout layout = Objects.requireNonNull(layouts.get(row.kind()));
      SyncRecord now = byDisplay.getOrDefault(row.kind(), Map.of()).get(row.sourceId());
      String what = row.action().wireName() + " " + row.kind() + " " + row.sourceId() + ": ";
      Resolver resolve = (field, value) -> resolve(layout, field, value, byDisplay, created);
      switch (row.action()) {
        case CREATE -> {
          if (now != null) {
            stale.add(what + "it exists in the destination now (id " + now.serverId() + ")");
            continue;
          }
          Map<String, @Nullable Object> fields = new LinkedHashMap<>();
          row.identifiers().forEach((f, v) -> fields.put(f, resolve.apply(f, v)));
          List<AttributeChange> attrs = new ArrayList<>();
          row.newValues().forEach((f, v) -> {
            Object value = resolve.apply(f, v);
            fields.put(f, value);
            attrs.add(new AttributeChange(f, null, Values.normalize(value)));
          });
          SyncRecord target = SyncRecord.of(layout, fields, null);
          created.computeIfAbsent(row.kind(), k -> new HashMap<>()).put(row.sourceId(), target.key());
          changes.add(new Change(Action.CREATE, row.kind(), target.key(), target, null, attrs, row.tier()));
        }
        case UPDATE, DELETE -> {
          if (now == null) {
            stale.add(what + "it no longer exists in the destination");
            continue;
          }
          if (row.destId() != null && !row.destId().equals(now.serverId())) {
            stale.add(what + "its destination id changed from " + row.destId() + " to " + now.serverId());
            continue;
          }
          String moved = moved(row, now);
          if (moved != null) {
            stale.add(what + moved);
            continue;
          }
          if (row.action() == Action.DELETE) {
            changes.add(new Change(Action.DELETE, row.kind(), now.key(), null, now, List.of(), row.tier()));
          } else {
            Map<String, @Nullable Object> fields = new LinkedHashMap<>(now.fields());
            List<AttributeChange> attrs = new ArrayList<>();
            row.newValues().forEach((f, v) -> {
              Object value = resolve.apply(f, v);
              fields.put(f, value);
              attrs.add(new AttributeChange(f, now.get(f), Values.normalize(value)));
            });
            SyncRecord target = SyncRecord.of(layout, fields, now.serverId());
            changes.add(new Change(Action.UPDATE, row.kind(), now.key(), target, now, attrs, row.tier()));
          }
        }
      }
    }
    if (!stale.isEmpty()) {
      throw new SyncException(SyncException.Code.STALE_PLAN, "the plan of run " + runId + " is stale: "
          + stale.size() + " destination record(s) changed since it was made: "
          + String.join("; ", stale.subList(0, Math.min(MAX_LISTED, stale.size())))
          + (stale.size() > MAX_LISTED ? "; ..." : "") + "; run diff again");
    }
    return new Plan(changes, tiers);
  }

  /** Why the record no longer matches the plan's old values, or null when it does. */
  private static @Nullable String moved(PlanRow row, SyncRecord now) {
    Map<String, @Nullable Object> expected = row.oldValues();
    if (row.action() == Action.DELETE) {
      for (String name : now.layout().attributes()) {
        Object v = now.get(name);
        if (v != null && !expected.containsKey(name)) {
          return name + " is now " + Values.display(PlanRow.plain(v)) + " (was empty)";
        }
      }
    }
    for (var e : expected.entrySet()) {
      Object v = Values.normalize(PlanRow.plain(now.get(e.getKey())));
      if (!Values.equal(v, Values.normalize(e.getValue()))) {
        return e.getKey() + " is now " + Values.display(v) + " (the plan expected " + Values.display(e.getValue()) + ")";
      }
    }
    return null;
  }

  private interface Resolver {
    @Nullable Object apply(String field, @Nullable Object value);
  }

  /** A stored value in the record domain: references back to keys, looked up by display form. */
  private static @Nullable Object resolve(FieldLayout layout, String field, @Nullable Object value,
      Map<String, Map<String, SyncRecord>> current, Map<String, Map<String, Key>> created) {
    FieldLayout.Reference ref = layout.reference(field);
    if (ref == null || value == null) {
      return value;
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(resolve(layout, field, o, current, created));
      }
      return out;
    }
    String display = value.toString();
    SyncRecord peer = current.getOrDefault(ref.kind(), Map.of()).get(display);
    if (peer != null) {
      return peer.key();
    }
    Key planned = created.getOrDefault(ref.kind(), Map.of()).get(display);
    if (planned != null) {
      return planned;
    }
    throw new SyncException(SyncException.Code.STALE_PLAN, layout.kind() + "." + field + " references "
        + ref.kind() + " " + display + ", which is neither in the destination nor created by the plan");
  }
}
