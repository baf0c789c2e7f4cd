package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.cache.parquet.ParquetCacheStore;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunStatus;
import io.infrasync.testkit.Fault;
import io.infrasync.testkit.RequestMatcher;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two child JVMs on one pipeline (same {@code config.yml}, same cache directory), started at once.
 * Each reads its own NetBox (the two differ), both write to one Infrahub with their own token, so
 * the Infrahub request log tells whose request each was. The pipeline lock must serialise them:
 * either the second waits and then runs, or it fails at once with a lock error naming the holder.
 */
class CrossProcessLockTest {
  private static final String TOKEN_A = "token-of-child-a";
  private static final String TOKEN_B = "token-of-child-b";

  /** One request as the Infrahub emulator received it. */
  record Seen(String token, long nanos, boolean mutation) {}

  static NetBoxServer netboxA;
  static NetBoxServer netboxB;
  static InfrahubServer infrahub;
  static InfrahubServer reference;
  static final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    netboxA = NetBoxServer.builder().threads(8).build().start();
    netboxB = NetBoxServer.builder().threads(8).build().start();
    CrashFixture.seed(netboxA, 20, 7);
    CrashFixture.seed(netboxB, 20, 7);
    CrashFixture.drift(netboxB, 8); // B: other serials and descriptions, fewer IPs, one more device
    infrahub = InfrahubServer.builder().schema(InfrahubSchema.bench()).threads(8).token(TOKEN_A, "child-a")
        .token(TOKEN_B, "child-b").token(InfrahubServer.DEFAULT_TOKEN).build().start();
    reference = InfrahubServer.builder().schema(InfrahubSchema.bench()).build().start();
    installSpy();
  }

  /** Records every request (token, arrival, mutation or not) and selects none. */
  static void installSpy() {
    RequestMatcher spy = r -> {
      String token = r.header("X-INFRAHUB-KEY");
      seen.add(new Seen(token == null ? "" : token, System.nanoTime(), InfrahubServer.mutations().matches(r)));
      return false;
    };
    infrahub.faults().on(spy).always(Fault.latency(Duration.ZERO));
  }

  @AfterAll
  static void stop() {
    netboxA.close();
    netboxB.close();
    infrahub.close();
    reference.close();
  }

  @BeforeEach
  void reset() {
    infrahub.clear();
    seen.clear();
    netboxA.requestLog().reset();
    netboxB.requestLog().reset();
  }

  @Test
  void twoProcessesStartedAtOnceRunOneAfterTheOtherAndNeverInterleave(@TempDir Path dir) {
    Path config = CrashFixture.writeConfig(dir, 5);
    Path cache = dir.resolve("cache");
    try (ChildSync a = ChildSync.start(dir, CrashFixture.env(netboxA, infrahub, TOKEN_A), ChildSync.KillPlan.NONE,
            -1, config.toString(), cache.toString(), "60000", "false");
        ChildSync b = ChildSync.start(dir, CrashFixture.env(netboxB, infrahub, TOKEN_B), ChildSync.KillPlan.NONE,
            -1, config.toString(), cache.toString(), "60000", "false")) {
      assertThat(a.await(Duration.ofSeconds(120))).as(a.transcript()).isZero();
      assertThat(b.await(Duration.ofSeconds(120))).as(b.transcript()).isZero();

      List<Seen> requestsA = of(TOKEN_A);
      List<Seen> requestsB = of(TOKEN_B);
      assertThat(requestsA.stream().filter(Seen::mutation)).isNotEmpty();
      assertThat(requestsB.stream().filter(Seen::mutation)).isNotEmpty();
      boolean aFirst = requestsA.get(0).nanos() < requestsB.get(0).nanos();
      List<Seen> first = aFirst ? requestsA : requestsB;
      List<Seen> second = aFirst ? requestsB : requestsA;
      // every request of the second run, reads included, comes after the last one of the first
      assertThat(second.get(0).nanos()).as("the second run's first request follows the first run's last")
          .isGreaterThan(first.get(first.size() - 1).nanos());
      ChildSync firstChild = aFirst ? a : b;
      ChildSync secondChild = aFirst ? b : a;
      assertThat(eventMillis(secondChild, "EV start")).as("the second run started after the first finished")
          .isGreaterThanOrEqualTo(eventMillis(firstChild, "EV done"));
      System.out.printf("[cross-process] %s ran first (%d requests, %d mutation requests); %s waited for the lock"
              + " and ran second (%d requests, %d mutation requests); no interleaving%n",
          aFirst ? "A" : "B", first.size(), first.stream().filter(Seen::mutation).count(), aFirst ? "B" : "A",
          second.size(), second.stream().filter(Seen::mutation).count());

      // the destination is what a fault-free sync of the second run's source gives, without duplicates
      reference.clear();
      CrashFixture.referenceSync(config, CrashFixture.env(aFirst ? netboxB : netboxA, reference,
          InfrahubServer.DEFAULT_TOKEN));
      assertThat(CrashFixture.duplicates(infrahub)).isEmpty();
      assertThat(CrashFixture.canonical(infrahub)).isEqualTo(CrashFixture.canonical(reference));
      // both runs are in the cache, applied, one after the other
      ParquetCacheStore store = ParquetCacheStore.open(cache.resolve(CrashFixture.SYNC_NAME));
      List<RunInfo> runs = CrashRecoveryTest.readEverything(store);
      assertThat(runs).extracting(RunInfo::status).containsExactly(RunStatus.APPLIED, RunStatus.APPLIED);
    }
  }

  @Test
  void aProcessThatCannotGetTheLockFailsWithALockErrorNamingTheHolderAndTouchesNothing(@TempDir Path dir) {
    Path config = CrashFixture.writeConfig(dir, 5);
    Path cache = dir.resolve("cache");
    // A is slowed down so that it certainly holds the lock while B tries
    infrahub.faults().on(r -> TOKEN_A.equals(r.header("X-INFRAHUB-KEY"))).always(Fault.latency(Duration.ofMillis(40)));
    try (ChildSync a = ChildSync.start(dir, CrashFixture.env(netboxA, infrahub, TOKEN_A), ChildSync.KillPlan.NONE,
        -1, config.toString(), cache.toString(), "60000", "false")) {
      waitForLine(a, "EV start");
      try (ChildSync b = ChildSync.start(dir, CrashFixture.env(netboxB, infrahub, TOKEN_B), ChildSync.KillPlan.NONE,
          -1, config.toString(), cache.toString(), "300", "false")) {
        assertThat(b.await(Duration.ofSeconds(60))).as(b.transcript()).isEqualTo(2);
        assertThat(b.result()).as(b.transcript())
            .startsWith("RESULT sync-error LOCK SyncException")
            .contains("the cache lock " + cache.resolve(CrashFixture.SYNC_NAME).resolve(".lock").toAbsolutePath())
            .contains("held by pid " + a.pid())
            .contains("waited PT0.3S");
        assertThat(a.isRunning()).as("A still ran when B gave up").isTrue();
      }
      assertThat(a.await(Duration.ofSeconds(120))).as(a.transcript()).isZero();
    } finally {
      infrahub.faults().clear();
      installSpy();
    }
    assertThat(of(TOKEN_B)).as("B sent nothing to Infrahub").isEmpty();
    assertThat(netboxB.requestLog().total()).as("B read nothing from its NetBox").isZero();
    ParquetCacheStore store = ParquetCacheStore.open(cache.resolve(CrashFixture.SYNC_NAME));
    assertThat(CrashRecoveryTest.readEverything(store)).as("only A's run is in the cache").hasSize(1)
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.APPLIED));
  }

  private static List<Seen> of(String token) {
    synchronized (seen) {
      return seen.stream().filter(s -> s.token().equals(token)).sorted((x, y) -> Long.compare(x.nanos(), y.nanos()))
          .toList();
    }
  }

  private static long eventMillis(ChildSync child, String prefix) {
    String line = child.lines().stream().filter(l -> l.startsWith(prefix + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' in\n" + child.transcript()));
    String[] w = line.split(" ");
    return Long.parseLong(w[w.length - 1]);
  }

  private static void waitForLine(ChildSync child, String prefix) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (child.lines().stream().noneMatch(l -> l.startsWith(prefix))) {
      if (System.nanoTime() > deadline || !child.isRunning()) {
        throw new AssertionError("no '" + prefix + "' from the child\n" + child.transcript());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
