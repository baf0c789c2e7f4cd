package io.infrasync.internal.engine;

import io.infrasync.Side;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunReader;
import io.infrasync.spi.RunStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides, per side and read, between a full extract and an incremental one (hydrate the previous
 * successful sync's snapshot, then read what changed since its cursor). Incremental needs: the
 * option on, a previous successful sync, an equal schema sub-hash, an adapter cursor for the
 * resource, the resync cadence not reached, and a cursor and a snapshot with server ids in the
 * previous run.
 */
final class Incremental {
  /** Either a full read (with the reason when incremental was asked for) or an incremental one. */
  record Decision(@Nullable Cursor since, Map<String, List<RawRecord>> previous, @Nullable String fullReason) {
    boolean incremental() {
      return since != null;
    }

    static Decision full(@Nullable String reason) {
      return new Decision(null, Map.of(), reason);
    }
  }

  private final boolean enabled;
  private final @Nullable RunReader previous;
  private final @Nullable String runWideReason;

  private Incremental(boolean enabled, @Nullable RunReader previous, @Nullable String runWideReason) {
    this.enabled = enabled;
    this.previous = previous;
    this.runWideReason = runWideReason;
  }

  /** Full extracts, no watermarks. */
  static Incremental off() {
    return new Incremental(false, null, null);
  }

  /**
   * The decision maker of one run.
   *
   * @param subHash the current schema sub-hash
   * @param cadence {@code incremental.full_resync_every}; 0 disables the cadence
   */
  static Incremental of(CacheStore cache, String subHash, int cadence) {
    RunReader prev = previousSync(cache).orElse(null);
    String reason = null;
    int since = cache.runsSinceFullExtract();
    if (prev == null) {
      reason = "no previous successful sync";
    } else if (!prev.schemaSubHash().map(subHash::equals).orElse(false)) {
      reason = "schema sub-hash changed (was " + prev.schemaSubHash().orElse("none") + ", now " + subHash + ")";
    } else if (cadence > 0 && since >= cadence) {
      reason = "full resync cadence reached (" + since + " runs since the last full extract, full_resync_every="
          + cadence + ")";
    }
    return new Incremental(true, prev, reason);
  }

  /** The newest successful sync: the only runs whose snapshots and cursors match what was written. */
  static Optional<RunReader> previousSync(CacheStore cache) {
    List<RunInfo> runs = cache.runs();
    for (int i = runs.size() - 1; i >= 0; i--) {
      RunInfo r = runs.get(i);
      if (r.status() == RunStatus.APPLIED && r.mode().equals("sync")) {
        return cache.openRun(r.runId());
      }
    }
    return Optional.empty();
  }

  boolean enabled() {
    return enabled;
  }

  /** Whether a watermark should be taken for this read (before it starts). */
  boolean wantsWatermark(Adapter adapter, ReadRequest request) {
    return enabled && hasCursor(adapter, request);
  }

  private static boolean hasCursor(Adapter adapter, ReadRequest request) {
    return adapter.capabilities().cursors() && adapter.supportsCursor(request);
  }

  /**
   * Decides one read.
   *
   * @param kinds the kinds the read feeds
   * @param shared whether one of those kinds is also fed by another read
   */
  Decision decide(Side side, Adapter adapter, ReadRequest request, List<String> kinds, boolean shared) {
    if (!enabled) {
      return Decision.full(null);
    }
    RunReader prev = previous;
    if (runWideReason != null || prev == null) {
      return Decision.full(runWideReason);
    }
    if (!hasCursor(adapter, request)) {
      return Decision.full("the " + side.cacheName() + " adapter has no change cursor for " + request.resource());
    }
    if (shared) {
      return Decision.full(request.kind() + " is read from several resources");
    }
    Cursor since = prev.cursors(side).get(request.kind());
    if (since == null) {
      return Decision.full("the previous sync " + prev.info().runId() + " has no cursor for " + request.kind());
    }
    Map<String, List<RawRecord>> snapshots = new LinkedHashMap<>();
    for (String kind : kinds) {
      Optional<List<RawRecord>> rows = prev.snapshot(side, kind);
      if (rows.isEmpty()) {
        return Decision.full("the previous sync " + prev.info().runId() + " has no snapshot of " + kind);
      }
      if (rows.get().stream().anyMatch(r -> r.id() == null)) {
        return Decision.full("the previous snapshot of " + kind + " has records without a server id");
      }
      snapshots.put(kind, rows.get());
    }
    return new Decision(since, snapshots, null);
  }
}
