package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Side;
import io.infrasync.SyncError;
import io.infrasync.SyncException;
import io.infrasync.SyncRecord;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.RunWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** DuckDB (JDBC, test scope) reads every file the cache writes, and the cache reads DuckDB's. */
class DuckDbInteropTest {
  private static final Instant T = Instant.parse("2026-05-21T10:42:07.123456Z");

  @TempDir Path dir;

  private Connection db;

  @BeforeEach
  void open() throws SQLException {
    db = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  private List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof java.sql.Array a ? List.of((Object[]) a.getArray()) : v == null ? "NULL" : v);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private Map<String, String> describe(Path file) throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    for (List<Object> r : query("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
      types.put((String) r.get(0), (String) r.get(1));
    }
    return types;
  }

  @Test
  void readsThePlan() throws Exception {
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    RunWriter w = store.startRun("diff");
    w.writePlan(TestData.smallPlan());
    Path plan = store.directory().resolve(w.runId()).resolve("plan.parquet");

    assertThat(query("SELECT action, resource, source_id FROM read_parquet('" + plan + "')"))
        .containsExactly(
            List.of("create", "LocationSite", "site-9"),
            List.of("update", "InfraDevice", "dev-1"),
            List.of("delete", "InfraInterface", "dev-1__eth0"));
    assertThat(describe(plan))
        .containsEntry("dest_id", "VARCHAR").containsEntry("tier", "INTEGER").containsEntry("batch", "INTEGER");
    assertThat(query("SELECT dest_id, NULLIF(new_value, '')::JSON->>'status', identifiers::JSON->>'device', tier, batch"
            + " FROM read_parquet('" + plan + "') ORDER BY batch"))
        .containsExactly(
            List.of("NULL", "NULL", "NULL", 0, 0),
            List.of("uuid-dev-1", "active", "NULL", 1, 1),
            List.of("uuid-if-1", "NULL", "dev-1", 2, 2));
  }

  @Test
  void readsSnapshotsWithListsJsonAndTheTimestamp() throws Exception {
    FieldLayout layout =
        TestData.free("Thing", Map.of("tags", new FieldLayout.Reference("Tag", true)), "mtu", "ratio", "on", "tags", "extra");
    List<SyncRecord> records =
        List.of(
            TestData.record(layout, "a", "1", 1500L, 0.5, true, List.of(Key.of("t1"), Key.of("t2")), Map.of("k", "v")),
            TestData.record(layout, "b", null, null, null, false, List.of(), null),
            TestData.record(layout, "c", "3", 9000L, 2.0, null, null, Map.of()));
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    RunWriter w = store.startRun("diff");
    w.writeSnapshot(Side.DESTINATION, layout, records, T);
    Path file = store.directory().resolve(w.runId()).resolve("B").resolve("Thing.parquet");

    assertThat(describe(file))
        .containsExactly(
            Map.entry("name", "VARCHAR"), Map.entry("mtu", "BIGINT"), Map.entry("ratio", "DOUBLE"),
            Map.entry("on", "BOOLEAN"), Map.entry("tags", "VARCHAR[]"), Map.entry("extra", "JSON"),
            Map.entry("_extract_ts", "TIMESTAMP WITH TIME ZONE"), Map.entry("_source_id", "VARCHAR"),
            Map.entry("_tombstone", "BOOLEAN"), Map.entry("_server_id", "VARCHAR"));
    assertThat(query("SELECT name, mtu, tags, tags IS NULL, len(tags), extra->>'k', epoch_us(_extract_ts),"
            + " _source_id, _tombstone, _server_id FROM read_parquet('" + file + "') ORDER BY name"))
        .containsExactly(
            List.of("a", 1500L, List.of("t1", "t2"), false, 2L, "v", 1_779_360_127_123_456L, "a", false, "1"),
            List.of("b", "NULL", List.of(), false, 0L, "NULL", 1_779_360_127_123_456L, "b", false, "NULL"),
            List.of("c", 9000L, "NULL", true, "NULL", "NULL", 1_779_360_127_123_456L, "c", false, "3"));
  }

  @Test
  void readsErrors() throws Exception {
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    RunWriter w = store.startRun("sync");
    w.writeErrors(List.of(new SyncError("write", "InfraDevice", "dev-1", "uuid-1", "serial", "HTTP 400", "fix it", 2, true)));
    Path file = store.directory().resolve(w.runId()).resolve("errors.parquet");
    assertThat(describe(file)).containsEntry("retry_count", "BIGINT").containsEntry("terminal", "BOOLEAN");
    assertThat(query("SELECT * FROM read_parquet('" + file + "')"))
        .containsExactly(List.of("write", "InfraDevice", "dev-1", "uuid-1", "serial", "HTTP 400", "fix it", 2L, true));
  }

  @ParameterizedTest
  @EnumSource(ParquetCodec.class)
  void readsEveryCodecWeWrite(ParquetCodec codec) throws Exception {
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve(codec.name()), codec, Clock.systemUTC());
    RunWriter w = store.startRun("diff");
    w.writeSnapshot(Side.SOURCE, TestData.INTERFACE, ChildMains.interfaces(30_000), T);
    Path file = store.directory().resolve(w.runId()).resolve("A").resolve("InfraInterface.parquet");
    assertThat(query("SELECT count(*), count(DISTINCT _source_id), sum(mtu)::BIGINT FROM read_parquet('" + file + "')"))
        .containsExactly(List.of(30_000L, 30_000L, sumOfMtu(30_000)));
    assertThat(query("SELECT DISTINCT compression FROM parquet_metadata('" + file + "')"))
        .containsExactly(List.of(codec.name()));
  }

  private static long sumOfMtu(int n) {
    long s = 0;
    for (int i = 0; i < n; i++) {
      s += 1500 + i % 7;
    }
    return s;
  }

  @ParameterizedTest
  @EnumSource(names = {"SNAPPY", "ZSTD", "GZIP", "LZ4_RAW", "UNCOMPRESSED"}, value = Codec.class)
  void readsSnapshotsDuckDbWrote(Codec codec) throws Exception {
    Path file = dir.resolve("A").resolve("Site.parquet");
    java.nio.file.Files.createDirectories(file.getParent());
    try (Statement st = db.createStatement()) {
      st.execute("COPY (SELECT 'site-' || i AS name, CASE WHEN i % 2 = 0 THEN NULL ELSE 'd' || i END AS description,"
          + " [i::VARCHAR, 'x'] AS tags, TIMESTAMPTZ '2026-05-21 10:00:00+00' AS _extract_ts, 'site-' || i AS _source_id,"
          + " false AS _tombstone, 'uuid-' || i AS _server_id FROM range(5000) t(i))"
          + " TO '" + file + "' (FORMAT parquet, COMPRESSION " + codec.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
    var snapshot = java.util.Objects.requireNonNull(io.infrasync.cache.parquet.internal.SnapshotFile.read(file));
    List<RawRecord> rows = snapshot.records();
    assertThat(rows).hasSize(5000);
    assertThat(rows.get(3).id()).isEqualTo("uuid-3");
    assertThat(rows.get(3).data())
        .containsEntry("name", "site-3").containsEntry("description", "d3").containsEntry("tags", List.of("3", "x"));
    assertThat(rows.get(4).data()).containsEntry("description", null);
    assertThat(snapshot.extractedAt()).isEqualTo(Instant.parse("2026-05-21T10:00:00Z"));
  }

  @Test
  void parquetFromDuckDbWithoutEngineColumnsIsForeign() throws Exception {
    Path file = dir.resolve("Site.parquet");
    try (Statement st = db.createStatement()) {
      st.execute("COPY (SELECT 'a' AS name) TO '" + file + "' (FORMAT parquet)");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.infrasync.cache.parquet.internal.SnapshotFile.read(file))
        .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CACHE))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("_extract_ts");
  }

  /** DuckDB's codec names. */
  enum Codec {
    SNAPPY,
    ZSTD,
    GZIP,
    LZ4_RAW,
    UNCOMPRESSED
  }
}
