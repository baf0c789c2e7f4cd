package io.infrasync.internal.engine;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Plan;
import io.infrasync.SyncRecord;
import io.infrasync.Values;
import io.infrasync.config.DiffFlag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Computes a {@link Plan} from the records of both sides, kind by kind, keyed by {@link Key}, with
 * diffsync's semantics: source-only records are created, records whose attributes differ are
 * updated, destination-only records are deleted, each subject to the flags.
 */
public final class Differ {

  /** The flags as diffsync applies them: no flag at all means {@code SKIP_UNMATCHED_DST}. */
  public record Flags(boolean skipUnmatchedSrc, boolean skipUnmatchedDst) {
    public static Flags of(Set<DiffFlag> flags) {
      Set<DiffFlag> f = new HashSet<>(flags);
      f.remove(DiffFlag.NONE);
      if (f.isEmpty()) {
        return new Flags(false, true);
      }
      boolean both = f.contains(DiffFlag.SKIP_UNMATCHED_BOTH);
      return new Flags(both || f.contains(DiffFlag.SKIP_UNMATCHED_SRC), both || f.contains(DiffFlag.SKIP_UNMATCHED_DST));
    }
  }

  private Differ() {}

  /**
   * Diffs every kind of {@code tiers}.
   *
   * @param skipped keys per kind that must be neither updated nor deleted (records that could not be
   *     mapped on the source side)
   */
  public static Plan diff(
      List<List<String>> tiers,
      Map<String, FieldLayout> layouts,
      Map<String, ? extends Collection<SyncRecord>> source,
      Map<String, ? extends Collection<SyncRecord>> destination,
      Flags flags,
      Map<String, Set<Key>> skipped) {
    List<String> kinds = tiers.stream().flatMap(List::stream).toList();
    Map<String, List<Change>> creates = new ConcurrentHashMap<>();
    Map<String, List<Change>> updates = new ConcurrentHashMap<>();
    Map<String, List<Change>> deletes = new ConcurrentHashMap<>();
    IntStream.range(0, kinds.size()).parallel().forEach(i -> {
      String kind = kinds.get(i);
      int tier = tierOf(tiers, kind);
      Collection<SyncRecord> src = source.get(kind);
      Collection<SyncRecord> dst = destination.get(kind);
      KindDiff d = diffKind(kind, tier, src == null ? List.of() : src, dst == null ? List.of() : dst, flags,
          skipped.getOrDefault(kind, Set.of()));
      Comparator<Change> byKey = Comparator.comparing(Change::key);
      d.creates().sort(byKey);
      d.updates().sort(byKey);
      d.deletes().sort(byKey);
      FieldLayout layout = layouts.get(kind);
      creates.put(kind, layout == null ? d.creates : SelfReferences.parentsFirst(layout, d.creates));
      updates.put(kind, d.updates);
      deletes.put(kind, layout == null ? d.deletes : SelfReferences.childrenFirst(layout, d.deletes));
    });
    List<Change> ordered = new ArrayList<>();
    for (String kind : kinds) {
      ordered.addAll(creates.get(kind));
      ordered.addAll(updates.get(kind));
    }
    for (int t = tiers.size() - 1; t >= 0; t--) {
      List<String> tier = tiers.get(t);
      for (int k = tier.size() - 1; k >= 0; k--) {
        ordered.addAll(deletes.get(tier.get(k)));
      }
    }
    return new Plan(ordered, tiers);
  }

  private record KindDiff(List<Change> creates, List<Change> updates, List<Change> deletes) {}

  private static KindDiff diffKind(
      String kind, int tier, Collection<SyncRecord> src, Collection<SyncRecord> dst, Flags flags, Set<Key> skipped) {
    Map<Key, SyncRecord> dstByKey = new HashMap<>(Math.max(16, dst.size() * 4 / 3 + 1));
    for (SyncRecord r : dst) {
      dstByKey.put(r.key(), r);
    }
    List<Change> creates = new ArrayList<>();
    List<Change> updates = new ArrayList<>();
    for (SyncRecord s : src) {
      Key key = s.key();
      SyncRecord d = dstByKey.remove(key); // what remains afterwards exists only in the destination
      if (d == null) {
        if (!flags.skipUnmatchedSrc()) {
          creates.add(new Change(Action.CREATE, kind, key, s, null, createAttributes(s), tier));
        }
      } else if (!s.sameAttributes(d)) {
        updates.add(new Change(Action.UPDATE, kind, key, s, d, changedAttributes(s, d), tier));
      }
    }
    List<Change> deletes = new ArrayList<>();
    if (!flags.skipUnmatchedDst()) {
      for (SyncRecord d : dstByKey.values()) {
        if (!skipped.contains(d.key())) {
          deletes.add(new Change(Action.DELETE, kind, d.key(), null, d, List.of(), tier));
        }
      }
    }
    return new KindDiff(creates, updates, deletes);
  }

  private static List<AttributeChange> createAttributes(SyncRecord s) {
    FieldLayout layout = s.layout();
    List<AttributeChange> out = new ArrayList<>();
    for (String name : layout.attributes()) {
      Object v = s.get(name);
      if (v != null) {
        out.add(new AttributeChange(name, null, v));
      }
    }
    return out;
  }

  private static List<AttributeChange> changedAttributes(SyncRecord s, SyncRecord d) {
    List<AttributeChange> out = new ArrayList<>(2);
    for (String name : s.layout().attributes()) {
      Object nv = s.get(name);
      Object ov = d.get(name);
      if (!Values.equal(nv, ov)) {
        out.add(new AttributeChange(name, ov, nv));
      }
    }
    return out;
  }

  private static int tierOf(List<List<String>> tiers, String kind) {
    for (int i = 0; i < tiers.size(); i++) {
      if (tiers.get(i).contains(kind)) {
        return i;
      }
    }
    return -1;
  }
}
