package io.infrasync.examples;

import io.infrasync.Action;
import io.infrasync.GuardrailException;
import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.SyncReport;
import io.infrasync.config.SyncConfig;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Embedding InfraSync in a service: one engine, built once, runs a sync on a schedule. Runs are
 * incremental (only what changed since the last successful sync is read, where the adapters can)
 * and guarded: a run whose source shrank too much, or whose plan deletes too much, stops before it
 * writes anything. A failed run never stops the schedule; each run's outcome goes to a callback
 * (log it, export a metric, page someone).
 *
 * <pre>{@code
 * SyncEngine engine = SyncEngine.builder().config(Path.of("config.yml"))
 *     .incremental(true)
 *     .guardrails(Guardrails.builder().rowcountThreshold(0.8).maxDeleteShare(0.2).build())
 *     .build();
 * try (ScheduledSyncService service = new ScheduledSyncService(engine, outcome -> log.info("{}", outcome))) {
 *   service.start(Duration.ofMinutes(15));
 *   ...
 * }
 * }</pre>
 *
 * {@link #main} runs it against the testkit's emulators and shows a guardrail trip.
 */
public final class ScheduledSyncService implements AutoCloseable {
  private final SyncEngine engine;
  private final Consumer<Outcome> onOutcome;
  private boolean started;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "infrasync-scheduled-sync");
    t.setDaemon(true);
    return t;
  });

  /**
   * What one scheduled run did.
   *
   * @param report the run's report; null when the run stopped before writing
   * @param failure why the run stopped (a tripped guardrail, an unreachable server, ...); null when it ran
   * @param guardrail whether a guardrail stopped it
   */
  public record Outcome(int run, Instant at, @Nullable SyncReport report, @Nullable String failure, boolean guardrail) {
    @Override
    public String toString() {
      SyncReport r = report;
      if (r == null) {
        return String.format(Locale.ROOT, "run %d: %s, nothing written: %s", run,
            guardrail ? "GUARDRAIL TRIPPED" : "FAILED", failure);
      }
      return String.format(Locale.ROOT, "run %d: %s in %s, wrote +%d ~%d -%d", run, r.success() ? "ok" : "failed",
          ConsoleProgress.time(r.took()), r.total(Action.CREATE), r.total(Action.UPDATE), r.total(Action.DELETE));
    }
  }

  /** A service around an engine it owns (closing the service closes the engine). */
  public ScheduledSyncService(SyncEngine engine, Consumer<Outcome> onOutcome) {
    this.engine = engine;
    this.onOutcome = onOutcome;
  }

  /**
   * Runs a sync now and then {@code every} after each run ends (runs never overlap).
   *
   * @throws IllegalStateException when the service was started already
   */
  public synchronized void start(Duration every) {
    if (started) {
      throw new IllegalStateException("the service was started already");
    }
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("every must be positive, was " + every);
    }
    started = true;
    int[] run = {0};
    scheduler.scheduleWithFixedDelay(() -> onOutcome.accept(runOnce(++run[0])), 0, every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** One sync; never throws, so that the schedule goes on whatever happens. */
  Outcome runOnce(int run) {
    Instant at = Instant.now();
    try {
      return new Outcome(run, at, engine.sync(), null, false);
    } catch (GuardrailException e) {
      return new Outcome(run, at, null, e.getMessage(), true);
    } catch (SyncException e) { // unreachable server, bad credentials, a lock held elsewhere, ...
      return new Outcome(run, at, null, e.code() + ": " + e.getMessage(), false);
    } catch (RuntimeException e) {
      return new Outcome(run, at, null, e.toString(), false);
    }
  }

  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(60, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      engine.close();
    }
  }

  /** The guardrails of the example: tighter than the defaults (0.5 and 0.5). */
  public static Guardrails guardrails() {
    return Guardrails.builder()
        .rowcountThreshold(0.8)     // stop when a kind's source count falls below 80 % of the last sync
        .maxDeleteShare(0.2)        // stop when a plan deletes more than 20 % of a kind's records ...
        .deleteGuardMinimum(5)      // ... and more than 5 of them
        .build();
  }

  public static void main(String[] args) throws InterruptedException {
    NetBoxToInfrahubDemo.quietEngineLog();
    Path dir = Path.of(args.length > 0 ? args[0] : "target/scheduled").toAbsolutePath();
    try (Emulators emulators = Emulators.start()) {
      run(emulators, dir, Duration.ofSeconds(2), System.out);
    }
  }

  /**
   * The example: NetBox to Infrahub every {@code every}; after two runs, a cleanup script deletes
   * every device of one site in NetBox; the next runs trip the guardrails and write nothing.
   *
   * @return the outcomes of the first four runs
   */
  public static List<Outcome> run(Emulators emulators, Path dir, Duration every, PrintStream out)
      throws InterruptedException {
    NetBoxInventory.seed(emulators.netbox(), 60);
    SyncConfig config = NetBoxToInfrahubDemo.upstreamConfig(emulators);
    Path cacheRoot = dir.resolve(".infrahub-sync-cache");
    NetBoxToInfrahubDemo.deleteRecursively(cacheRoot.resolve(config.name()));
    SyncEngine engine = SyncEngine.builder()
        .config(config)
        .environment(emulators.environment())
        .cacheDirectory(cacheRoot)
        .incremental(true)
        .guardrails(guardrails())
        .build();
    BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    List<Outcome> seen = new ArrayList<>();
    out.printf(Locale.ROOT, "syncing NetBox to Infrahub every %s, incremental, guardrails: rowcount %.0f %%,"
        + " deletes %.0f %%%n", ConsoleProgress.time(every), guardrails().rowcountThreshold() * 100,
        guardrails().maxDeleteShare() * 100);
    int[] deleted = {0};
    Consumer<Outcome> onOutcome = o -> {
      if (o.run() == 2) { // on the scheduler's thread, so before run 3 starts
        deleted[0] = deleteSite(emulators.netbox(), NetBoxInventory.city(1));
      }
      outcomes.add(o);
    };
    try (ScheduledSyncService service = new ScheduledSyncService(engine, onOutcome)) {
      service.start(every);
      for (int i = 0; i < 4; i++) {
        Outcome o = outcomes.take();
        seen.add(o);
        out.println("  " + o);
        if (o.run() == 2) {
          out.printf(Locale.ROOT, "  -- a cleanup script deletes all %d devices of dm-%s in NetBox%n", deleted[0],
              NetBoxInventory.city(1));
        }
      }
    }
    out.printf(Locale.ROOT, "Infrahub still holds %d devices; the runs go on tripping until someone restores"
        + " NetBox or accepts the loss (allowRowcountDrop, a larger maxDeleteShare).%n",
        emulators.infrahub().count("InfraDevice"));
    return seen;
  }

  /** Deletes every device of a site through NetBox's bulk delete; NetBox deletes their interfaces too. */
  private static int deleteSite(NetBoxServer netbox, String city) {
    Object site = netbox.find("dcim/sites", "slug", "dm-" + city).orElseThrow().get("id");
    List<Map<String, Object>> ids = new ArrayList<>();
    for (Map<String, @Nullable Object> d : netbox.objects("dcim/devices")) {
      if (d.get("site") instanceof Map<?, ?> s && String.valueOf(site).equals(String.valueOf(s.get("id")))) {
        ids.add(Map.of("id", java.util.Objects.requireNonNull(d.get("id"))));
      }
    }
    new NetBoxApi(netbox).deleteAll("dcim/devices", ids);
    return ids.size();
  }
}
