package io.infrasync.internal.engine;

import io.infrasync.AdapterException;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Side;
import io.infrasync.SyncError;
import io.infrasync.SyncException;
import io.infrasync.SyncRecord;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.mapping.PendingRecord;
import io.infrasync.internal.mapping.RecordAssembler;
import io.infrasync.internal.mapping.SourceMapper;
import io.infrasync.internal.mapping.TransformFunctions;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.SyncListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Extracts one side: reads each resource once (several schema_mapping entries may share one), maps
 * every raw record (source: filters, transforms, field paths; destination: fields by name), then
 * assembles keyed records with references resolved through indexes.
 */
final class Loader {
  private static final long PROGRESS_EVERY = 10_000;

  /** What a side's extraction produced. */
  record Extract(
      Side side,
      Map<String, List<SyncRecord>> records,
      List<SyncError> errors,
      Map<String, Set<Key>> skipped,
      Instant startedAt,
      Duration took,
      Map<String, Cursor> cursors,
      Map<String, String> fullReasons,
      Set<String> incrementalKinds) {}

  private final SyncConfig config;
  private final Map<String, FieldLayout> layouts;
  private final List<String> kinds;
  private final TransformFunctions functions;
  private final SyncListener listener;
  private final boolean continueOnError;
  private final ExecutorService executor;
  private final int readConcurrency;

  Loader(
      SyncConfig config,
      Map<String, FieldLayout> layouts,
      List<String> kinds,
      TransformFunctions functions,
      SyncListener listener,
      boolean continueOnError,
      ExecutorService executor,
      int readConcurrency) {
    this.config = config;
    this.layouts = layouts;
    this.kinds = kinds;
    this.functions = functions;
    this.listener = listener;
    this.continueOnError = continueOnError;
    this.executor = executor;
    this.readConcurrency = readConcurrency;
  }

  /** One read: a request and the mappers that turn its raw records into pending records per kind. */
  private record Job(ReadRequest request, List<Mapper> mappers) {
    List<String> kinds() {
      return mappers.stream().map(Mapper::kind).distinct().toList();
    }
  }

  private interface Mapper {
    String kind();

    @Nullable PendingRecord map(RawRecord raw);
  }

  Extract extract(Side side, Adapter adapter) {
    return extract(side, adapter, Incremental.off());
  }

  Extract extract(Side side, Adapter adapter, Incremental incremental) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<Job> jobs = jobs(side, adapter);
    Map<String, Integer> readsPerKind = new java.util.HashMap<>();
    jobs.forEach(j -> j.kinds().forEach(k -> readsPerKind.merge(k, 1, Integer::sum)));
    Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    Map<String, String> reasons = new ConcurrentHashMap<>();
    Set<String> incrementalKinds = ConcurrentHashMap.newKeySet();
    Map<String, List<PendingRecord>> pending = new ConcurrentHashMap<>();
    kinds.forEach(k -> pending.put(k, Collections.synchronizedList(new ArrayList<>())));
    Map<String, List<PendingRecord>> superseded = new ConcurrentHashMap<>();
    boolean parallel = adapter.capabilities().threadSafe() && readConcurrency > 1 && jobs.size() > 1;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (Job job : jobs) {
      tasks.add(() -> {
        List<String> jobKinds = job.kinds();
        boolean shared = jobKinds.stream().anyMatch(k -> readsPerKind.getOrDefault(k, 0) > 1);
        if (incremental.wantsWatermark(adapter, job.request())) {
          adapter.watermark(job.request()).ifPresent(c -> cursors.put(job.request().kind(), c));
        }
        Incremental.Decision d = incremental.decide(side, adapter, job.request(), jobKinds, shared);
        if (d.incremental()) {
          runIncremental(side, adapter, job, d, pending, superseded);
          incrementalKinds.addAll(jobKinds);
        } else {
          String reason = d.fullReason();
          if (reason != null) {
            jobKinds.forEach(k -> reasons.put(k, reason));
          }
          runJob(side, adapter, job, pending);
        }
        return null;
      });
    }
    if (parallel) {
      runBounded(tasks);
    } else {
      for (Callable<Void> t : tasks) {
        try {
          t.call();
        } catch (SyncException e) {
          throw e;
        } catch (Exception e) {
          throw new AdapterException(side + " read failed: " + e.getMessage(), false, e);
        }
      }
    }
    Map<String, List<PendingRecord>> ordered = new LinkedHashMap<>();
    kinds.forEach(k -> ordered.put(k, pending.get(k)));
    RecordAssembler.Assembly assembly =
        RecordAssembler.assemble(side, ordered, superseded, layouts, kinds, continueOnError);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    listener.phaseFinished(side == Side.SOURCE ? "load:source" : "load:destination", took);
    Map<String, String> orderedReasons = new LinkedHashMap<>();
    kinds.stream().filter(reasons::containsKey).forEach(k -> orderedReasons.put(k, reasons.get(k)));
    return new Extract(side, assembly.recordsByKind(), assembly.errors(), assembly.skippedKeys(), started, took,
        Map.copyOf(cursors), orderedReasons, Set.copyOf(incrementalKinds));
  }

  /**
   * Hydrates the previous snapshot of every kind of the job, upserts the records changed since the
   * cursor over it (by server id), and drops records whose server id is gone when the adapter can
   * list ids cheaply.
   */
  private void runIncremental(Side side, Adapter adapter, Job job, Incremental.Decision d,
      Map<String, List<PendingRecord>> pending, Map<String, List<PendingRecord>> superseded) {
    long t0 = System.nanoTime();
    Map<String, Map<String, PendingRecord>> byKind = new LinkedHashMap<>();
    d.previous().forEach((kind, rows) -> {
      SchemaMapping hydration = effective(merged(config.mappingsOf(kind)), Side.DESTINATION, Adapter.Addressing.NAMES);
      SourceMapper sm = SourceMapper.compile(hydration, java.util.Objects.requireNonNull(layouts.get(kind)), functions);
      Map<String, PendingRecord> m = new LinkedHashMap<>();
      for (RawRecord raw : rows) {
        PendingRecord p = sm.map(raw);
        if (p != null) {
          m.put(java.util.Objects.requireNonNull(raw.id()), p);
        }
      }
      byKind.put(kind, m);
    });
    AtomicLong changed = new AtomicLong();
    adapter.readChangedSince(job.request(), java.util.Objects.requireNonNull(d.since()), raw -> {
      String id = raw.id();
      synchronized (byKind) {
        changed.incrementAndGet();
        for (Mapper mapper : job.mappers()) {
          Map<String, PendingRecord> m = byKind.computeIfAbsent(mapper.kind(), k -> new LinkedHashMap<>());
          PendingRecord p = mapper.map(raw);
          if (id == null) {
            throw new AdapterException(side + " " + job.request().resource()
                + ": a changed record has no server id, so it cannot be merged into the previous snapshot", false, null);
          }
          PendingRecord before = m.remove(id);
          if (p != null) {
            m.put(id, p);
          }
          if (before != null) {
            // a renamed peer: unchanged hydrated records still name it by its former key
            superseded.computeIfAbsent(mapper.kind(), k -> Collections.synchronizedList(new ArrayList<>())).add(before);
          }
        }
      }
    });
    if (adapter.capabilities().idListing()) {
      Set<String> ids = adapter.listIds(job.request());
      byKind.values().forEach(m -> m.keySet().retainAll(ids));
    }
    long total = 0;
    for (var e : byKind.entrySet()) {
      java.util.Objects.requireNonNull(pending.get(e.getKey())).addAll(e.getValue().values());
      total += e.getValue().size();
    }
    listener.kindRead(side, job.request().kind(), total, Duration.ofNanos(System.nanoTime() - t0), true);
    System.getLogger("io.infrasync.engine").log(System.Logger.Level.INFO,
        "{0} {1}: incremental read since {2}: {3} changed, {4} records", side, job.request().kind(), d.since(),
        changed.get(), total);
  }

  private void runJob(Side side, Adapter adapter, Job job, Map<String, List<PendingRecord>> pending) {
    long t0 = System.nanoTime();
    AtomicLong count = new AtomicLong();
    String kind = job.request().kind();
    Consumer<RawRecord> sink = raw -> {
      for (Mapper m : job.mappers()) {
        PendingRecord p = m.map(raw);
        if (p != null) {
          java.util.Objects.requireNonNull(pending.get(m.kind())).add(p);
        }
      }
      long n = count.incrementAndGet();
      if (n % PROGRESS_EVERY == 0) {
        listener.readProgress(side, kind, n);
      }
    };
    adapter.read(job.request(), sink);
    listener.kindRead(side, kind, count.get(), Duration.ofNanos(System.nanoTime() - t0), false);
  }

  private void runBounded(List<Callable<Void>> tasks) {
    java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(readConcurrency);
    List<Future<Void>> futures = new ArrayList<>();
    for (Callable<Void> t : tasks) {
      futures.add(executor.submit(() -> {
        permits.acquire();
        try {
          return t.call();
        } finally {
          permits.release();
        }
      }));
    }
    Throwable first = null;
    for (Future<Void> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause();
          futures.forEach(other -> other.cancel(true));
        }
      } catch (java.util.concurrent.CancellationException e) {
        // cancelled after the first failure
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(other -> other.cancel(true));
        throw new SyncException(SyncException.Code.INTERRUPTED, "interrupted while reading", e);
      }
    }
    if (first instanceof SyncException se) {
      throw se;
    }
    if (first != null) {
      throw new AdapterException("read failed: " + first, false, first);
    }
  }

  private List<Job> jobs(Side side, Adapter adapter) {
    Adapter.Addressing addressing = adapter.addressing(side);
    Map<String, List<SchemaMapping>> byResource = new LinkedHashMap<>();
    for (SchemaMapping m : config.schemaMapping()) {
      if (!kinds.contains(m.name())) {
        continue;
      }
      String resource = addressing == Adapter.Addressing.NAMES ? m.name() : m.mapping();
      if (resource == null) {
        continue;
      }
      byResource.computeIfAbsent(resource, r -> new ArrayList<>()).add(m);
    }
    List<Job> jobs = new ArrayList<>();
    byResource.forEach((resource, entries) -> {
      List<Mapper> mappers = new ArrayList<>();
      List<SchemaMapping> toMap = addressing == Adapter.Addressing.NAMES ? List.of(merged(entries)) : entries;
      for (SchemaMapping m : toMap) {
        SchemaMapping e = effective(m, side, addressing);
        SourceMapper sm = SourceMapper.compile(e, java.util.Objects.requireNonNull(layouts.get(m.name())), functions);
        mappers.add(new Mapper() {
          @Override
          public String kind() {
            return m.name();
          }

          @Override
          public @Nullable PendingRecord map(RawRecord raw) {
            return sm.map(raw);
          }
        });
      }
      jobs.add(new Job(new ReadRequest(side, resource, entries.get(0).name(), entries), mappers));
    });
    return jobs;
  }

  /**
   * One entry for a kind read by name: the first entry's filters and transforms, every field of
   * every entry of the kind (first definition wins), as infrahub-sync's Infrahub loader reads a kind
   * once.
   */
  private static SchemaMapping merged(List<SchemaMapping> entries) {
    SchemaMapping first = entries.get(0);
    Map<String, FieldMapping> fields = new LinkedHashMap<>();
    for (SchemaMapping m : entries) {
      m.fields().forEach(f -> fields.putIfAbsent(f.name(), f));
    }
    return new SchemaMapping(first.name(), first.mapping(), first.identifiers(), List.copyOf(fields.values()),
        first.filters(), first.transforms(), first.location());
  }

  /**
   * The entry as this side reads it: filters and transforms only on the source side; with
   * {@link Adapter.Addressing#NAMES} every field is read by its name (statics too on the destination,
   * which holds what was written).
   */
  static SchemaMapping effective(SchemaMapping m, Side side, Adapter.Addressing addressing) {
    boolean source = side == Side.SOURCE;
    if (addressing == Adapter.Addressing.PATHS && source) {
      return m;
    }
    List<FieldMapping> fields = new ArrayList<>();
    for (FieldMapping f : m.fields()) {
      if (addressing == Adapter.Addressing.NAMES && !(source && f.hasStatic())) {
        fields.add(new FieldMapping(f.name(), f.name(), null, false, f.reference(), f.location()));
      } else {
        fields.add(f);
      }
    }
    return new SchemaMapping(m.name(), m.mapping(), m.identifiers(), fields,
        source ? m.filters() : List.of(), source ? m.transforms() : List.of(), m.location());
  }
}
