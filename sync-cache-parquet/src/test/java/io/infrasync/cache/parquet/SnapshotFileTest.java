package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Side;
import io.infrasync.SyncRecord;
import io.infrasync.cache.parquet.internal.ColumnType;
import io.infrasync.cache.parquet.internal.ParquetTable;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.RunReader;
import io.infrasync.spi.RunWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
  private static final Instant EXTRACTED = Instant.parse("2026-05-21T10:42:07.123456Z");

  @TempDir Path dir;

  private RunReader writeAndOpen(Side side, FieldLayout layout, List<SyncRecord> records) {
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    RunWriter w = store.startRun("diff");
    w.writeSnapshot(side, layout, records, EXTRACTED);
    return store.openRun(w.runId()).orElseThrow();
  }

  private ParquetTable.Contents table(RunReader run, Side side, String kind) {
    return Objects.requireNonNull(
        ParquetTable.read(((ParquetRunReader) run).directory().resolve(side.cacheName()).resolve(kind + ".parquet")));
  }

  @Test
  void writesIdentifierColumnsFirstThenAttributesThenEngineColumns() {
    RunReader run =
        writeAndOpen(Side.SOURCE, TestData.INTERFACE, List.of(TestData.iface("dev-1", "eth0", null, true, 1500, "7")));
    ParquetTable.Contents t = table(run, Side.SOURCE, "InfraInterface");
    assertThat(t.names())
        .containsExactly(
            "device", "name", "description", "enabled", "mtu", "speed",
            "_extract_ts", "_source_id", "_tombstone", "_server_id");
    assertThat(t.columns())
        .extracting(ParquetTable.Column::type)
        .containsExactly(
            ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.BOOLEAN, ColumnType.INT64,
            ColumnType.INT64, ColumnType.TIMESTAMP, ColumnType.STRING, ColumnType.BOOLEAN, ColumnType.STRING);
    assertThat(t.columns()).filteredOn(ParquetTable.Column::required)
        .extracting(ParquetTable.Column::name)
        .containsExactly("_extract_ts", "_source_id", "_tombstone");
    @Nullable Object[] row = t.rows().get(0);
    assertThat(row[6]).isEqualTo(1_779_360_127_123_456L); // micros of EXTRACTED
    assertThat(row[7]).isEqualTo("dev-1__eth0");
    assertThat(row[8]).isEqualTo(false);
    assertThat(row[9]).isEqualTo("7");
    assertThat(t.metadata())
        .containsEntry("infrasync.kind", "InfraInterface")
        .containsEntry("infrasync.identifiers", "[\"device\", \"name\"]")
        .containsEntry("infrasync.references", "{\"device\": \"InfraDevice\"}");
  }

  @Test
  void roundTripsEveryValueKind() {
    FieldLayout layout =
        TestData.free(
            "Thing",
            Map.of("peer", new FieldLayout.Reference("Other", false), "peers", new FieldLayout.Reference("Other", true)),
            "s", "l", "d", "b", "mixedNum", "strings", "longs", "map", "mixed", "peer", "peers", "allNull");
    SyncRecord full =
        TestData.record(layout, "a", "id-a",
            "text \u00e9\u4e2d", 42L, 1.5, true, 3L, List.of("x", "y"), List.of(1L, 2L),
            Map.of("k", 1L, "n", List.of("z")), "str", Key.of("o", 1L), List.of(Key.of("o", 1L), Key.of("p", 2L)), null);
    SyncRecord empty =
        TestData.record(layout, "b", null,
            "", -7L, -0.25, false, 2.5, List.of(), List.of(), Map.of(), 12L, null, List.of(), null);
    SyncRecord nulls =
        TestData.record(layout, "c", "id-c", null, null, null, null, null, null, null, null, null, null, null, null);

    RunReader run = writeAndOpen(Side.DESTINATION, layout, List.of(full, empty, nulls));

    ParquetTable.Contents t = table(run, Side.DESTINATION, "Thing");
    assertThat(t.columns().subList(0, 13))
        .extracting(ParquetTable.Column::type)
        .containsExactly(
            ColumnType.STRING, ColumnType.STRING, ColumnType.INT64, ColumnType.DOUBLE, ColumnType.BOOLEAN,
            ColumnType.DOUBLE, ColumnType.LIST_STRING, ColumnType.LIST_INT64, ColumnType.JSON, ColumnType.JSON,
            ColumnType.STRING, ColumnType.LIST_STRING, ColumnType.STRING);
    List<RawRecord> back = run.snapshot(Side.DESTINATION, "Thing").orElseThrow();
    assertThat(back).hasSize(3);

    RawRecord a = back.get(0);
    assertThat(a.id()).isEqualTo("id-a");
    assertThat(a.data())
        .containsEntry("name", "a")
        .containsEntry("s", "text \u00e9\u4e2d")
        .containsEntry("l", 42L)
        .containsEntry("d", 1.5)
        .containsEntry("b", true)
        .containsEntry("mixedNum", 3.0)
        .containsEntry("strings", List.of("x", "y"))
        .containsEntry("longs", List.of(1L, 2L))
        .containsEntry("map", Map.of("k", 1L, "n", List.of("z")))
        .containsEntry("mixed", "str")
        .containsEntry("peer", "o__1")
        .containsEntry("peers", List.of("o__1", "p__2"))
        .containsEntry("allNull", null);
    assertThat(a.data()).doesNotContainKeys("_extract_ts", "_source_id", "_tombstone", "_server_id");

    RawRecord b = back.get(1);
    assertThat(b.id()).isNull();
    assertThat(b.data())
        .containsEntry("s", "")
        .containsEntry("mixedNum", 2.5)
        .containsEntry("strings", List.of())
        .containsEntry("longs", List.of())
        .containsEntry("map", Map.of())
        .containsEntry("mixed", 12L)
        .containsEntry("peer", null)
        .containsEntry("peers", List.of());

    RawRecord c = back.get(2);
    assertThat(c.data()).hasSize(13);
    assertThat(c.data().values().stream().skip(1)).containsOnlyNulls();
  }

  @Test
  void keepsEmptyListsApartFromNullAndNullElementsInsideLists() {
    FieldLayout layout = TestData.free("L", Map.of(), "tags");
    RunReader run =
        writeAndOpen(Side.SOURCE, layout, List.of(
            TestData.record(layout, "empty", null, List.of()),
            TestData.record(layout, "none", null, (Object) null),
            TestData.record(layout, "holes", null, java.util.Arrays.asList("a", null, "b"))));
    List<RawRecord> back = run.snapshot(Side.SOURCE, "L").orElseThrow();
    assertThat(back.get(0).data().get("tags")).isEqualTo(List.of());
    assertThat(back.get(1).data()).containsEntry("tags", null);
    assertThat(back.get(2).data().get("tags")).isEqualTo(java.util.Arrays.asList("a", null, "b"));
  }

  /** The engine's layouts never say many (Layouts.of): a reference holding lists is a list column all the same. */
  @Test
  void aReferenceHoldingListsIsAListColumnThoughTheLayoutDoesNotSayMany() {
    FieldLayout layout = TestData.free("Device", Map.of("tags", new FieldLayout.Reference("Tag", false)), "tags");
    RunReader run = writeAndOpen(Side.SOURCE, layout, List.of(
        TestData.record(layout, "r1", "1", List.of(Key.of("core"), Key.of("edge"))),
        TestData.record(layout, "r2", "2", List.of())));
    ParquetTable.Contents t = table(run, Side.SOURCE, "Device");
    assertThat(t.columns().get(1).type()).isEqualTo(ColumnType.LIST_STRING);
    assertThat(t.metadata()).containsEntry("infrasync.references", "{\"tags\": [\"Tag\"]}");
    List<RawRecord> back = run.snapshot(Side.SOURCE, "Device").orElseThrow();
    assertThat(back.get(0).data()).containsEntry("tags", List.of("core", "edge"));
    assertThat(back.get(1).data()).containsEntry("tags", List.of());

    RunReader untagged = writeAndOpen(Side.SOURCE, layout, List.of(TestData.record(layout, "r3", "3", List.of())));
    assertThat(untagged.snapshot(Side.SOURCE, "Device").orElseThrow().get(0).data()).containsEntry("tags", List.of());
  }

  @Test
  void acceptsRecordsBuiltWithAnotherButEqualLayoutInstance() {
    FieldLayout other = FieldLayout.of("LocationSite", List.of("description", "name"), List.of("name"), Map.of());
    SyncRecord r = SyncRecord.of(other, Map.of("name", "s1", "description", "d"), "9");
    RunReader run = writeAndOpen(Side.SOURCE, TestData.SITE, List.of(r, TestData.site("s2", null, null)));
    List<RawRecord> back = run.snapshot(Side.SOURCE, "LocationSite").orElseThrow();
    assertThat(back.get(0).data()).containsExactly(Map.entry("name", "s1"), Map.entry("description", "d"));
    assertThat(back.get(0).id()).isEqualTo("9");
  }

  @Test
  void emptyKindStillGetsAFileWithItsColumns() {
    RunReader run = writeAndOpen(Side.SOURCE, TestData.DEVICE, List.of());
    assertThat(run.snapshot(Side.SOURCE, "InfraDevice")).contains(List.of());
    ParquetTable.Contents t = table(run, Side.SOURCE, "InfraDevice");
    assertThat(t.names())
        .containsExactly("name", "site", "serial", "status", "tags", "_extract_ts", "_source_id", "_tombstone", "_server_id");
    assertThat(t.columns().get(4).type()).isEqualTo(ColumnType.LIST_STRING);
    assertThat(t.rows()).isEmpty();
  }

  @Test
  void missingSnapshotIsEmptyNotAnError() {
    RunReader run = writeAndOpen(Side.SOURCE, TestData.SITE, List.of(TestData.site("s", null, null)));
    assertThat(run.snapshot(Side.DESTINATION, "LocationSite")).isEmpty();
    assertThat(run.snapshot(Side.SOURCE, "Nope")).isEmpty();
  }

  @Test
  void allRowsShareTheExtractTimestamp() {
    RunReader run =
        writeAndOpen(Side.SOURCE, TestData.SITE, List.of(TestData.site("s1", null, null), TestData.site("s2", "x", null)));
    ParquetTable.Contents t = table(run, Side.SOURCE, "LocationSite");
    int ts = t.indexOf("_extract_ts");
    assertThat(t.rows()).extracting(r -> r[ts]).containsOnly(1_779_360_127_123_456L);
    assertThat(((ParquetRunReader) run).snapshotExtractedAt(Side.SOURCE, "LocationSite")).contains(EXTRACTED);
  }

  @Test
  void refusesFieldsNamedLikeEngineColumnsAndRecordsOfAnotherKind() {
    FieldLayout bad = TestData.free("Bad", Map.of(), "_source_id");
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    RunWriter w = store.startRun("diff");
    assertThatThrownBy(() -> w.writeSnapshot(Side.SOURCE, bad, List.of(), EXTRACTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("_source_id");
    assertThatThrownBy(
            () -> w.writeSnapshot(Side.SOURCE, TestData.SITE, List.of(TestData.device("d", "s", List.of(), null)), EXTRACTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("InfraDevice");
    assertThatThrownBy(() -> w.writeSnapshot(Side.SOURCE, TestData.free("../x", Map.of()), List.of(), EXTRACTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../x");
  }

  @Test
  void writesSnapshotsWithEveryCodec() throws Exception {
    for (ParquetCodec codec : ParquetCodec.values()) {
      ParquetCacheStore store = ParquetCacheStore.open(dir.resolve(codec.name()), codec, java.time.Clock.systemUTC());
      RunWriter w = store.startRun("diff");
      List<SyncRecord> records = new java.util.ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        records.add(TestData.iface("dev-" + (i / 24), "Ethernet1/" + (i % 24), i % 3 == 0 ? null : "d" + i, i % 2 == 0, 1500, "id" + i));
      }
      w.writeSnapshot(Side.SOURCE, TestData.INTERFACE, records, EXTRACTED);
      List<RawRecord> back = store.openRun(w.runId()).orElseThrow().snapshot(Side.SOURCE, "InfraInterface").orElseThrow();
      assertThat(back).hasSize(5000);
      assertThat(back.get(4999).data()).containsEntry("device", "dev-208").containsEntry("name", "Ethernet1/7");
      assertThat(back.get(4999).id()).isEqualTo("id4999");
      assertThat(Files.size(snapshotPath(store, w.runId()))).isPositive();
    }
  }

  private static Path snapshotPath(ParquetCacheStore store, String runId) {
    return store.directory().resolve(runId).resolve("A").resolve("InfraInterface.parquet");
  }
}
