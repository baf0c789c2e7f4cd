package io.infrasync.internal.engine;

import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.SyncRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Orders the changes of a kind that references itself ({@code LocationGeneric.parent}): creates
 * parents first, deletes children first. Kinds without a self-reference are returned as they are.
 */
final class SelfReferences {
  private SelfReferences() {}

  static List<Change> parentsFirst(FieldLayout layout, List<Change> changes) {
    List<Integer> self = selfFields(layout);
    if (self.isEmpty() || changes.size() < 2) {
      return changes;
    }
    Map<Key, Change> byKey = new HashMap<>();
    changes.forEach(c -> byKey.put(c.key(), c));
    Map<Key, Integer> depth = new HashMap<>();
    for (Change c : changes) {
      depthOf(c, byKey, depth, self, 0);
    }
    List<Change> out = new ArrayList<>(changes);
    out.sort((a, b) -> Integer.compare(depth.getOrDefault(a.key(), 0), depth.getOrDefault(b.key(), 0)));
    return out;
  }

  static List<Change> childrenFirst(FieldLayout layout, List<Change> changes) {
    List<Integer> self = selfFields(layout);
    if (self.isEmpty() || changes.size() < 2) {
      return changes;
    }
    Map<Key, Change> byKey = new HashMap<>();
    changes.forEach(c -> byKey.put(c.key(), c));
    Map<Key, Integer> depth = new HashMap<>();
    for (Change c : changes) {
      depthOf(c, byKey, depth, self, 0);
    }
    List<Change> out = new ArrayList<>(changes);
    out.sort((a, b) -> Integer.compare(depth.getOrDefault(b.key(), 0), depth.getOrDefault(a.key(), 0)));
    return out;
  }

  /**
   * Splits changes (already ordered by {@link #parentsFirst} or {@link #childrenFirst}) into levels
   * that must be written one after the other: a record and the record it references never share a
   * level. Kinds without a self-reference give a single level.
   */
  static List<List<Change>> levels(FieldLayout layout, List<Change> changes) {
    List<Integer> self = selfFields(layout);
    if (self.isEmpty() || changes.size() < 2) {
      return changes.isEmpty() ? List.of() : List.of(changes);
    }
    Map<Key, Change> byKey = new HashMap<>();
    changes.forEach(c -> byKey.put(c.key(), c));
    Map<Key, Integer> depth = new HashMap<>();
    List<List<Change>> out = new ArrayList<>();
    int current = Integer.MIN_VALUE;
    for (Change c : changes) {
      int d = depthOf(c, byKey, depth, self, 0);
      if (d != current) {
        out.add(new ArrayList<>());
        current = d;
      }
      out.get(out.size() - 1).add(c);
    }
    return out;
  }

  /** Depth of a record among the changed records: 0 when its parent is not among them. */
  private static int depthOf(
      Change c, Map<Key, Change> byKey, Map<Key, Integer> depth, List<Integer> self, int guard) {
    Integer known = depth.get(c.key());
    if (known != null) {
      return known;
    }
    if (guard > byKey.size()) {
      return 0; // a cycle of self-references: order among the cycle does not matter
    }
    int d = 0;
    SyncRecord r = c.source() != null ? c.source() : c.destination();
    if (r != null) {
      for (int i : self) {
        for (Key parent : keys(r.get(i))) {
          Change p = byKey.get(parent);
          if (p != null && p != c) {
            d = Math.max(d, 1 + depthOf(p, byKey, depth, self, guard + 1));
          }
        }
      }
    }
    depth.put(c.key(), d);
    return d;
  }

  private static List<Key> keys(@Nullable Object v) {
    if (v instanceof Key k) {
      return List.of(k);
    }
    if (v instanceof List<?> l) {
      List<Key> out = new ArrayList<>();
      l.forEach(o -> {
        if (o instanceof Key k) {
          out.add(k);
        }
      });
      return out;
    }
    return List.of();
  }

  static List<Integer> selfFields(FieldLayout layout) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < layout.size(); i++) {
      FieldLayout.Reference ref = layout.reference(i);
      if (ref != null && ref.kind().equals(layout.kind())) {
        out.add(i);
      }
    }
    return out;
  }
}
