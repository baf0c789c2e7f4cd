package io.infrasync.internal.engine;

import io.infrasync.Action;
import io.infrasync.ConfigurationException;
import io.infrasync.FieldLayout;
import io.infrasync.GuardrailException;
import io.infrasync.Guardrails;
import io.infrasync.KindCounts;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncError;
import io.infrasync.SyncException;
import io.infrasync.SyncRecord;
import io.infrasync.SyncReport;
import io.infrasync.WriteFailedException;
import io.infrasync.config.AdapterConfig;
import io.infrasync.config.DiffFlag;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.graph.DependencyGraph;
import io.infrasync.internal.mapping.Layouts;
import io.infrasync.internal.mapping.TemplateCheck;
import io.infrasync.internal.mapping.TransformFunctions;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.AdapterProvider;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.PlanRow;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunReader;
import io.infrasync.spi.RunStatus;
import io.infrasync.spi.RunWriter;
import io.infrasync.spi.Settings;
import io.infrasync.spi.SyncListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The engine behind {@link io.infrasync.SyncEngine}: one configuration, two adapters, one cache store. */
public final class Engine implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.infrasync.engine");

  /** Everything the public builder collects. */
  public record Options(
      SyncConfig config,
      @Nullable Adapter source,
      @Nullable Adapter destination,
      CacheStore cache,
      List<SyncListener> listeners,
      boolean concurrentLoad,
      int writeConcurrency,
      int readConcurrency,
      boolean continueOnError,
      @Nullable ExecutorService executor,
      Clock clock,
      Function<String, @Nullable String> env,
      @Nullable String branch,
      Duration lockTimeout,
      TransformFunctions functions,
      boolean incremental,
      Guardrails guardrails,
      @Nullable Retention retention) {}

  /** Keep the newest {@code keepLast} runs and every run younger than {@code maxAge}. */
  public record Retention(int keepLast, Duration maxAge) {}

  private final Options options;
  private final SyncConfig config;
  private final Adapter source;
  private final Adapter destination;
  private final boolean ownExecutor;
  private final ExecutorService executor;
  private final SyncListener listener;
  private final DependencyGraph.Tiers tiers;
  private final Map<String, FieldLayout> layouts;
  /** Warnings of the engine's construction, reported with every run. */
  private final List<String> warnings = new ArrayList<>();
  /** Warnings of the current run (runs are serialised by the pipeline lock); cleared when a run starts. */
  private final List<String> runWarnings = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile boolean constructed;

  public Engine(Options options) {
    this.options = options;
    this.config = options.config();
    this.ownExecutor = options.executor() == null;
    this.executor = options.executor() != null ? options.executor()
        : Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "infrasync-" + config.name());
          t.setDaemon(true);
          return t;
        });
    this.listener = new Listeners(options.listeners());
    this.tiers = DependencyGraph.compute(config);
    tiers.warnings().forEach(this::warn);
    TemplateCheck.compileAll(config, options.functions());
    Adapter src = options.source();
    Adapter dst = options.destination();
    List<ConfigurationException.Problem> problems = new ArrayList<>();
    if (src == null) {
      src = create(config.source(), Side.SOURCE, problems);
    }
    if (dst == null) {
      dst = create(config.destination(), Side.DESTINATION, problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    this.source = java.util.Objects.requireNonNull(src);
    this.destination = java.util.Objects.requireNonNull(dst);
    Adapter forSchema = this.destination;
    this.layouts = Layouts.of(config, forSchema::uniqueFields);
    this.constructed = true;
  }

  private @Nullable Adapter create(AdapterConfig side, Side which, List<ConfigurationException.Problem> problems) {
    String where = side.location().toString();
    try {
      AdapterProvider provider = Providers.adapter(side.adapterName(), where);
      String sideName = which == Side.SOURCE ? "source" : "destination";
      Settings settings = SettingsResolver.resolve(side, sideName, provider.settings(), options.env());
      return provider.create(context(settings, which));
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
      return null;
    }
  }

  private AdapterContext context(Settings settings, Side side) {
    Path base = config.directory() != null ? config.directory() : Path.of("").toAbsolutePath();
    return new AdapterContext() {
      @Override
      public Settings settings() {
        return settings;
      }

      @Override
      public Side side() {
        return side;
      }

      @Override
      public SyncConfig config() {
        return config;
      }

      @Override
      public Path baseDirectory() {
        return base;
      }

      @Override
      public Optional<String> branch() {
        return Optional.ofNullable(options.branch());
      }

      @Override
      public java.util.concurrent.Executor executor() {
        return executor;
      }

      @Override
      public Clock clock() {
        return options.clock();
      }
    };
  }

  private void warn(String message) {
    (constructed ? runWarnings : warnings).add(message);
    LOG.log(System.Logger.Level.WARNING, message);
    listener.warning(message);
  }

  public List<List<String>> tiers() {
    return tiers.tiers();
  }

  public Map<String, FieldLayout> layouts() {
    return layouts;
  }

  public SyncConfig config() {
    return config;
  }

  private boolean continueOnError() {
    return options.continueOnError() || config.diffsyncFlags().contains(DiffFlag.CONTINUE_ON_FAILURE);
  }

  /** Both sides extracted. */
  private record Loaded(Loader.Extract source, Loader.Extract destination) {
    boolean anyIncremental() {
      return !source.incrementalKinds().isEmpty() || !destination.incrementalKinds().isEmpty();
    }
  }

  private Loaded load(Incremental incremental) {
    return load(incremental, tiers.flatten(), true);
  }

  private Loaded load(Incremental incremental, List<String> kinds, boolean readSource) {
    Loader loader = new Loader(config, layouts, kinds, options.functions(), listener,
        continueOnError(), executor, options.readConcurrency());
    if (!readSource) {
      Loader.Extract d = loader.extract(Side.DESTINATION, destination, incremental);
      return new Loaded(d, d);
    }
    if (!options.concurrentLoad()) {
      Loader.Extract s = loader.extract(Side.SOURCE, source, incremental);
      Loader.Extract d = loader.extract(Side.DESTINATION, destination, incremental);
      return reportFallbacks(new Loaded(s, d));
    }
    Future<Loader.Extract> d = executor.submit(() -> loader.extract(Side.DESTINATION, destination, incremental));
    Loader.Extract s;
    try {
      s = loader.extract(Side.SOURCE, source, incremental);
    } catch (RuntimeException e) {
      d.cancel(true);
      throw e;
    }
    try {
      return reportFallbacks(new Loaded(s, d.get()));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new SyncException(SyncException.Code.ADAPTER, "destination read failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      d.cancel(true);
      throw new SyncException(SyncException.Code.INTERRUPTED, "interrupted while reading", e);
    }
  }

  /** Warns once per side and reason about kinds that were fully extracted although incremental was asked for. */
  private Loaded reportFallbacks(Loaded loaded) {
    for (Loader.Extract e : List.of(loaded.source(), loaded.destination())) {
      Map<String, List<String>> byReason = new LinkedHashMap<>();
      e.fullReasons().forEach((kind, reason) -> byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(kind));
      byReason.forEach((reason, kinds) ->
          warn("full extract of " + e.side().cacheName() + " " + String.join(", ", kinds) + ": " + reason));
    }
    return loaded;
  }

  private Incremental incremental(String subHash) {
    return options.incremental()
        ? Incremental.of(options.cache(), subHash, config.incremental().fullResyncEvery())
        : Incremental.off();
  }

  private String subHash() {
    return SchemaSubHash.of(config, destination.schemaFingerprint());
  }

  private Plan plan(Loaded loaded) {
    long t0 = System.nanoTime();
    Plan plan = Differ.diff(tiers.tiers(), layouts, loaded.source().records(), loaded.destination().records(),
        Differ.Flags.of(config.diffsyncFlags()), loaded.source().skipped());
    listener.phaseFinished("diff", Duration.ofNanos(System.nanoTime() - t0));
    return plan;
  }

  private void snapshot(RunWriter run, Side side, Map<String, List<SyncRecord>> records,
      Instant at) {
    for (String kind : tiers.flatten()) {
      run.writeSnapshot(side, java.util.Objects.requireNonNull(layouts.get(kind)),
          records.getOrDefault(kind, List.of()), at);
    }
  }

  private void snapshot(RunWriter run, Loader.Extract extract) {
    snapshot(run, extract.side(), extract.records(), extract.startedAt());
  }

  /** Computes the plan and records a {@code diff} run. */
  public Plan diff() {
    try (CacheStore.Lock lock = options.cache().lock(options.lockTimeout())) {
      Instant started = options.clock().instant();
      runWarnings.clear();
      listener.runStarted(config.name(), "diff");
      RunWriter run = options.cache().startRun("diff");
      try {
        String subHash = subHash();
        Loaded loaded = load(incremental(subHash));
        snapshot(run, loaded.source());
        snapshot(run, loaded.destination());
        Plan plan = plan(loaded);
        listener.planReady(plan);
        run.writeSchemaSubHash(subHash);
        run.writePlan(plan);
        List<SyncError> errors = new ArrayList<>(loaded.source().errors());
        errors.addAll(loaded.destination().errors());
        if (!errors.isEmpty()) {
          run.writeErrors(errors);
        }
        run.writeInfo(new RunInfo(run.runId(), "diff", RunStatus.DRY_RUN, started, options.clock().instant(),
            !loaded.anyIncremental(), summary(plan, Map.of())));
        retain();
        return plan.withRunId(run.runId());
      } catch (RuntimeException e) {
        failed(run, "diff", started, e);
        throw e;
      }
    }
  }

  private static Map<String, Long> counts(Map<String, List<SyncRecord>> records) {
    Map<String, Long> out = new LinkedHashMap<>();
    records.forEach((k, v) -> out.put(k, (long) v.size()));
    return out;
  }

  /** Reads both sides, diffs and writes. */
  public SyncReport sync() {
    try (CacheStore.Lock lock = options.cache().lock(options.lockTimeout())) {
      Instant started = options.clock().instant();
      long t0 = System.nanoTime();
      runWarnings.clear();
      listener.runStarted(config.name(), "sync");
      RunWriter run = options.cache().startRun("sync");
      try {
        Map<String, Duration> timings = new LinkedHashMap<>();
        String subHash = subHash();
        Loaded loaded = load(incremental(subHash));
        timings.put("load", Duration.ofNanos(System.nanoTime() - t0));
        snapshot(run, loaded.source());
        snapshot(run, loaded.destination());
        run.writeSchemaSubHash(subHash);
        long t1 = System.nanoTime();
        Plan plan = plan(loaded);
        timings.put("diff", Duration.ofNanos(System.nanoTime() - t1));
        List<SyncError> errors = new ArrayList<>(loaded.source().errors());
        errors.addAll(loaded.destination().errors());
        List<Guards.Trip> trips = Guards.check(options.guardrails(), tiers.flatten(),
            options.cache().baselineRowCounts(), counts(loaded.source().records()),
            counts(loaded.destination().records()), plan);
        Guards.Outcome guarded;
        try {
          guarded = Guards.apply(trips, plan);
        } catch (GuardrailException e) {
          errors.addAll(Guards.errors(trips));
          run.writeErrors(errors);
          run.writePlan(plan);
          throw e;
        }
        plan = guarded.plan();
        errors.addAll(guarded.errors());
        listener.planReady(plan);
        run.writePlan(plan);
        long t2 = System.nanoTime();
        Writer writer = writer(loaded.destination().records());
        Writer.Result written = writer.write(plan);
        timings.put("write", Duration.ofNanos(System.nanoTime() - t2));
        listener.phaseFinished("write", timings.get("write"));
        errors.addAll(written.errors());
        if (!errors.isEmpty()) {
          run.writeErrors(errors);
        }
        boolean success = written.complete() && errors.stream().allMatch(e -> e.errorClass().equals("guardrail"));
        SyncReport report = report("sync", run.runId(), success, started, t0, plan, loaded, written, errors, timings);
        if (success) {
          snapshot(run, Side.DESTINATION, PostState.of(loaded.destination().records(), plan, writer::serverId),
              loaded.destination().startedAt());
          run.writeCursors(Side.SOURCE, loaded.source().cursors());
          run.writeCursors(Side.DESTINATION, loaded.destination().cursors());
          Map<String, Long> baseline = new LinkedHashMap<>(options.cache().baselineRowCounts());
          loaded.source().records().forEach((k, v) -> {
            if (!guarded.skippedKinds().contains(k)) {
              baseline.put(k, (long) v.size());
            }
          });
          options.cache().saveBaselineRowCounts(baseline);
          options.cache().saveRunsSinceFullExtract(
              loaded.anyIncremental() ? options.cache().runsSinceFullExtract() + 1 : 0);
        }
        run.writeInfo(new RunInfo(run.runId(), "sync", success ? RunStatus.APPLIED : RunStatus.FAILED, started,
            success ? options.clock().instant() : null, !loaded.anyIncremental(), summary(plan, timings)));
        if (success) {
          retain();
        }
        listener.runFinished(report);
        if (!success && !continueOnError()) {
          throw new WriteFailedException(report);
        }
        return report;
      } catch (WriteFailedException e) {
        throw e;
      } catch (RuntimeException e) {
        failed(run, "sync", started, e);
        throw e;
      }
    }
  }

  /**
   * Writes a plan computed earlier (by {@link #diff()}) without reading the source again. The
   * destination records of the kinds its creates and updates reference are read, so that the
   * writer knows the server ids of referenced records the plan does not touch.
   */
  public SyncReport apply(Plan plan) {
    return write("apply", () -> {
      Set<String> referenced = new LinkedHashSet<>();
      for (var c : plan) {
        FieldLayout layout = layouts.get(c.kind());
        for (int i = 0; c.action() != Action.DELETE && layout != null && i < layout.size(); i++) {
          FieldLayout.Reference ref = layout.reference(i);
          if (ref != null) {
            referenced.add(ref.kind());
          }
        }
      }
      List<String> kinds = tiers.flatten().stream().filter(referenced::contains).toList();
      Map<String, List<SyncRecord>> known = new LinkedHashMap<>();
      if (!kinds.isEmpty()) {
        known.putAll(load(Incremental.off(), kinds, false).destination().records());
      }
      for (var c : plan) {
        if (c.destination() != null && !referenced.contains(c.kind())) {
          known.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c.destination());
        }
      }
      return new Prepared(plan, known, Map.of());
    });
  }

  /**
   * Replays the stored plan of a run against the destination without reading the source. A refusal
   * is recorded as a failed {@code apply} run.
   *
   * @throws SyncException code STALE_PLAN when the schema sub-hash or a touched destination record
   *     changed since the plan was made; code CACHE when the run or its plan is missing
   */
  public SyncReport apply(String runId) {
    return write("apply", () -> {
      RunReader stored = options.cache().openRun(runId).orElseThrow(() -> new SyncException(SyncException.Code.CACHE,
          "no run " + runId + " in the cache at " + options.cache().location()));
      List<PlanRow> rows = stored.plan().orElseThrow(() -> new SyncException(SyncException.Code.CACHE,
          "run " + runId + " has no stored plan (" + options.cache().location() + ")"));
      String now = subHash();
      String then = stored.schemaSubHash().orElse("none");
      if (!now.equals(then)) {
        throw new SyncException(SyncException.Code.STALE_PLAN, "the plan of run " + runId
            + " was made for schema sub-hash " + then + " but the mapping and destination schema now hash to " + now
            + "; run diff again");
      }
      List<String> kinds = PlanReplay.kindsToRead(rows, layouts, tiers.flatten());
      Loader.Extract current = load(Incremental.off(), kinds, false).destination();
      if (!current.errors().isEmpty()) {
        throw new SyncException(SyncException.Code.STALE_PLAN, "cannot check the plan of run " + runId
            + " against the destination: " + current.errors().get(0));
      }
      Plan plan = PlanReplay.rebuild(runId, rows, layouts, tiers.tiers(), current.records());
      return new Prepared(plan, current.records(), Map.of("replayed_run", runId));
    });
  }

  /** What a write-only run writes: the plan, the destination records known, extra summary entries. */
  private record Prepared(Plan plan, Map<String, List<SyncRecord>> known, Map<String, Object> extra) {}

  private SyncReport write(String mode, java.util.function.Supplier<Prepared> prepare) {
    try (CacheStore.Lock lock = options.cache().lock(options.lockTimeout())) {
      Instant started = options.clock().instant();
      long t0 = System.nanoTime();
      runWarnings.clear();
      listener.runStarted(config.name(), mode);
      RunWriter run = options.cache().startRun(mode);
      try {
        Prepared prepared = prepare.get();
        Plan plan = prepared.plan();
        run.writeSchemaSubHash(subHash());
        run.writePlan(plan);
        listener.planReady(plan);
        Writer.Result written = writer(prepared.known()).write(plan);
        Map<String, Duration> timings = Map.of("write", Duration.ofNanos(System.nanoTime() - t0));
        boolean success = written.complete() && written.errors().isEmpty();
        if (!written.errors().isEmpty()) {
          run.writeErrors(written.errors());
        }
        SyncReport report = report(mode, run.runId(), success, started, t0, plan, null, written,
            written.errors(), timings);
        Map<String, Object> summary = new LinkedHashMap<>(summary(plan, timings));
        summary.putAll(prepared.extra());
        run.writeInfo(new RunInfo(run.runId(), mode, success ? RunStatus.APPLIED : RunStatus.FAILED, started,
            success ? options.clock().instant() : null, false, summary));
        if (success) {
          retain();
        }
        listener.runFinished(report);
        if (!success && !continueOnError()) {
          throw new WriteFailedException(report);
        }
        return report;
      } catch (WriteFailedException e) {
        throw e;
      } catch (RuntimeException e) {
        failed(run, mode, started, e);
        throw e;
      }
    }
  }

  /**
   * Prunes old runs when the host asked for it; the newest successful sync (what the next
   * incremental run hydrates) is always kept.
   */
  private void retain() {
    Retention r = options.retention();
    if (r == null) {
      return;
    }
    List<RunInfo> runs = options.cache().runs();
    int keep = r.keepLast();
    for (int i = runs.size() - 1; i >= 0; i--) {
      if (runs.get(i).status() == RunStatus.APPLIED && runs.get(i).mode().equals("sync")) {
        keep = Math.max(keep, runs.size() - i);
        break;
      }
    }
    try {
      List<String> deleted = options.cache().retain(keep, r.maxAge());
      if (!deleted.isEmpty()) {
        LOG.log(System.Logger.Level.INFO, "retention deleted {0} run(s): {1}", deleted.size(), deleted);
      }
    } catch (RuntimeException e) {
      warn("retention failed in " + options.cache().location() + ": " + e.getMessage());
    }
  }

  private List<String> allWarnings() {
    List<String> all = new ArrayList<>(warnings);
    synchronized (runWarnings) {
      all.addAll(runWarnings);
    }
    return all;
  }

  private Writer writer(Map<String, ? extends java.util.Collection<SyncRecord>> destinationRecords) {
    int concurrency = config.order().isEmpty() ? options.writeConcurrency() : 1;
    return new Writer(config, destination, layouts, destinationRecords, tiers.droppedEdges(), executor,
        concurrency, continueOnError(), listener);
  }

  private void failed(RunWriter run, String mode, Instant started, RuntimeException e) {
    try {
      run.writeInfo(new RunInfo(run.runId(), mode, RunStatus.FAILED, started, null, true,
          Map.of("error", String.valueOf(e.getMessage()))));
    } catch (RuntimeException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  private static Map<String, Object> summary(Plan plan, Map<String, Duration> timings) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("resources", plan.summary().size());
    s.put("creates", plan.count(Action.CREATE));
    s.put("updates", plan.count(Action.UPDATE));
    s.put("deletes", plan.count(Action.DELETE));
    Map<String, Object> t = new LinkedHashMap<>();
    timings.forEach((k, v) -> t.put(k, v.toMillis()));
    s.put("timings_ms", t);
    return s;
  }

  private SyncReport report(
      String mode,
      String runId,
      boolean success,
      Instant started,
      long t0,
      Plan plan,
      @Nullable Loaded loaded,
      Writer.Result written,
      List<SyncError> errors,
      Map<String, Duration> timings) {
    Map<String, KindCounts> counts = new LinkedHashMap<>();
    Map<String, Map<Action, Long>> planned = plan.summary();
    for (String kind : tiers.flatten()) {
      long src = loaded == null ? 0 : loaded.source().records().getOrDefault(kind, List.of()).size();
      long dst = loaded == null ? 0 : loaded.destination().records().getOrDefault(kind, List.of()).size();
      Writer.Counts w = written.counts().get(kind);
      long updates = planned.getOrDefault(kind, Map.of()).getOrDefault(Action.UPDATE, 0L);
      long creates = planned.getOrDefault(kind, Map.of()).getOrDefault(Action.CREATE, 0L);
      long skipped = errors.stream().filter(e -> e.kind().equals(kind) && !e.errorClass().equals("write")).count();
      long unchanged = loaded == null ? 0 : Math.max(0, src - creates - updates);
      counts.put(kind, new KindCounts(src, dst,
          w == null ? 0 : w.created.get(), w == null ? 0 : w.updated.get(), w == null ? 0 : w.deleted.get(),
          unchanged, w == null ? 0 : w.failed.get(), skipped));
    }
    return new SyncReport(config.name(), runId, mode, success, started,
        Duration.ofNanos(System.nanoTime() - t0), plan, counts, errors, timings, allWarnings());
  }

  @Override
  public void close() {
    try {
      source.close();
    } finally {
      try {
        destination.close();
      } finally {
        if (ownExecutor) {
          executor.shutdownNow();
        }
      }
    }
  }
}
