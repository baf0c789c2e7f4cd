package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.Side;
import io.infrasync.SyncException;
import io.infrasync.cache.parquet.internal.ColumnType;
import io.infrasync.cache.parquet.internal.ParquetTable;
import io.infrasync.spi.RunReader;
import io.infrasync.spi.RunWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TornFileTest {
  @TempDir Path dir;

  private ParquetCacheStore store;
  private RunWriter writer;
  private Path run;

  @BeforeEach
  void setUp() {
    store = ParquetCacheStore.open(dir.resolve("sync"));
    writer = store.startRun("sync");
    run = store.directory().resolve(writer.runId());
  }

  private RunReader reader() {
    return store.openRun(writer.runId()).orElseThrow();
  }

  private static void assertCacheError(ThrowingCallable call, Path file, String detail) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CACHE))
        .hasMessageContaining(file.toString())
        .hasMessageContaining(detail);
  }

  private Path snapshotWith(int rows) {
    writer.writeSnapshot(Side.SOURCE, TestData.INTERFACE, ChildMains.interfaces(rows), Instant.now());
    return run.resolve("A").resolve("InfraInterface.parquet");
  }

  @Test
  void truncatedParquetIsReported() throws Exception {
    Path file = snapshotWith(1000);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 20));
    assertCacheError(() -> reader().snapshot(Side.SOURCE, "InfraInterface"), file, "not a readable Parquet file");
  }

  @Test
  void fileCutInTheMiddleOfThePagesIsReported() throws Exception {
    Path file = snapshotWith(1000);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertCacheError(() -> reader().snapshot(Side.SOURCE, "InfraInterface"), file, "torn or foreign");
  }

  @Test
  void flippedBitsInsideAnUncompressedPageAreCaughtByTheChecksum() throws Exception {
    ParquetCacheStore plain = ParquetCacheStore.open(dir.resolve("plain"), ParquetCodec.UNCOMPRESSED, java.time.Clock.systemUTC());
    RunWriter w = plain.startRun("sync");
    w.writeSnapshot(Side.SOURCE, TestData.INTERFACE, ChildMains.interfaces(1000), Instant.now());
    Path file = plain.directory().resolve(w.runId()).resolve("A").resolve("InfraInterface.parquet");
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf("port 500"); // a description value, stored plain in a data page
    assertThat(at).isPositive();
    bytes[at + 5] = '9'; // "port 500" -> "port 900": still valid data, wrong checksum
    Files.write(file, bytes);
    assertCacheError(() -> plain.openRun(w.runId()).orElseThrow().snapshot(Side.SOURCE, "InfraInterface"), file, "CRC");
  }

  @Test
  void fileThatIsNotParquetIsReported() throws Exception {
    Path file = run.resolve("plan.parquet");
    Files.writeString(file, "action,resource\ncreate,InfraDevice\n");
    assertCacheError(() -> reader().plan(), file, "not a readable Parquet file");
  }

  @Test
  void parquetWithoutTheEngineColumnsIsForeign() {
    Path file = run.resolve("A").resolve("InfraDevice.parquet");
    ParquetTable.write(
        file,
        List.of(new ParquetTable.Column("name", ColumnType.STRING, true)),
        Map.of(),
        CompressionCodecName.SNAPPY,
        List.of("dev-1"),
        (r, c) -> r);
    assertCacheError(() -> reader().snapshot(Side.SOURCE, "InfraDevice"), file, "column '_extract_ts' is missing");
  }

  @Test
  void planWithAColumnOfTheWrongTypeIsForeign() {
    Path file = run.resolve("plan.parquet");
    List<ParquetTable.Column> cols =
        io.infrasync.cache.parquet.internal.PlanFile.COLUMNS.stream()
            .map(c -> c.name().equals("tier") ? new ParquetTable.Column("tier", ColumnType.STRING, true) : c)
            .toList();
    ParquetTable.write(file, cols, Map.of(), CompressionCodecName.ZSTD, List.of(), (r, c) -> null);
    assertCacheError(() -> reader().plan(), file, "column 'tier' is STRING, expected INT32");
  }

  @Test
  void planWithAnUnknownActionIsForeign() {
    Path file = run.resolve("plan.parquet");
    ParquetTable.write(
        file, io.infrasync.cache.parquet.internal.PlanFile.COLUMNS, Map.of(), CompressionCodecName.ZSTD, List.of("x"),
        (r, c) -> switch (c) {
          case 0 -> "upsert";
          case 11, 12 -> 0;
          default -> "";
        });
    assertCacheError(() -> reader().plan(), file, "unknown action 'upsert'");
  }

  @Test
  void unparseableJsonSidecarsAreReported() throws Exception {
    Path cursors = run.resolve("cursors.json");
    Files.writeString(cursors, "{\"A\": {\"InfraDevice\": \"TIMESTAMP:2026");
    assertCacheError(() -> reader().cursors(Side.SOURCE), cursors, "not valid JSON");

    Files.writeString(cursors, "{\"A\": {\"InfraDevice\": \"LAST_WEEK:x\"}}");
    assertCacheError(() -> reader().cursors(Side.SOURCE), cursors, "cursor A.InfraDevice is malformed");

    Path counts = store.directory().resolve("last-successful-rowcounts.json");
    Files.writeString(counts, "[1, 2]");
    assertCacheError(() -> store.baselineRowCounts(), counts, "expected a JSON object");
    Files.writeString(counts, "{\"InfraDevice\": \"many\"}");
    assertCacheError(() -> store.baselineRowCounts(), counts, "InfraDevice");

    Path counter = store.directory().resolve("run-counter.json");
    Files.writeString(counter, "");
    assertCacheError(() -> store.runsSinceFullExtract(), counter, "not valid JSON");
  }

  @Test
  void tornRunJsonIsReportedWhenListingRuns() throws Exception {
    Path runJson = run.resolve("run.json");
    Files.writeString(runJson, "{\"finished_at\": null, \"mode\": \"sy");
    assertCacheError(() -> store.runs(), runJson, "not valid JSON");
    Files.writeString(runJson, "{\"mode\": \"sync\", \"sequence\": 1, \"started_at\": \"yesterday\", \"status\": \"applied\"}");
    assertCacheError(() -> store.runs(), runJson, "yesterday");
    Files.writeString(runJson, "{\"mode\": \"sync\", \"sequence\": 1, \"started_at\": \"2026-05-21T10:00:00Z\", \"status\": \"done\"}");
    assertCacheError(() -> store.openRun(writer.runId()), runJson, "unknown run status done");
  }

  @Test
  void upstreamRunJsonIsNotMistakenForOurs() throws Exception {
    Path runJson = run.resolve("run.json");
    Files.writeString(runJson, "{\n  \"finished_at\": null,\n  \"mode\": \"sync\",\n  \"status\": \"applied\",\n  \"summary\": {}\n}");
    assertThat(store.runs()).isEmpty();
    assertCacheError(() -> store.openRun(writer.runId()), runJson, "not written by InfraSync");
  }
}
