package io.infrasync.cache.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.SyncException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTableTest {
  private static final List<ParquetTable.Column> COLUMNS =
      List.of(
          new ParquetTable.Column("id", ColumnType.INT64, true),
          new ParquetTable.Column("text", ColumnType.STRING, false, true),
          new ParquetTable.Column("tags", ColumnType.LIST_STRING, false),
          new ParquetTable.Column("nums", ColumnType.LIST_DOUBLE, true));

  @TempDir Path dir;

  private static @Nullable Object cell(Integer i, int c) {
    return switch (c) {
      case 0 -> (long) i;
      case 1 -> i % 10 == 0 ? null : "row " + i;
      case 2 -> i % 3 == 0 ? null : i % 3 == 1 ? List.of() : Arrays.asList("t" + i, null);
      default -> List.of(i * 0.5);
    };
  }

  @Test
  void writesManyRowGroupsThatReadBackInOrder() throws Exception {
    Path file = dir.resolve("t.parquet");
    List<Integer> rows = IntStream.range(0, 50_000).boxed().toList();
    ParquetTable.write(file, COLUMNS, Map.of("k", "v"), CompressionCodecName.ZSTD, rows, ParquetTableTest::cell, 64 << 10);

    ParquetTable.Contents t = Objects.requireNonNull(ParquetTable.read(file));
    assertThat(t.metadata()).containsEntry("k", "v");
    assertThat(t.columns()).isEqualTo(List.of(
        new ParquetTable.Column("id", ColumnType.INT64, true),
        new ParquetTable.Column("text", ColumnType.STRING, false),
        new ParquetTable.Column("tags", ColumnType.LIST_STRING, false),
        new ParquetTable.Column("nums", ColumnType.LIST_DOUBLE, true)));
    assertThat(t.rows()).hasSize(50_000);
    for (int i : new int[] {0, 1, 2, 4095, 4096, 4097, 30_001, 49_999}) {
      List<@Nullable Object> expected = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        expected.add(cell(i, c));
      }
      assertThat(Arrays.asList(t.rows().get(i))).as("row " + i).isEqualTo(expected);
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + file + "')")) {
      rs.next();
      assertThat(rs.getLong(1)).isGreaterThan(1);
    }
  }

  @Test
  void refusesANullInARequiredColumnAndLeavesNoFile() throws Exception {
    Path file = dir.resolve("t.parquet");
    assertThatThrownBy(
            () -> ParquetTable.write(file, COLUMNS, Map.of(), CompressionCodecName.ZSTD, List.of(1, 2),
                (i, c) -> c == 0 && i == 2 ? null : cell(i, c)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'id'");
    assertThat(file).doesNotExist();
    try (var s = Files.list(dir)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void readsNothingWhenTheFileIsMissing() {
    assertThat(ParquetTable.read(dir.resolve("none.parquet"))).isNull();
  }

  @Test
  void reportsColumnShapesItDoesNotRead() throws Exception {
    Path file = dir.resolve("nested.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      st.execute("COPY (SELECT {'a': 1} AS s) TO '" + file + "' (FORMAT parquet)");
    }
    assertThatThrownBy(() -> ParquetTable.read(file))
        .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CACHE))
        .hasMessageContaining("column 's' has a shape InfraSync does not read");
  }
}
