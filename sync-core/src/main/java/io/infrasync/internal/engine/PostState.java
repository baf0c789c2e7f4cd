package io.infrasync.internal.engine;

import io.infrasync.Change;
import io.infrasync.Key;
import io.infrasync.Plan;
import io.infrasync.SyncRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The destination as it is after a fully written plan: the records read, minus the deleted ones,
 * with updated records replaced by their target and created records added with their new server
 * ids. It is re-snapshotted so that the next incremental run hydrates what the destination holds.
 */
final class PostState {
  private PostState() {}

  static Map<String, List<SyncRecord>> of(Map<String, List<SyncRecord>> destination, Plan plan,
      BiFunction<String, Key, @Nullable String> serverIds) {
    Map<String, Map<Key, SyncRecord>> byKind = new LinkedHashMap<>();
    destination.forEach((kind, records) -> {
      Map<Key, SyncRecord> m = new LinkedHashMap<>();
      records.forEach(r -> m.put(r.key(), r));
      byKind.put(kind, m);
    });
    for (Change c : plan) {
      Map<Key, SyncRecord> m = byKind.computeIfAbsent(c.kind(), k -> new LinkedHashMap<>());
      switch (c.action()) {
        case DELETE -> m.remove(c.key());
        case UPDATE -> m.put(c.key(), Objects.requireNonNull(c.source())
            .withServerId(Objects.requireNonNull(c.destination()).serverId()));
        case CREATE -> m.put(c.key(), Objects.requireNonNull(c.source())
            .withServerId(serverIds.apply(c.kind(), c.key())));
      }
    }
    Map<String, List<SyncRecord>> out = new LinkedHashMap<>();
    byKind.forEach((kind, m) -> out.put(kind, new ArrayList<>(m.values())));
    return out;
  }
}
