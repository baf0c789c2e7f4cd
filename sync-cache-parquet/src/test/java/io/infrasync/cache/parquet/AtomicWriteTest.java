package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.Side;
import io.infrasync.SyncException;
import io.infrasync.cache.parquet.internal.AtomicFiles;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.RunWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
  private static final Instant T = Instant.parse("2026-05-21T10:00:00Z");

  @TempDir Path dir;

  private static List<Path> temps(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(AtomicFiles::isTemp).toList();
    }
  }

  @Test
  void failedWriteLeavesTheOldFileAndNoTemp() throws Exception {
    Path target = dir.resolve("cursors.json");
    AtomicFiles.write(target, "{\"A\": {}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThatThrownBy(
            () -> AtomicFiles.write(target, temp -> {
              Files.writeString(temp, "{\"A\": {\"K\": \"TIMES");
              throw new IOException("disk full");
            }))
        .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CACHE))
        .hasMessageContaining(target.toString())
        .hasMessageContaining("disk full");
    assertThat(Files.readString(target)).isEqualTo("{\"A\": {}}");
    assertThat(temps(dir)).isEmpty();
  }

  @Test
  void tempLeftByACrashIsIgnoredByReadersAndSweptUnderTheLock() throws Exception {
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    RunWriter w = store.startRun("sync");
    w.writeSnapshot(Side.SOURCE, TestData.SITE, List.of(TestData.site("s1", "old", null)), T);
    Path a = store.directory().resolve(w.runId()).resolve("A");
    Path crashTemp = a.resolve(".LocationSite.parquet.0123456789abcdef.tmp");
    Files.write(crashTemp, new byte[] {'P', 'A', 'R', '1', 0, 1, 2}); // half a Parquet file
    Path rootTemp = store.directory().resolve(".run-counter.json.0123456789abcdef.tmp");
    Files.writeString(rootTemp, "{\"runs_since");

    assertThat(store.openRun(w.runId()).orElseThrow().snapshot(Side.SOURCE, "LocationSite").orElseThrow())
        .singleElement()
        .satisfies(r -> assertThat(r.data()).containsEntry("description", "old"));
    assertThat(store.runsSinceFullExtract()).isZero();

    try (CacheStore.Lock l = store.lock(Duration.ofSeconds(5))) {
      assertThat(crashTemp).doesNotExist();
      assertThat(rootTemp).doesNotExist();
    }
  }

  @Test
  void processKilledMidWriteLeavesThePreviousSnapshotReadable() throws Exception {
    Path sync = dir.resolve("sync");
    try (ChildJvm child = ChildJvm.start(dir, ChildMains.class, "write-snapshot", sync.toString())) {
      String ready = child.awaitLine(Duration.ofSeconds(60));
      assertThat(ready).startsWith("READY ");
      String runId = ready.substring("READY ".length());
      Path a = sync.resolve(runId).resolve("A");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (temps(a).isEmpty()) { // the 400k-row rewrite has started writing its temp file
        assertThat(System.nanoTime()).as("child never started its second write").isLessThan(deadline);
        Thread.sleep(1);
      }
      child.kill();

      assertThat(temps(a)).hasSize(1);
      ParquetCacheStore store = ParquetCacheStore.open(sync);
      assertThat(store.openRun(runId).orElseThrow().snapshot(Side.SOURCE, "InfraInterface").orElseThrow()).hasSize(10);
      store.lock(Duration.ofSeconds(5)).close();
      assertThat(temps(a)).isEmpty();
      assertThat(store.openRun(runId).orElseThrow().snapshot(Side.SOURCE, "InfraInterface").orElseThrow()).hasSize(10);
    }
  }
}
