package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunReader;
import io.infrasync.spi.RunStatus;
import io.infrasync.spi.RunWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOrderTest {
  @TempDir Path dir;

  private static void finish(RunWriter w, RunStatus status, Instant started) {
    w.writeInfo(new RunInfo(w.runId(), "sync", status, started, started.plusSeconds(1), false, Map.of()));
  }

  @Test
  void ordersRunsByCreationEvenWhenTheClockGoesBackwards() {
    TestData.MutableClock clock = new TestData.MutableClock(Instant.parse("2026-05-21T23:59:00Z"));
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"), ParquetCodec.ZSTD, clock);
    RunWriter first = store.startRun("sync");
    clock.set(Instant.parse("2026-05-20T08:00:00Z")); // NTP step back: the id sorts before the first
    RunWriter second = store.startRun("sync");
    clock.set(Instant.parse("2026-05-22T08:00:00Z"));
    RunWriter third = store.startRun("diff");

    assertThat(second.runId()).isLessThan(first.runId());
    assertThat(store.runs()).extracting(RunInfo::runId).containsExactly(first.runId(), second.runId(), third.runId());
    assertThat(store.openParquetRun(third.runId()).orElseThrow().sequence()).isEqualTo(3);
  }

  @Test
  void lastSuccessfulRunIsTheNewestAppliedOrDryRunNotTheGreatestName() {
    TestData.MutableClock clock = new TestData.MutableClock(Instant.parse("2026-05-21T10:00:00Z"));
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"), ParquetCodec.ZSTD, clock);
    RunWriter a = store.startRun("sync");
    finish(a, RunStatus.APPLIED, clock.instant());
    clock.set(Instant.parse("2026-05-01T10:00:00Z"));
    RunWriter b = store.startRun("diff");
    finish(b, RunStatus.DRY_RUN, clock.instant());
    clock.advance(Duration.ofMinutes(1));
    RunWriter c = store.startRun("sync");
    finish(c, RunStatus.FAILED, clock.instant());
    RunWriter d = store.startRun("sync"); // still running

    assertThat(store.lastSuccessfulRun()).map(RunReader::info).map(RunInfo::runId).contains(b.runId());
    assertThat(store.runs()).extracting(RunInfo::status)
        .containsExactly(RunStatus.APPLIED, RunStatus.DRY_RUN, RunStatus.FAILED, RunStatus.RUNNING);
    assertThat(store.runs()).extracting(RunInfo::runId).last().isEqualTo(d.runId());
  }

  @Test
  void ignoresDirectoriesThatAreNotInfraSyncRuns() throws Exception {
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    RunWriter ours = store.startRun("diff");
    Path upstream = Files.createDirectories(store.directory().resolve("20991231T2359-deadbeef"));
    Files.writeString(upstream.resolve("run.json"),
        "{\"finished_at\": null, \"mode\": \"sync\", \"status\": \"applied\", \"summary\": {}}");
    Files.createDirectories(store.directory().resolve("20991231T2359-00000000")); // crashed before run.json
    Files.createDirectories(store.directory().resolve("notes"));

    assertThat(store.runs()).extracting(RunInfo::runId).containsExactly(ours.runId());
    assertThat(store.lastSuccessfulRun()).isEmpty();
    assertThat(store.openRun("nope")).isEmpty();
  }

  @Test
  void sequenceContinuesAfterOldRunsAreDeleted() {
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    for (int i = 0; i < 3; i++) {
      finish(store.startRun("sync"), RunStatus.APPLIED, Instant.now());
    }
    store.retain(1, Duration.ZERO);
    RunWriter next = store.startRun("sync");
    assertThat(store.openParquetRun(next.runId()).orElseThrow().sequence()).isEqualTo(4);
  }
}
