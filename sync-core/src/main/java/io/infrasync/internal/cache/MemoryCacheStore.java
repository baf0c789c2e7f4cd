package io.infrasync.internal.cache;

import io.infrasync.FieldLayout;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncError;
import io.infrasync.SyncException;
import io.infrasync.SyncRecord;
import io.infrasync.internal.adapters.WireValues;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunReader;
import io.infrasync.spi.RunWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** A cache store that keeps runs in memory: for tests and for hosts that want no files. Thread-safe. */
public final class MemoryCacheStore implements CacheStore {
  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final Semaphore lock = new Semaphore(1);
  private final List<MemoryRun> runs = new ArrayList<>();
  private Map<String, Long> baseline = Map.of();
  private int runsSinceFull;

  public MemoryCacheStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Lock lock(Duration timeout) {
    try {
      if (!lock.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SyncException(SyncException.Code.LOCK,
            "another run of this sync holds the in-memory pipeline lock; waited " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncException(SyncException.Code.INTERRUPTED, "interrupted while waiting for the pipeline lock", e);
    }
    return lock::release;
  }

  @Override
  public synchronized RunWriter startRun(String mode) {
    Instant now = clock.instant();
    String id = RUN_ID.format(now) + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    MemoryRun run = new MemoryRun(new RunInfo(id, mode, io.infrasync.spi.RunStatus.RUNNING, now, null, true, Map.of()));
    runs.add(run);
    return run;
  }

  @Override
  public synchronized List<RunInfo> runs() {
    return runs.stream().map(r -> r.info).toList();
  }

  @Override
  public synchronized Optional<RunReader> openRun(String runId) {
    return runs.stream().filter(r -> r.info.runId().equals(runId)).map(r -> (RunReader) r).findFirst();
  }

  @Override
  public synchronized Map<String, Long> baselineRowCounts() {
    return baseline;
  }

  @Override
  public synchronized void saveBaselineRowCounts(Map<String, Long> counts) {
    baseline = Map.copyOf(new TreeMap<>(counts));
  }

  @Override
  public synchronized int runsSinceFullExtract() {
    return runsSinceFull;
  }

  @Override
  public synchronized void saveRunsSinceFullExtract(int n) {
    runsSinceFull = n;
  }

  @Override
  public synchronized List<String> retain(int keepLast, Duration maxAge) {
    if (keepLast < 0) {
      throw new IllegalArgumentException("keepLast must be >= 0, was " + keepLast);
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
    }
    java.util.Set<String> keep = new java.util.HashSet<>();
    for (int i = Math.max(0, runs.size() - keepLast); i < runs.size(); i++) {
      keep.add(runs.get(i).info.runId());
    }
    Instant cutoff = clock.instant().minus(maxAge);
    for (MemoryRun r : runs) {
      if (r.info.startedAt().isAfter(cutoff) || r.info.status() == io.infrasync.spi.RunStatus.RUNNING) {
        keep.add(r.info.runId());
      }
    }
    for (int i = runs.size() - 1; i >= 0; i--) {
      if (runs.get(i).info.status().successful()) {
        keep.add(runs.get(i).info.runId());
        break;
      }
    }
    List<String> deleted = new ArrayList<>();
    runs.removeIf(r -> {
      boolean drop = !keep.contains(r.info.runId());
      if (drop) {
        deleted.add(r.info.runId());
      }
      return drop;
    });
    return List.copyOf(deleted);
  }

  @Override
  public String location() {
    return "memory";
  }

  /** The plan a run wrote, if any. */
  public synchronized Optional<Plan> plan(String runId) {
    return runs.stream().filter(r -> r.info.runId().equals(runId)).findFirst().map(r -> r.plan);
  }

  private static final class MemoryRun implements RunWriter, RunReader {
    private volatile RunInfo info;
    private final Map<String, List<RawRecord>> snapshots = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Side, Map<String, Cursor>> cursors = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile @Nullable Plan plan;
    private volatile List<SyncError> errors = List.of();
    private volatile @Nullable String subHash;

    MemoryRun(RunInfo info) {
      this.info = info;
    }

    @Override
    public String runId() {
      return info.runId();
    }

    @Override
    public void writeSnapshot(Side side, FieldLayout layout, Collection<SyncRecord> records, Instant extractedAt) {
      List<RawRecord> rows = new ArrayList<>(records.size());
      for (SyncRecord r : records) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        for (int i = 0; i < layout.size(); i++) {
          data.put(layout.name(i), WireValues.plain(r.get(i)));
        }
        rows.add(new RawRecord(r.serverId(), data));
      }
      snapshots.put(side.cacheName() + "/" + layout.kind(), List.copyOf(rows));
    }

    @Override
    public void writePlan(Plan p) {
      plan = p;
    }

    @Override
    public void writeErrors(List<SyncError> e) {
      errors = List.copyOf(e);
    }

    @Override
    public void writeCursors(Side side, Map<String, Cursor> c) {
      cursors.computeIfAbsent(side, s -> new java.util.concurrent.ConcurrentHashMap<>()).putAll(c);
    }

    @Override
    public void writeSchemaSubHash(String hash) {
      subHash = hash;
    }

    @Override
    public void writeInfo(RunInfo i) {
      info = i;
    }

    @Override
    public RunInfo info() {
      return info;
    }

    @Override
    public Optional<List<RawRecord>> snapshot(Side side, String kind) {
      return Optional.ofNullable(snapshots.get(side.cacheName() + "/" + kind));
    }

    @Override
    public Map<String, Cursor> cursors(Side side) {
      return Map.copyOf(cursors.getOrDefault(side, Map.of()));
    }

    @Override
    public Optional<String> schemaSubHash() {
      return Optional.ofNullable(subHash);
    }

    @Override
    public Optional<List<io.infrasync.spi.PlanRow>> plan() {
      Plan p = plan;
      return p == null ? Optional.empty() : Optional.of(io.infrasync.spi.PlanRow.of(p));
    }

    @Override
    public List<SyncError> errors() {
      return errors;
    }
  }
}
