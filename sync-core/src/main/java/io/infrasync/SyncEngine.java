package io.infrasync;

import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.cache.MemoryCacheStore;
import io.infrasync.internal.engine.Engine;
import io.infrasync.internal.engine.Providers;
import io.infrasync.internal.mapping.TransformFunctions;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.SyncListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The front door: one sync (a {@code config.yml} or a {@link SyncConfig} built in code), two
 * adapters and a cache store. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * try (SyncEngine engine = SyncEngine.builder().config(Path.of("config.yml")).build()) {
 *   Plan plan = engine.diff();          // read both sides, compute what would change
 *   SyncReport report = engine.sync();  // read, diff and write, tier by tier
 * }
 * }</pre>
 *
 * <p>An engine is immutable and thread-safe; runs of one engine (and of engines of the same sync
 * sharing a cache store) are serialised by the pipeline lock. Closing the engine closes its adapters.
 */
public final class SyncEngine implements AutoCloseable {
  private final Engine engine;

  private SyncEngine(Engine engine) {
    this.engine = engine;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads both sides and returns what a sync would change. Records a {@code diff} run. */
  public Plan diff() {
    return engine.diff();
  }

  /**
   * Reads both sides, computes the plan and writes it: creates and updates tier by tier, deletes in
   * reverse tier order.
   *
   * @throws WriteFailedException when changes failed and the run was not told to continue on errors
   */
  public SyncReport sync() {
    return engine.sync();
  }

  /** Writes a plan from {@link #diff()} without reading the source again. */
  public SyncReport apply(Plan plan) {
    return engine.apply(Objects.requireNonNull(plan, "plan"));
  }

  /**
   * Replays the plan stored by an earlier run (a {@code diff}, usually) against the destination
   * without reading the source, and records the outcome as a new {@code apply} run.
   *
   * @throws SyncException code {@code STALE_PLAN} when the mapping or destination schema changed
   *     (schema sub-hash) or a destination record the plan touches changed since the plan was made;
   *     code {@code CACHE} when the run or its plan is not in the cache store
   * @throws WriteFailedException when changes failed and the run was not told to continue on errors
   */
  public SyncReport apply(String runId) {
    return engine.apply(Objects.requireNonNull(runId, "runId"));
  }

  /** The write tiers: each a list of kinds that do not depend on each other. */
  public List<List<String>> tiers() {
    return engine.tiers();
  }

  /** The field layout (fields, identifiers, references) of every synced kind. */
  public Map<String, FieldLayout> layouts() {
    return engine.layouts();
  }

  public SyncConfig config() {
    return engine.config();
  }

  @Override
  public void close() {
    engine.close();
  }

  /** Configures an engine. Every setter checks its argument at once; {@link #build()} validates the whole. */
  public static final class Builder {
    private @Nullable SyncConfig config;
    private @Nullable Path configFile;
    private @Nullable Adapter source;
    private @Nullable Adapter destination;
    private @Nullable CacheStore cache;
    private @Nullable Path cacheRoot;
    private final List<SyncListener> listeners = new ArrayList<>();
    private boolean concurrentLoad = true;
    private int writeConcurrency = 4;
    private int readConcurrency = 4;
    private boolean continueOnError;
    private @Nullable ExecutorService executor;
    private Clock clock = Clock.systemUTC();
    private Function<String, @Nullable String> env = System::getenv;
    private @Nullable String branch;
    private Duration lockTimeout = Duration.ofSeconds(60);
    private boolean incremental;
    private Guardrails guardrails = Guardrails.DEFAULT;
    private Engine.@Nullable Retention retention;

    private Builder() {}

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }

    private static void requireState(boolean ok, String message) {
      if (!ok) {
        throw new IllegalStateException(message);
      }
    }

    /** The configuration, from a {@code config.yml}. */
    public Builder config(Path file) {
      requireState(config == null && configFile == null, "the configuration was already set");
      this.configFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The configuration, built in code. */
    public Builder config(SyncConfig config) {
      requireState(this.config == null && configFile == null, "the configuration was already set");
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Uses this source adapter instead of the one the configuration names. */
    public Builder source(Adapter adapter) {
      requireState(source == null, "the source adapter was already set");
      this.source = Objects.requireNonNull(adapter, "adapter");
      return this;
    }

    /** Uses this destination adapter instead of the one the configuration names. */
    public Builder destination(Adapter adapter) {
      requireState(destination == null, "the destination adapter was already set");
      this.destination = Objects.requireNonNull(adapter, "adapter");
      return this;
    }

    /** Keeps run artifacts in this store. */
    public Builder cacheStore(CacheStore store) {
      requireState(cache == null && cacheRoot == null, "the cache store was already set");
      this.cache = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Keeps run artifacts as files under {@code root/<sync name>/} (the {@code parquet} store, which
     * must be on the class path). Without this or {@link #cacheStore}, the root is
     * {@code $INFRAHUB_SYNC_CACHE_DIR} or {@code ./.infrahub-sync-cache} when the parquet store is
     * available, and runs are kept in memory otherwise.
     */
    public Builder cacheDirectory(Path root) {
      requireState(cache == null && cacheRoot == null, "the cache store was already set");
      this.cacheRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    /** Keeps run artifacts in memory only (nothing is written to disk). */
    public Builder inMemoryCache() {
      requireState(cache == null && cacheRoot == null, "the cache store was already set");
      this.cache = new MemoryCacheStore(clock);
      return this;
    }

    public Builder listener(SyncListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Whether source and destination are read at the same time (default true). */
    public Builder concurrentLoad(boolean on) {
      this.concurrentLoad = on;
      return this;
    }

    /** How many kinds of one tier are written at once (default 4; 1 when {@code order} is set). */
    public Builder writeConcurrency(int n) {
      require(n >= 1, "writeConcurrency must be >= 1, was " + n);
      this.writeConcurrency = n;
      return this;
    }

    /** How many resources of one side are read at once (default 4). */
    public Builder readConcurrency(int n) {
      require(n >= 1, "readConcurrency must be >= 1, was " + n);
      this.readConcurrency = n;
      return this;
    }

    /**
     * Skip records that cannot be mapped or written, report them, and go on (upstream's
     * {@code --continue-on-error}, applied to every adapter and to writes).
     */
    public Builder continueOnError(boolean on) {
      this.continueOnError = on;
      return this;
    }

    /** Threads for reads and writes (default: the engine's own pool, shut down on close). */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where environment variables come from (default {@link System#getenv(String)}). */
    public Builder environment(Function<String, @Nullable String> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /** The branch to target (adapters that have branches, such as Infrahub). */
    public Builder branch(String branch) {
      require(!branch.isBlank(), "branch must not be blank");
      this.branch = branch;
      return this;
    }

    /** How long a run waits for the pipeline lock (default 60 s). */
    public Builder lockTimeout(Duration timeout) {
      require(!timeout.isNegative(), "lockTimeout must not be negative, was " + timeout);
      this.lockTimeout = timeout;
      return this;
    }

    /**
     * Reads incrementally where it can (upstream's {@code --no-full-extract}; default off): per side
     * and resource, the previous successful sync's snapshot is hydrated and only the records changed
     * since its cursor are read, when that sync exists, its schema sub-hash equals the current one,
     * the adapter has a change cursor for the resource, and fewer than
     * {@code incremental.full_resync_every} runs passed since the last full extract. Deletes are
     * found through the adapter's id listing when it has a cheap one, otherwise at the next full
     * extract. Each fallback to a full extract is reported as a warning with its reason.
     */
    public Builder incremental(boolean on) {
      this.incremental = on;
      return this;
    }

    /** The checks run before any write of a sync (default {@link Guardrails#DEFAULT}). */
    public Builder guardrails(Guardrails guardrails) {
      this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
      return this;
    }

    /**
     * After each successful run, deletes runs that are neither among the newest {@code keepLast}
     * nor younger than {@code maxAge}. The run in use, the newest successful run and every run
     * from the newest successful sync on (what an incremental run hydrates) are always kept.
     * Default: nothing is deleted.
     */
    public Builder retain(int keepLast, Duration maxAge) {
      require(keepLast >= 0, "keepLast must be >= 0, was " + keepLast);
      require(!maxAge.isNegative(), "maxAge must not be negative, was " + maxAge);
      this.retention = new Engine.Retention(keepLast, maxAge);
      return this;
    }

    /**
     * Validates everything (configuration, adapter settings, tiers) and builds the engine. No
     * network I/O happens here.
     *
     * @throws ConfigurationException listing every problem found
     */
    public SyncEngine build() {
      SyncConfig cfg = config;
      if (cfg == null) {
        requireState(configFile != null, "set the configuration with config(Path) or config(SyncConfig)");
        cfg = ConfigLoader.load(Objects.requireNonNull(configFile), env);
      }
      CacheStore store = cache;
      if (store == null) {
        Path root = cacheRoot;
        if (root == null && Providers.hasCacheStore("parquet")) {
          String dir = env.apply("INFRAHUB_SYNC_CACHE_DIR");
          root = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(".infrahub-sync-cache");
        }
        store = root == null ? new MemoryCacheStore(clock)
            : Providers.cacheStore("parquet").open(cfg.name(), root);
      }
      return new SyncEngine(new Engine(new Engine.Options(cfg, source, destination, store, listeners,
          concurrentLoad, writeConcurrency, readConcurrency, continueOnError, executor, clock, env, branch,
          lockTimeout, TransformFunctions.NONE, incremental, guardrails, retention)));
    }
  }
}
