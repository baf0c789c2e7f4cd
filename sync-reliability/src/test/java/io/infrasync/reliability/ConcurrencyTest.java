package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.SyncReport;
import io.infrasync.cache.parquet.ParquetCacheStore;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunStatus;
import io.infrasync.testkit.EmulatorRequest;
import io.infrasync.testkit.Fault;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * In one process: parallel tier writes never write a child before its parent is written (or delete
 * a parent before its children are deleted), checked on the times the Infrahub emulator received
 * and answered each mutation request, with several requests in flight and random latency; and
 * several threads calling one engine, or several engines sharing a cache directory, at once either
 * take turns through the pipeline lock or fail with a lock error — never overlapping runs, a torn
 * cache or duplicate writes.
 */
@Timeout(120)
class ConcurrencyTest {
  @RegisterExtension static final NetBoxServer netbox = NetBoxServer.builder().threads(8).build();
  @RegisterExtension static final InfrahubServer infrahub = InfrahubServer.builder().schema(FaultScenario.schema())
      .threads(8).build();

  /** Parents of each kind in the scenario (the kinds its references point at). */
  static final Map<String, List<String>> PARENTS = Map.of(
      "InfraDevice", List.of("LocationSite", "OrganizationTenant", "BuiltinTag"),
      "InfraInterface", List.of("InfraDevice"));
  static final Pattern MUTATION = Pattern.compile("(BuiltinTag|LocationSite|OrganizationTenant|InfraDevice"
      + "|InfraInterface)(Create|Update|Delete)\\(");

  /** One mutation request: kinds and actions it carries, when it was received and answered. */
  record Write(String kind, String action, long received, long answered) {}

  final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
  FaultScenario scenario = new FaultScenario(netbox, infrahub, 11);

  @BeforeEach
  void reset() {
    netbox.clear();
    infrahub.clear();
    scenario = new FaultScenario(netbox, infrahub, 11);
  }

  @AfterEach
  void clearFaults() {
    netbox.faults().clear();
    infrahub.faults().clear();
  }

  /** Stamps every mutation request when it arrives and when it is answered; 5–40 ms latency on each. */
  void stampMutations() {
    Map<EmulatorRequest, Long> received = Collections.synchronizedMap(new IdentityHashMap<>());
    infrahub.faults().on(InfrahubServer.mutations()).always(Fault.latency(Duration.ofMillis(5), Duration.ofMillis(40)));
    infrahub.faults().on(r -> {
      if (InfrahubServer.mutations().matches(r)) {
        received.put(r, System.nanoTime());
        return true;
      }
      return false;
    }).always(Fault.rewriteBody("stamp", (request, body) -> {
      long answered = System.nanoTime();
      Long at = received.remove(request);
      Matcher m = MUTATION.matcher(new String(request.body(), StandardCharsets.UTF_8));
      while (m.find()) {
        writes.add(new Write(m.group(1), m.group(2), at == null ? 0 : at, answered));
      }
      return body;
    }));
  }

  SyncEngine engine(Path cache, int writeConcurrency, Duration lockTimeout) {
    return SyncEngine.builder().config(scenario.parse(scenario.config("concurrency: 4",
            "concurrency: 4"), scenario.env())).environment(scenario.env())
        .cacheDirectory(cache).guardrails(Guardrails.NONE).writeConcurrency(writeConcurrency).lockTimeout(lockTimeout)
        .build();
  }

  @Test
  void parallelTierWritesNeverWriteAChildBeforeItsParent(@TempDir Path cache) {
    scenario.seed(30);
    stampMutations();
    int checked = 0;
    for (int run = 0; run < 3; run++) {
      writes.clear();
      try (SyncEngine engine = engine(cache, 4, Duration.ofSeconds(30))) {
        SyncReport report = engine.sync();
        assertThat(report.success()).as(report.errors().toString()).isTrue();
      }
      assertThat(scenario.differences()).isEmpty();
      checked += checkOrder(List.copyOf(writes));
      scenario.change();
    }
    assertThat(checked).as("parent/child pairs of requests checked").isGreaterThan(100);
    System.out.printf("%n[concurrency] 3 syncs, writeConcurrency 4: %d parent/child pairs of mutation requests"
        + " checked%n", checked);
  }

  /** Checks every (parent request, child request) pair; returns how many pairs it checked. */
  static int checkOrder(List<Write> writes) {
    int pairs = 0;
    assertThat(writes).as("mutations were stamped").isNotEmpty();
    long lastUpsertAnswered = writes.stream().filter(w -> !w.action().equals("Delete"))
        .mapToLong(Write::answered).max().orElse(0);
    for (Write child : writes) {
      for (String parentKind : PARENTS.getOrDefault(child.kind(), List.of())) {
        for (Write parent : writes) {
          if (!parent.kind().equals(parentKind) || parent.action().equals("Delete") != child.action().equals("Delete")) {
            continue;
          }
          pairs++;
          if (child.action().equals("Delete")) {
            assertThat(parent.received()).as("a %s delete was sent before a %s delete was answered", parentKind,
                child.kind()).isGreaterThan(child.answered());
          } else {
            assertThat(child.received()).as("a %s %s was sent before a %s %s was answered", child.kind(),
                child.action(), parentKind, parent.action()).isGreaterThan(parent.answered());
          }
        }
      }
      if (child.action().equals("Delete")) {
        assertThat(child.received()).as("deletes come after every create and update").isGreaterThan(lastUpsertAnswered);
      }
    }
    return pairs;
  }

  @Test
  void threadsSharingOneEngineTakeTurnsThroughTheLock(@TempDir Path cache) throws Exception {
    scenario.seed(20);
    infrahub.faults().latency(Duration.ofMillis(3));
    try (SyncEngine engine = engine(cache, 4, Duration.ofSeconds(60))) {
      List<Object> outcomes = together(8, i -> i % 3 == 0 ? engine.diff() : engine.sync());
      assertThat(outcomes).allSatisfy(o -> assertThat(o).isNotInstanceOf(Throwable.class));
    }
    assertThat(FaultScenario.duplicates(scenario.actual())).isEmpty();
    assertThat(scenario.differences()).isEmpty();
    runsDidNotOverlap(cache.resolve("faults"), 8);
  }

  @Test
  void enginesSharingACacheDirectoryTakeTurnsOrFailWithALockError(@TempDir Path cache) throws Exception {
    scenario.seed(20);
    infrahub.faults().latency(Duration.ofMillis(5));
    List<SyncEngine> engines = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        engines.add(engine(cache, 2, Duration.ofMillis(i % 2 == 0 ? 60_000 : 20)));
      }
      List<Object> outcomes = together(8, i -> engines.get(i % 4).sync());
      int lockErrors = 0;
      for (Object o : outcomes) {
        if (o instanceof SyncException e && e.code() == SyncException.Code.LOCK) {
          assertThat(e.getMessage()).contains(".lock").contains("this process");
          lockErrors++;
        } else {
          assertThat(o).as("a run either succeeds or meets the lock").isInstanceOf(SyncReport.class);
          assertThat(((SyncReport) o).success()).isTrue();
        }
      }
      assertThat(lockErrors).as("the 20 ms engines gave up on the lock at least once").isPositive();
      System.out.printf("%n[concurrency] 4 engines, one cache directory, 8 threads: %d runs, %d lock errors%n",
          8 - lockErrors, lockErrors);
      runsDidNotOverlap(cache.resolve("faults"), 8 - lockErrors);
    } finally {
      engines.forEach(SyncEngine::close);
    }
    assertThat(FaultScenario.duplicates(scenario.actual())).isEmpty();
    assertThat(scenario.differences()).isEmpty();
  }

  interface Call {
    Object call(int i) throws Exception;
  }

  /** Starts {@code n} calls at the same instant; returns each result, or what it threw. */
  static List<Object> together(int n, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        Callable<Object> task = () -> {
          start.await();
          try {
            return call.call(index);
          } catch (Exception | AssertionError e) {
            return e;
          }
        };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<Object> out = new ArrayList<>();
      for (Future<Object> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code expected} runs, each finished, none started before the previous one finished, all readable. */
  static void runsDidNotOverlap(Path syncDir, int expected) {
    try (ParquetCacheStore store = ParquetCacheStore.open(syncDir)) {
      List<RunInfo> runs = store.runs();
      assertThat(runs).hasSize(expected);
      for (int i = 0; i < runs.size(); i++) {
        RunInfo r = runs.get(i);
        assertThat(r.status()).as(r.toString()).isIn(RunStatus.APPLIED, RunStatus.DRY_RUN);
        assertThat(r.finishedAt()).isNotNull();
        if (i > 0) {
          assertThat(r.startedAt()).as("run %s started before run %s finished", r.runId(), runs.get(i - 1).runId())
              .isAfterOrEqualTo(java.util.Objects.requireNonNull(runs.get(i - 1).finishedAt()));
        }
      }
      FaultsRandomizedTest.cacheIsConsistent(syncDir, null, FaultScenario.KINDS); // the newest may be a diff
    }
  }
}
