package io.infrasync.internal.adapters;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.SyncRecord;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The records of one kind held as JSON-like maps keyed by their key's display form: the write
 * model shared by the {@code memory} and {@code file} adapters. Not thread-safe; callers lock.
 */
final class KeyedStore {
  private LinkedHashMap<String, Entry> byKey = new LinkedHashMap<>();
  private @Nullable List<String> indexedBy;
  private long unkeyed;

  /** One stored record. */
  record Entry(@Nullable String id, Map<String, @Nullable Object> data) {}

  /** Adds a record as read (not yet keyed: keys are computed at the first write). */
  void add(@Nullable String id, Map<String, @Nullable Object> data) {
    String display = indexedBy == null ? null : KeyDisplay.of(data, indexedBy);
    byKey.put(display == null ? "\u0000" + (unkeyed++) : display, new Entry(id, data));
  }

  /** Keys every record by its identifier fields (once per identifier list). */
  private void index(List<String> identifiers) {
    if (identifiers.equals(indexedBy)) {
      return;
    }
    LinkedHashMap<String, Entry> re = new LinkedHashMap<>();
    for (Entry e : byKey.values()) {
      String display = KeyDisplay.of(e.data(), identifiers);
      re.put(display == null ? "\u0000" + (unkeyed++) : display, e);
    }
    byKey = re;
    indexedBy = List.copyOf(identifiers);
  }

  boolean replaceById(String id, Map<String, @Nullable Object> data) {
    for (Map.Entry<String, Entry> e : byKey.entrySet()) {
      if (id.equals(e.getValue().id())) {
        byKey.remove(e.getKey());
        add(id, data);
        return true;
      }
    }
    return false;
  }

  boolean removeById(String id) {
    return byKey.values().removeIf(e -> id.equals(e.id()));
  }

  List<RawRecord> records() {
    List<RawRecord> out = new ArrayList<>(byKey.size());
    byKey.values().forEach(e -> out.add(new RawRecord(e.id(), e.data())));
    return out;
  }

  int size() {
    return byKey.size();
  }

  /** Applies a batch; ids of created records come from {@code newId}. */
  List<WriteOutcome> apply(WriteBatch batch, Supplier<@Nullable String> newId) {
    index(batch.layout().identifiers());
    List<WriteOutcome> out = new ArrayList<>(batch.changes().size());
    for (Change c : batch.changes()) {
      String display = c.key().toString();
      switch (c.action()) {
        case CREATE -> {
          if (byKey.containsKey(display)) {
            out.add(WriteOutcome.failed(c.key(), null, "a record with key " + display + " already exists"));
            continue;
          }
          SyncRecord s = c.source();
          Map<String, @Nullable Object> data = new LinkedHashMap<>();
          if (s != null) {
            FieldLayout layout = s.layout();
            for (int i = 0; i < layout.size(); i++) {
              Object v = s.get(i);
              if (v != null) {
                data.put(layout.name(i), WireValues.plain(v));
              }
            }
          }
          String id = newId.get();
          byKey.put(display, new Entry(id, data));
          out.add(WriteOutcome.ok(c.key(), id));
        }
        case UPDATE -> {
          Entry e = byKey.get(display);
          if (e == null) {
            out.add(WriteOutcome.failed(c.key(), null, "no record with key " + display + " to update"));
            continue;
          }
          Map<String, @Nullable Object> data = new LinkedHashMap<>(e.data());
          for (AttributeChange a : c.attributes()) {
            if (a.newValue() == null) {
              data.remove(a.name());
            } else {
              data.put(a.name(), WireValues.plain(a.newValue()));
            }
          }
          byKey.put(display, new Entry(e.id(), data));
          out.add(WriteOutcome.ok(c.key(), e.id()));
        }
        case DELETE -> {
          Entry e = byKey.remove(display);
          if (e == null) {
            out.add(WriteOutcome.failed(c.key(), null, "no record with key " + display + " to delete"));
          } else {
            out.add(WriteOutcome.ok(c.key(), e.id()));
          }
        }
      }
    }
    return out;
  }

}
