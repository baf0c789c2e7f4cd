package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.spi.CacheStore;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunStatus;
import io.infrasync.spi.RunWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
  @TempDir Path dir;

  private TestData.MutableClock clock;
  private ParquetCacheStore store;
  private final List<String> ids = new ArrayList<>();

  @BeforeEach
  void setUp() {
    clock = new TestData.MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    store = ParquetCacheStore.open(dir.resolve("sync"), ParquetCodec.ZSTD, clock);
  }

  /** One run per day, with the given statuses, oldest first. */
  private void runs(RunStatus... statuses) {
    for (RunStatus s : statuses) {
      RunWriter w = store.startRun("sync");
      w.writeInfo(new RunInfo(w.runId(), "sync", s, clock.instant(), clock.instant(), false, Map.of()));
      ids.add(w.runId());
      clock.advance(Duration.ofDays(1));
    }
  }

  private List<String> remaining() {
    return store.runs().stream().map(RunInfo::runId).toList();
  }

  @Test
  void keepsTheLastNRuns() {
    runs(RunStatus.APPLIED, RunStatus.APPLIED, RunStatus.APPLIED, RunStatus.APPLIED, RunStatus.APPLIED);
    List<String> deleted = store.retain(2, Duration.ZERO);
    assertThat(deleted).containsExactlyElementsOf(ids.subList(0, 3));
    assertThat(remaining()).containsExactlyElementsOf(ids.subList(3, 5));
    assertThat(store.directory().resolve(ids.get(0))).doesNotExist();
  }

  @Test
  void keepsRunsYoungerThanMaxAge() {
    runs(RunStatus.APPLIED, RunStatus.APPLIED, RunStatus.APPLIED, RunStatus.APPLIED); // days 0..3, now day 4
    store.retain(0, Duration.ofHours(60)); // cutoff day 1.5
    assertThat(remaining()).containsExactlyElementsOf(ids.subList(2, 4));
  }

  @Test
  void keepLastAndMaxAgeAreAUnion() {
    runs(RunStatus.APPLIED, RunStatus.APPLIED, RunStatus.APPLIED, RunStatus.APPLIED, RunStatus.APPLIED);
    store.retain(1, Duration.ofHours(60)); // age keeps days 3,4 ; count keeps day 4
    assertThat(remaining()).containsExactlyElementsOf(ids.subList(3, 5));
    store.retain(3, Duration.ZERO);
    assertThat(remaining()).containsExactlyElementsOf(ids.subList(3, 5));
  }

  @Test
  void alwaysKeepsTheNewestSuccessfulRun() {
    runs(RunStatus.APPLIED, RunStatus.DRY_RUN, RunStatus.FAILED, RunStatus.FAILED);
    store.retain(1, Duration.ZERO);
    assertThat(remaining()).containsExactly(ids.get(1), ids.get(3));
    assertThat(store.lastSuccessfulRun()).isPresent();
  }

  @Test
  void neverDeletesTheRunInUse() {
    runs(RunStatus.APPLIED, RunStatus.APPLIED);
    RunWriter current = store.startRun("sync");
    clock.advance(Duration.ofDays(30));
    RunWriter newer = store.startRun("diff");
    newer.writeInfo(new RunInfo(newer.runId(), "diff", RunStatus.DRY_RUN, clock.instant(), clock.instant(), false, Map.of()));
    assertThat(store.retain(0, Duration.ZERO)).containsExactlyElementsOf(ids);
    assertThat(remaining()).containsExactly(current.runId(), newer.runId());

    current.writeInfo(new RunInfo(current.runId(), "sync", RunStatus.FAILED, clock.instant(), null, false, Map.of()));
    assertThat(store.retain(0, Duration.ZERO)).containsExactly(current.runId());
  }

  @Test
  void deletesRunDirectoriesWithoutRunJsonButLeavesForeignOnes() throws Exception {
    runs(RunStatus.APPLIED);
    Path crashed = Files.createDirectories(store.directory().resolve("20260101T0000-0badc0de"));
    Files.writeString(crashed.resolve("junk"), "x");
    Path mine = Files.createDirectories(store.directory().resolve("my-notes"));
    Path upstream = Files.createDirectories(store.directory().resolve("20260101T0000-feedf00d"));
    Files.writeString(upstream.resolve("run.json"), "{\"mode\": \"sync\", \"status\": \"applied\"}");

    store.retain(0, Duration.ZERO);
    assertThat(crashed).doesNotExist();
    assertThat(mine).exists();
    assertThat(upstream).exists();
    assertThat(remaining()).containsExactly(ids.get(0));
  }

  @Test
  void finishesADeletionThatACrashInterrupted() throws Exception {
    runs(RunStatus.APPLIED);
    Path halfDeleted = Files.createDirectories(store.directory().resolve(".deleting-20260101T0000-0badc0de").resolve("A"));
    Files.writeString(halfDeleted.resolve("K.parquet"), "x");
    try (CacheStore.Lock l = store.lock(Duration.ofSeconds(5))) {
      assertThat(store.directory().resolve(".deleting-20260101T0000-0badc0de")).doesNotExist();
    }
    assertThat(remaining()).containsExactly(ids.get(0));
  }

  @Test
  void worksWhileThisStoreHoldsTheLockAndRejectsBadArguments() {
    runs(RunStatus.APPLIED, RunStatus.APPLIED);
    try (CacheStore.Lock l = store.lock(Duration.ofSeconds(5))) {
      assertThat(store.retain(1, Duration.ZERO)).containsExactly(ids.get(0));
    }
    assertThatThrownBy(() -> store.retain(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.retain(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
