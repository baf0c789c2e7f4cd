package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.Side;
import io.infrasync.SyncError;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunStatus;
import io.infrasync.spi.RunWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarsTest {
  private static final Instant T0 = Instant.parse("2026-05-21T10:42:00Z");

  @TempDir Path dir;

  private ParquetCacheStore store() {
    return ParquetCacheStore.open(dir.resolve("sync"), ParquetCodec.ZSTD, new TestData.MutableClock(T0));
  }

  @Test
  void runJsonIsWrittenAtStartAndRewrittenWithTheOutcome() throws Exception {
    ParquetCacheStore store = store();
    RunWriter w = store.startRun("sync");
    assertThat(w.runId()).matches("20260521T1042-[0-9a-f]{8}");
    Path runJson = store.directory().resolve(w.runId()).resolve("run.json");
    assertThat(Files.readString(runJson))
        .isEqualTo(
            """
            {
              "finished_at": null,
              "full_extract": false,
              "mode": "sync",
              "sequence": 1,
              "started_at": "2026-05-21T10:42:00Z",
              "status": "running",
              "summary": {}
            }""");

    RunInfo done =
        new RunInfo(w.runId(), "sync", RunStatus.APPLIED, T0, T0.plusSeconds(5), true,
            Map.of("resources", 3L, "mode", "serial", "counts", Map.of("InfraDevice", Map.of("create", 2L))));
    w.writeInfo(done);
    assertThat(Files.readString(runJson))
        .isEqualTo(
            """
            {
              "finished_at": "2026-05-21T10:42:05Z",
              "full_extract": true,
              "mode": "sync",
              "sequence": 1,
              "started_at": "2026-05-21T10:42:00Z",
              "status": "applied",
              "summary": {
                "counts": {
                  "InfraDevice": {
                    "create": 2
                  }
                },
                "mode": "serial",
                "resources": 3
              }
            }""");
    assertThat(store.openRun(w.runId()).orElseThrow().info()).isEqualTo(done);
    assertThatThrownBy(() -> w.writeInfo(new RunInfo("other", "sync", RunStatus.FAILED, T0, null, false, Map.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cursorsAreMergedPerSide() throws Exception {
    ParquetCacheStore store = store();
    RunWriter w = store.startRun("sync");
    w.writeCursors(Side.SOURCE, Map.of("InfraDevice", Cursor.timestamp("2026-05-18T11:00:00+00:00")));
    w.writeCursors(Side.DESTINATION, Map.of("InfraDevice", Cursor.timestamp("2026-05-18T11:00:01+00:00")));
    w.writeCursors(Side.SOURCE, Map.of("LocationSite", new Cursor(Cursor.Tier.PAGE_TOKEN, "p2")));
    Path file = store.directory().resolve(w.runId()).resolve("cursors.json");
    assertThat(Files.readString(file))
        .isEqualTo(
            """
            {
              "A": {
                "InfraDevice": "TIMESTAMP:2026-05-18T11:00:00+00:00",
                "LocationSite": "PAGE_TOKEN:p2"
              },
              "B": {
                "InfraDevice": "TIMESTAMP:2026-05-18T11:00:01+00:00"
              }
            }""");
    var run = store.openRun(w.runId()).orElseThrow();
    assertThat(run.cursors(Side.SOURCE))
        .containsExactly(
            Map.entry("InfraDevice", Cursor.timestamp("2026-05-18T11:00:00+00:00")),
            Map.entry("LocationSite", new Cursor(Cursor.Tier.PAGE_TOKEN, "p2")));
    assertThat(run.cursors(Side.DESTINATION)).hasSize(1);
  }

  @Test
  void runWithoutCursorsOrHashHasNone() {
    ParquetCacheStore store = store();
    RunWriter w = store.startRun("diff");
    var run = store.openRun(w.runId()).orElseThrow();
    assertThat(run.cursors(Side.SOURCE)).isEmpty();
    assertThat(run.schemaSubHash()).isEmpty();
  }

  @Test
  void schemaSubHashIsPlainText() throws Exception {
    ParquetCacheStore store = store();
    RunWriter w = store.startRun("diff");
    w.writeSchemaSubHash("0123456789ab");
    assertThat(Files.readString(store.directory().resolve(w.runId()).resolve("schema-sub-hash.txt"))).isEqualTo("0123456789ab");
    assertThat(store.openRun(w.runId()).orElseThrow().schemaSubHash()).contains("0123456789ab");
  }

  @Test
  void baselineRowCountsAreAFlatSortedMapMergedByKind() throws Exception {
    ParquetCacheStore store = store();
    assertThat(store.baselineRowCounts()).isEmpty();
    store.saveBaselineRowCounts(Map.of("InfraDevice", 100L, "LocationSite", 20L));
    store.saveBaselineRowCounts(Map.of("InfraDevice", 49L, "BuiltinTag", 0L));
    assertThat(Files.readString(store.directory().resolve("last-successful-rowcounts.json")))
        .isEqualTo("{\n  \"BuiltinTag\": 0,\n  \"InfraDevice\": 49,\n  \"LocationSite\": 20\n}");
    assertThat(store.baselineRowCounts()).containsExactly(
        Map.entry("BuiltinTag", 0L), Map.entry("InfraDevice", 49L), Map.entry("LocationSite", 20L));
  }

  @Test
  void runCounterIsUpstreamsShape() throws Exception {
    ParquetCacheStore store = store();
    assertThat(store.runsSinceFullExtract()).isZero();
    store.saveRunsSinceFullExtract(4);
    assertThat(Files.readString(store.directory().resolve("run-counter.json"))).isEqualTo("{\n  \"runs_since_full\": 4\n}");
    assertThat(store.runsSinceFullExtract()).isEqualTo(4);
    assertThatThrownBy(() -> store.saveRunsSinceFullExtract(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorsRoundTripThroughErrorsParquet() {
    ParquetCacheStore store = store();
    RunWriter w = store.startRun("sync");
    List<SyncError> errors =
        List.of(
            new SyncError("reference", "InfraInterface", "dev-1__eth0", null, "device", "no InfraDevice dev-1", "map it", 0, true),
            new SyncError("write", "InfraDevice", null, "uuid-1", null, "HTTP 502 from POST /graphql", null, 3, false));
    w.writeErrors(errors);
    assertThat(store.openParquetRun(w.runId()).orElseThrow().errors()).isEqualTo(errors);
    assertThat(store.openParquetRun(store.startRun("diff").runId()).orElseThrow().errors()).isEmpty();
  }
}
