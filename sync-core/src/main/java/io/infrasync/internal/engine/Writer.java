package io.infrasync.internal.engine;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Plan;
import io.infrasync.SyncError;
import io.infrasync.SyncException;
import io.infrasync.SyncRecord;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.graph.DependencyGraph;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.SyncListener;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Writes a plan to the destination: creates and updates tier by tier (kinds of one tier in parallel,
 * bounded), a self-referencing kind level by level, references dropped to break a cycle set by a
 * follow-up update once both ends exist, then deletes in reverse tier order. Records the server id
 * of every created record so that later tiers can reference it.
 */
final class Writer {

  /** Per-kind outcome counters. */
  static final class Counts {
    final AtomicLong created = new AtomicLong();
    final AtomicLong updated = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
  }

  /** The outcome of writing a plan. */
  record Result(Map<String, Counts> counts, List<SyncError> errors, boolean complete) {}

  private final SyncConfig config;
  private final Adapter destination;
  private final Map<String, FieldLayout> layouts;
  private final ExecutorService executor;
  private final int concurrency;
  private final boolean continueOnFailure;
  private final SyncListener listener;
  private final Map<String, Map<Key, String>> ids = new ConcurrentHashMap<>();
  private final Map<String, Counts> counts = new ConcurrentHashMap<>();
  private final List<SyncError> errors = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Set<String>> deferredFields;

  Writer(
      SyncConfig config,
      Adapter destination,
      Map<String, FieldLayout> layouts,
      Map<String, ? extends Collection<SyncRecord>> destinationRecords,
      List<DependencyGraph.Edge> droppedEdges,
      ExecutorService executor,
      int concurrency,
      boolean continueOnFailure,
      SyncListener listener) {
    this.config = config;
    this.destination = destination;
    this.layouts = layouts;
    this.executor = executor;
    this.concurrency = concurrency;
    this.continueOnFailure = continueOnFailure;
    this.listener = listener;
    destinationRecords.forEach((kind, records) -> {
      Map<Key, String> m = ids.computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
      for (SyncRecord r : records) {
        if (r.serverId() != null) {
          m.put(r.key(), r.serverId());
        }
      }
    });
    Map<String, Set<String>> deferred = new HashMap<>();
    for (DependencyGraph.Edge e : droppedEdges) {
      deferred.computeIfAbsent(e.from(), k -> new HashSet<>()).add(e.field());
    }
    this.deferredFields = deferred;
  }

  private final WriteContext context = new WriteContext() {
    @Override
    public @Nullable String serverId(String kind, Key key) {
      Map<Key, String> m = ids.get(kind);
      return m == null ? null : m.get(key);
    }

    @Override
    public List<SchemaMapping> mappingsOf(String kind) {
      return config.mappingsOf(kind);
    }

    @Override
    public String sourceName() {
      return config.source().name();
    }
  };

  /** The destination server id of a record, known before the run or created by it; null when unknown. */
  @Nullable String serverId(String kind, Key key) {
    return context.serverId(kind, key);
  }

  Result write(Plan plan) {
    Map<String, List<Change>> upserts = new LinkedHashMap<>();
    Map<String, List<Change>> deletes = new LinkedHashMap<>();
    List<Change> followUps = new ArrayList<>();
    for (Change c : plan) {
      if (c.action() == Action.DELETE) {
        deletes.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c);
      } else {
        Change first = deferCycleFields(c, followUps);
        upserts.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(first);
      }
    }
    boolean serial = !config.order().isEmpty();
    List<List<String>> tiers = plan.tiers();
    boolean ok = true;
    for (int t = 0; t < tiers.size() && ok; t++) {
      List<String> tier = tiers.get(t);
      listener.tierStarted(t, tier);
      List<Callable<Boolean>> kindTasks = new ArrayList<>();
      for (String kind : tier) {
        List<Change> changes = upserts.getOrDefault(kind, List.of());
        if (!changes.isEmpty()) {
          kindTasks.add(() -> writeKind(kind, changes));
        }
      }
      ok = runAll(kindTasks, serial);
    }
    if (ok && !followUps.isEmpty()) {
      Map<String, List<Change>> byKind = new LinkedHashMap<>();
      followUps.forEach(c -> byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c));
      List<Callable<Boolean>> tasks = new ArrayList<>();
      byKind.forEach((kind, changes) -> tasks.add(() -> writeKind(kind, changes)));
      ok = runAll(tasks, serial);
    }
    for (int t = tiers.size() - 1; t >= 0 && ok; t--) {
      List<Callable<Boolean>> kindTasks = new ArrayList<>();
      for (String kind : tiers.get(t)) {
        List<Change> changes = deletes.getOrDefault(kind, List.of());
        if (!changes.isEmpty()) {
          kindTasks.add(() -> writeKind(kind, changes));
        }
      }
      ok = runAll(kindTasks, serial);
    }
    destination.flush();
    return new Result(counts, List.copyOf(errors), ok);
  }

  /**
   * For a create or update of a kind with references dropped to break a cycle: the change without
   * those fields now, and an update setting them once every tier exists.
   */
  private Change deferCycleFields(Change c, List<Change> followUps) {
    Set<String> fields = deferredFields.get(c.kind());
    SyncRecord src = c.source();
    if (fields == null || src == null) {
      return c;
    }
    List<AttributeChange> now = new ArrayList<>();
    List<AttributeChange> later = new ArrayList<>();
    for (AttributeChange a : c.attributes()) {
      (fields.contains(a.name()) && a.newValue() != null ? later : now).add(a);
    }
    if (later.isEmpty()) {
      return c;
    }
    FieldLayout layout = src.layout();
    @Nullable Object[] values = new Object[layout.size()];
    for (int i = 0; i < layout.size(); i++) {
      values[i] = fields.contains(layout.name(i)) && c.action() == Action.CREATE ? null : src.get(i);
    }
    SyncRecord partial = SyncRecord.of(layout, values, null);
    if (c.action() == Action.CREATE) {
      SyncRecord before = partial;
      followUps.add(new Change(Action.UPDATE, c.kind(), c.key(), src, before, later, c.tier()));
      return new Change(Action.CREATE, c.kind(), c.key(), partial, null, now, c.tier());
    }
    SyncRecord dst = java.util.Objects.requireNonNull(c.destination());
    followUps.add(new Change(Action.UPDATE, c.kind(), c.key(), src, dst, later, c.tier()));
    if (now.isEmpty()) {
      return new Change(Action.UPDATE, c.kind(), c.key(), dst, dst, List.of(), c.tier());
    }
    return new Change(Action.UPDATE, c.kind(), c.key(), src, dst, now, c.tier());
  }

  private boolean runAll(List<Callable<Boolean>> tasks, boolean serial) {
    if (tasks.isEmpty()) {
      return true;
    }
    if (serial || tasks.size() == 1 || concurrency <= 1) {
      boolean ok = true;
      for (Callable<Boolean> t : tasks) {
        ok &= call(t);
        if (!ok && !continueOnFailure) {
          return false;
        }
      }
      return ok;
    }
    Semaphore permits = new Semaphore(concurrency);
    List<Future<Boolean>> futures = new ArrayList<>();
    for (Callable<Boolean> t : tasks) {
      futures.add(executor.submit(() -> {
        permits.acquire();
        try {
          return t.call();
        } finally {
          permits.release();
        }
      }));
    }
    boolean ok = true;
    RuntimeException failure = null;
    for (Future<Boolean> f : futures) {
      try {
        ok &= f.get();
      } catch (ExecutionException e) {
        ok = false;
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re
              : new SyncException(SyncException.Code.WRITE, "write failed: " + e.getCause(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SyncException(SyncException.Code.INTERRUPTED, "interrupted while writing", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return ok;
  }

  private static boolean call(Callable<Boolean> t) {
    try {
      return t.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SyncException(SyncException.Code.WRITE, "write failed: " + e, e);
    }
  }

  /** Writes the changes of one kind (one action or creates+updates), level by level, in batches. */
  private boolean writeKind(String kind, List<Change> changes) {
    FieldLayout layout = layouts.get(kind);
    if (layout == null) {
      throw new IllegalStateException("no layout for " + kind);
    }
    Counts c = counts.computeIfAbsent(kind, k -> new Counts());
    int batchSize = destination.capabilities().writeBatchSize();
    boolean ok = true;
    Map<Action, List<Change>> byAction = new LinkedHashMap<>();
    for (Change ch : changes) {
      byAction.computeIfAbsent(ch.action(), a -> new ArrayList<>()).add(ch);
    }
    long total = changes.size();
    long done = 0;
    for (Map.Entry<Action, List<Change>> e : byAction.entrySet()) {
      Action action = e.getKey();
      for (List<Change> level : SelfReferences.levels(layout, e.getValue())) {
        for (int from = 0; from < level.size(); from += batchSize) {
          List<Change> slice = level.subList(from, Math.min(level.size(), from + batchSize));
          ok &= writeBatch(kind, action, layout, slice, c);
          done += slice.size();
          listener.writeProgress(kind, action, done, total);
          if (!ok && !continueOnFailure) {
            return false;
          }
        }
      }
    }
    return ok;
  }

  private boolean writeBatch(String kind, Action action, FieldLayout layout, List<Change> slice, Counts c) {
    List<WriteOutcome> outcomes;
    try {
      outcomes = destination.write(new WriteBatch(kind, action, layout, slice), context);
    } catch (io.infrasync.AdapterException e) {
      for (Change ch : slice) {
        fail(kind, ch, null, e.getMessage(), 0, c);
      }
      return false;
    }
    if (outcomes.size() != slice.size()) {
      throw new SyncException(SyncException.Code.WRITE, "adapter returned " + outcomes.size()
          + " outcomes for a batch of " + slice.size() + " " + action.wireName() + " " + kind);
    }
    boolean ok = true;
    for (int i = 0; i < slice.size(); i++) {
      Change ch = slice.get(i);
      WriteOutcome o = outcomes.get(i);
      if (!o.ok()) {
        ok = false;
        fail(kind, ch, o.field(), o.message() == null ? "write failed" : o.message(), o.retries(), c);
        continue;
      }
      switch (action) {
        case CREATE -> {
          c.created.incrementAndGet();
          if (o.serverId() != null) {
            ids.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).put(ch.key(), o.serverId());
          }
        }
        case UPDATE -> c.updated.incrementAndGet();
        case DELETE -> {
          c.deleted.incrementAndGet();
          Map<Key, String> m = ids.get(kind);
          if (m != null) {
            m.remove(ch.key());
          }
        }
      }
    }
    return ok;
  }

  private void fail(String kind, Change ch, @Nullable String field, @Nullable String message, int retries, Counts c) {
    c.failed.incrementAndGet();
    errors.add(new SyncError("write", kind, ch.key().toString(), ch.destinationId(), field,
        ch.action().wireName() + " failed: " + message, "fix the record or the destination and run again",
        retries, true));
  }
}
