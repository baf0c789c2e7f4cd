package io.infrasync.spi;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Plan;
import io.infrasync.SyncRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One stored row of a plan ({@code plan.parquet}), enough to replay the change without the source:
 * the record's identifier values, the attributes to set, and its destination id.
 *
 * <p>Values are in the domain of {@link io.infrasync.Values} with references (and lists of them)
 * in their {@code "__"}-joined display form, because that is what survives a round trip through the
 * file. Maps are sorted by name.
 *
 * @param action create, update or delete
 * @param kind the destination kind (upstream's {@code resource})
 * @param sourceId the record's key in display form (upstream's {@code source_id})
 * @param destId the destination server id; null for a create
 * @param identifiers the identifier values, by field name
 * @param oldValues for an update, the destination's values of the changed attributes; for a delete,
 *     the destination's attributes that have a value; empty for a create
 * @param newValues for a create, every attribute with a value; for an update, the values to set;
 *     empty for a delete
 * @param tier the write tier of the kind
 * @param batch the number of the write batch (one per run of equal action, kind and tier in plan
 *     order, counted from 0), i.e. the order in which the engine writes
 */
public record PlanRow(
    Action action,
    String kind,
    String sourceId,
    @Nullable String destId,
    Map<String, @Nullable Object> identifiers,
    Map<String, @Nullable Object> oldValues,
    Map<String, @Nullable Object> newValues,
    int tier,
    int batch) {

  public PlanRow {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sourceId, "sourceId");
    identifiers = sortedCopy(identifiers);
    oldValues = sortedCopy(oldValues);
    newValues = sortedCopy(newValues);
  }

  /** The rows of a plan, in plan order, with batch numbers assigned. */
  public static List<PlanRow> of(Plan plan) {
    List<PlanRow> rows = new ArrayList<>(plan.size());
    int batch = -1;
    @Nullable Change previous = null;
    for (Change c : plan) {
      if (previous == null
          || previous.action() != c.action()
          || previous.tier() != c.tier()
          || !previous.kind().equals(c.kind())) {
        batch++;
      }
      rows.add(of(c, batch));
      previous = c;
    }
    return List.copyOf(rows);
  }

  /** The row of one change. */
  public static PlanRow of(Change change, int batch) {
    SyncRecord record = change.source() != null ? change.source() : change.destination();
    Map<String, @Nullable Object> identifiers = new TreeMap<>();
    if (record != null) {
      FieldLayout layout = record.layout();
      for (String id : layout.identifiers()) {
        identifiers.put(id, plain(record.get(id)));
      }
    }
    Map<String, @Nullable Object> oldValues = new TreeMap<>();
    Map<String, @Nullable Object> newValues = new TreeMap<>();
    switch (change.action()) {
      case CREATE -> change.attributes().forEach(a -> newValues.put(a.name(), plain(a.newValue())));
      case UPDATE -> {
        for (AttributeChange a : change.attributes()) {
          oldValues.put(a.name(), plain(a.oldValue()));
          newValues.put(a.name(), plain(a.newValue()));
        }
      }
      case DELETE -> {
        SyncRecord dest = Objects.requireNonNull(change.destination());
        for (String name : dest.layout().attributes()) {
          Object v = dest.get(name);
          if (v != null) {
            oldValues.put(name, plain(v));
          }
        }
      }
    }
    return new PlanRow(
        change.action(),
        change.kind(),
        change.key().toString(),
        change.destinationId(),
        identifiers,
        oldValues,
        newValues,
        change.tier(),
        batch);
  }

  /** A value as it is stored: references in display form, the rest unchanged. */
  public static @Nullable Object plain(@Nullable Object value) {
    if (value instanceof Key k) {
      return k.toString();
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(plain(o));
      }
      return Collections.unmodifiableList(out);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return Collections.unmodifiableMap(out);
    }
    return value;
  }

  private static Map<String, @Nullable Object> sortedCopy(Map<String, @Nullable Object> m) {
    return Collections.unmodifiableMap(new TreeMap<>(m));
  }
}
