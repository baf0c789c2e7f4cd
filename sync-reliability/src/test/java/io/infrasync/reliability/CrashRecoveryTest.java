package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Guardrails;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncEngine;
import io.infrasync.cache.parquet.ParquetCacheStore;
import io.infrasync.cache.parquet.ParquetRunReader;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunStatus;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM running a NetBox → Infrahub sync (Parquet cache on disk) with SIGKILL at many
 * seeded random points: after a random delay, or when a chosen listener event arrives (reads, plan,
 * a tier, write progress, the end of the write phase, where the artifacts are written). The
 * emulators run in this JVM, so their state survives the child. After every kill the cache must be
 * fully readable and its lock free at once; after each episode (one to three kills in a row), an
 * unkilled run must succeed and leave the destination exactly as a fault-free sync of the same
 * source leaves a fresh Infrahub, with no duplicate, and a further diff must plan nothing.
 *
 * <p>Seed: {@code -Dreliability.seed=<n>} (printed). CI: 5 kills; nightly: 100.
 */
class CrashRecoveryTest {
  private static final int KILLS = ChildSync.nightly() ? 100 : 5;
  private static final int DEVICES = ChildSync.nightly() ? 40 : 16;
  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);

  @Test
  void killedSyncsLeaveAReadableCacheAFreeLockAndTheNextRunConvergesWithoutDuplicates(@TempDir Path dir)
      throws Exception {
    long seed = Long.getLong("reliability.seed", System.nanoTime() % 1_000_000);
    System.out.println("[crash] seed " + seed + " (rerun with -Dreliability.seed=" + seed + "), profile "
        + System.getProperty("reliability.profile", "ci") + ", kills " + KILLS);
    Random rnd = new Random(seed);
    try (NetBoxServer netbox = NetBoxServer.builder().threads(8).build().start();
        InfrahubServer infrahub = InfrahubServer.builder().schema(InfrahubSchema.bench()).threads(8).build().start();
        InfrahubServer reference = InfrahubServer.builder().schema(InfrahubSchema.bench()).build().start()) {
      CrashFixture.seed(netbox, DEVICES, seed);
      infrahub.faults().on(io.infrasync.testkit.RequestMatcher.any()).always(io.infrasync.testkit.Fault.latency(Duration.ofMillis(1), Duration.ofMillis(6)));
      Path config = CrashFixture.writeConfig(dir, 8);
      Map<String, String> env = CrashFixture.env(netbox, infrahub, InfrahubServer.DEFAULT_TOKEN);
      Map<String, String> refEnv = CrashFixture.env(netbox, reference, InfrahubServer.DEFAULT_TOKEN);

      Stats stats = new Stats();
      List<String> events = List.of(); // the events of the last complete run, to aim kills at
      long typicalMillis = 2000;
      int episode = 0;
      Path cacheRoot = dir.resolve("cache-0");
      while (stats.kills < KILLS) {
        episode++;
        if (episode > 1 && rnd.nextInt(4) == 0) {
          infrahub.clear(); // a fresh destination, and a fresh cache with it
          cacheRoot = dir.resolve("cache-" + episode);
        }
        String drift = episode > 1 && rnd.nextInt(3) != 0 ? CrashFixture.drift(netbox, rnd.nextLong()) : "none";
        reference.clear();
        assertThat(CrashFixture.referenceSync(config, refEnv).success()).isTrue();
        Map<String, List<String>> expected = CrashFixture.canonical(reference);
        boolean incremental = rnd.nextInt(3) == 0;
        int killsNow = Math.min(KILLS - stats.kills, 1 + rnd.nextInt(3));
        for (int k = 0; k < killsNow; k++) {
          String how;
          ChildSync.KillPlan plan;
          long killAfter = -1;
          if (events.isEmpty() || rnd.nextInt(3) == 0) {
            killAfter = 200 + (long) (rnd.nextDouble() * typicalMillis * 1.2);
            plan = ChildSync.KillPlan.NONE;
            how = "after " + killAfter + " ms";
          } else {
            String target = events.get(rnd.nextInt(events.size()));
            String prefix = eventType(target);
            int occurrence = (int) events.stream().limit(events.indexOf(target) + 1)
                .filter(l -> eventType(l).equals(prefix)).count();
            long delay = rnd.nextInt(4) == 0 ? rnd.nextInt(40) : 0;
            plan = occurrenceKill(prefix, occurrence, delay);
            how = "at '" + prefix + "' #" + occurrence + (delay > 0 ? " +" + delay + " ms" : "");
          }
          try (ChildSync child = ChildSync.start(dir, env, plan, killAfter, config.toString(), cacheRoot.toString(),
              "15000", Boolean.toString(incremental))) {
            int exit = child.await(CHILD_TIMEOUT);
            if (!child.killedByUs()) {
              // it finished before the kill point: a complete run, not a kill
              assertThat(child.result()).as(child.transcript()).startsWith("RESULT ok");
              stats.completedBeforeKill++;
              continue;
            }
            stats.kills++;
            String phase = phaseOf(child.lastEventAtKill());
            stats.byPhase.merge(phase, 1, Integer::sum);
            System.out.printf(Locale.ROOT, "[crash] episode %d kill %d: %s -> killed in %s (last event: %s)%n",
                episode, stats.kills, how, phase, child.lastEventAtKill());
          }
          checkCacheAfterKill(cacheRoot, stats);
        }
        // recovery: one unkilled run converges
        try (ChildSync child = ChildSync.start(dir, env, ChildSync.KillPlan.NONE, -1, config.toString(),
            cacheRoot.toString(), "15000", Boolean.toString(incremental))) {
          int exit = child.await(CHILD_TIMEOUT);
          assertThat(exit).as("recovery run of episode %d (seed %d)\n%s", episode, seed, child.transcript()).isZero();
          assertThat(child.result()).startsWith("RESULT ok");
          events = child.lines().stream().filter(l -> l.startsWith("EV ") && !l.startsWith("EV jvm")).toList();
          typicalMillis = Math.max(1000, child.elapsedMillis());
        }
        stats.episodes++;
        assertThat(CrashFixture.duplicates(infrahub)).as("duplicates after episode %d (seed %d)", episode, seed)
            .isEmpty();
        Map<String, List<String>> actual = CrashFixture.canonical(infrahub);
        for (String kind : CrashFixture.KINDS) {
          assertThat(actual.get(kind)).as("%s after episode %d (drift: %s, incremental %s, seed %d)", kind, episode,
              drift, incremental, seed).containsExactlyElementsOf(expected.get(kind));
        }
        checkCacheAfterRecovery(cacheRoot);
        assertThat(diffPlansNothing(config, env)).as("a diff after episode %d plans nothing", episode).isTrue();
      }
      System.out.printf(Locale.ROOT, "[crash] seed %d: %d kills in %d episodes, by phase %s; %d children ended"
              + " before their kill point; %d temp files left by kills (all swept); %d killed runs in the last cache marked 'failed' (interrupted);"
              + " lock free after every kill (slowest take %d ms); every episode converged, no duplicates%n",
          seed, stats.kills, stats.episodes, new TreeMap<>(stats.byPhase), stats.completedBeforeKill,
          stats.tempFiles, stats.interrupted.get(), stats.slowestLockMillis);
      if (ChildSync.nightly()) {
        assertThat(stats.byPhase.keySet()).as("kills landed in reads, writes and artifact writing")
            .contains("read", "write", "artifacts");
      }
    }
  }

  /** The type of an event line: its first words without the counters. */
  static String eventType(String line) {
    String[] w = line.split(" ");
    return switch (w[1]) {
      case "read", "kind" -> "EV " + w[1] + " " + w[2] + " " + w[3];
      case "write" -> "EV write " + w[2] + " " + w[3];
      case "phase", "tier" -> "EV " + w[1] + " " + w[2];
      default -> "EV " + w[1];
    };
  }

  static ChildSync.KillPlan occurrenceKill(String prefix, int occurrence, long delay) {
    AtomicInteger seen = new AtomicInteger();
    return line -> line.startsWith("EV ") && eventType(line).equals(prefix) && seen.incrementAndGet() == occurrence
        ? delay : -1;
  }

  /** Where the child was when it was killed, from the last event it printed. */
  static String phaseOf(@Nullable String lastEvent) {
    if (lastEvent == null || lastEvent.startsWith("EV jvm")) {
      return "startup";
    }
    String type = lastEvent.split(" ")[1];
    return switch (type) {
      case "start", "read", "kind" -> "read";
      case "plan" -> "plan";
      case "tier", "write" -> "write";
      case "phase" -> lastEvent.startsWith("EV phase write") ? "artifacts"
          : lastEvent.startsWith("EV phase load") ? "snapshots" : "plan";
      default -> "finish";
    };
  }

  static final class Stats {
    int kills;
    int episodes;
    int completedBeforeKill;
    int tempFiles;
    long slowestLockMillis;
    final AtomicInteger interrupted = new AtomicInteger();
    final Map<String, Integer> byPhase = new TreeMap<>();
  }

  /** Every run and every file of the cache reads; the lock is taken at once. */
  static void checkCacheAfterKill(Path cacheRoot, Stats stats) {
    Path syncDir = cacheRoot.resolve(CrashFixture.SYNC_NAME);
    stats.tempFiles += temps(syncDir).size();
    ParquetCacheStore store = ParquetCacheStore.open(syncDir);
    readEverything(store);
    long t0 = System.nanoTime();
    try (CacheStore.Lock lock = store.lock(Duration.ofSeconds(5))) {
      stats.slowestLockMillis = Math.max(stats.slowestLockMillis, (System.nanoTime() - t0) / 1_000_000);
    }
    assertThat(temps(syncDir)).as("temp files are swept by the next lock").isEmpty();
    assertThat(store.runs()).as("a killed run is marked failed by the next lock, never left running")
        .noneMatch(r -> r.status() == RunStatus.RUNNING || r.status() == RunStatus.PENDING);
    stats.interrupted.set((int) store.runs().stream().filter(r -> r.status() == RunStatus.FAILED
        && String.valueOf(r.summary().get("error")).startsWith("interrupted")).count());
  }

  static void checkCacheAfterRecovery(Path cacheRoot) {
    Path syncDir = cacheRoot.resolve(CrashFixture.SYNC_NAME);
    ParquetCacheStore store = ParquetCacheStore.open(syncDir);
    List<RunInfo> runs = readEverything(store);
    assertThat(runs).isNotEmpty();
    RunInfo last = runs.get(runs.size() - 1);
    assertThat(last.status()).isEqualTo(RunStatus.APPLIED);
    assertThat(store.lastSuccessfulRun()).map(r -> r.info().runId()).contains(last.runId());
    assertThat(temps(syncDir)).isEmpty();
  }

  /** Reads run.json, the plan, the errors, the cursors and every snapshot of every run. */
  static List<RunInfo> readEverything(ParquetCacheStore store) {
    List<RunInfo> runs = store.runs();
    for (RunInfo run : runs) {
      ParquetRunReader r = store.openParquetRun(run.runId()).orElseThrow();
      r.plan();
      r.errors();
      r.schemaSubHash();
      for (Side side : Side.values()) {
        r.cursors(side);
        for (String kind : CrashFixture.KINDS) {
          r.snapshot(side, kind);
        }
      }
    }
    store.baselineRowCounts();
    store.runsSinceFullExtract();
    return runs;
  }

  static List<Path> temps(Path syncDir) {
    if (!Files.exists(syncDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(syncDir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")
          || p.getFileName().toString().startsWith(".deleting-")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean diffPlansNothing(Path config, Map<String, String> env) {
    Function<String, @Nullable String> e = env::get;
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(e).inMemoryCache()
        .guardrails(Guardrails.NONE).build()) {
      Plan plan = engine.diff();
      if (!plan.isEmpty()) {
        System.out.println("[crash] unexpected plan: " + plan);
      }
      return plan.isEmpty();
    }
  }
}
