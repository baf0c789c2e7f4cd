package io.infrasync.cache.parquet.internal;

import static io.infrasync.cache.parquet.internal.ColumnType.INT32;
import static io.infrasync.cache.parquet.internal.ColumnType.STRING;

import io.infrasync.Action;
import io.infrasync.SyncException;
import io.infrasync.spi.PlanRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.jspecify.annotations.Nullable;

/**
 * {@code plan.parquet}: upstream's ten {@code PLAN_SCHEMA} columns, then {@code identifiers},
 * {@code tier} and {@code batch}.
 */
public final class PlanFile {
  /** Column order of the file. */
  public static final List<ParquetTable.Column> COLUMNS =
      List.of(
          new ParquetTable.Column("action", STRING, true),
          new ParquetTable.Column("resource", STRING, true),
          new ParquetTable.Column("source_id", STRING, true),
          new ParquetTable.Column("dest_id", STRING, false),
          new ParquetTable.Column("attribute", STRING, false),
          new ParquetTable.Column("old_value", STRING, false),
          new ParquetTable.Column("new_value", STRING, false),
          new ParquetTable.Column("owner", STRING, false),
          new ParquetTable.Column("skip_reason", STRING, false),
          new ParquetTable.Column("conflict_class", STRING, false),
          new ParquetTable.Column("identifiers", STRING, true),
          new ParquetTable.Column("tier", INT32, true),
          new ParquetTable.Column("batch", INT32, true));

  private PlanFile() {}

  /** Writes the rows atomically. */
  public static void write(Path file, List<PlanRow> rows, CompressionCodecName codec) {
    ParquetTable.write(
        file,
        COLUMNS,
        Map.of("infrasync.format", "plan/1"),
        codec,
        rows,
        (r, c) ->
            switch (c) {
              case 0 -> r.action().wireName();
              case 1 -> r.kind();
              case 2 -> r.sourceId();
              case 3 -> r.destId();
              case 5 -> jsonOrEmpty(r.oldValues());
              case 6 -> jsonOrEmpty(r.newValues());
              case 10 -> Json.dumps(r.identifiers());
              case 11 -> r.tier();
              case 12 -> r.batch();
              default -> "";
            });
  }

  private static String jsonOrEmpty(Map<String, @Nullable Object> values) {
    return values.isEmpty() ? "" : Json.dumps(values);
  }

  /**
   * Reads the rows back.
   *
   * @return null when the file does not exist
   * @throws SyncException with code CACHE when the file is torn or foreign
   */
  public static @Nullable List<PlanRow> read(Path file) {
    ParquetTable.Contents t = ParquetTable.read(file);
    if (t == null) {
      return null;
    }
    int[] at = new int[COLUMNS.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = t.require(COLUMNS.get(i).name(), COLUMNS.get(i).type());
    }
    List<PlanRow> rows = new ArrayList<>(t.rows().size());
    int n = 0;
    for (@Nullable Object[] row : t.rows()) {
      n++;
      String action = string(file, n, "action", row[at[0]]);
      Action a;
      try {
        a = Action.valueOf(action.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw CacheErrors.torn(file, "row " + n + " has unknown action '" + action + "'", e);
      }
      rows.add(
          new PlanRow(
              a,
              string(file, n, "resource", row[at[1]]),
              string(file, n, "source_id", row[at[2]]),
              emptyToNull((String) row[at[3]]),
              object(file, n, "identifiers", (String) row[at[10]]),
              object(file, n, "old_value", (String) row[at[5]]),
              object(file, n, "new_value", (String) row[at[6]]),
              integer(file, n, "tier", row[at[11]]),
              integer(file, n, "batch", row[at[12]])));
    }
    return List.copyOf(rows);
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String string(Path file, int row, String column, @Nullable Object v) {
    if (v == null) {
      throw CacheErrors.torn(file, "row " + row + " has no " + column, null);
    }
    return (String) v;
  }

  private static int integer(Path file, int row, String column, @Nullable Object v) {
    if (v == null) {
      throw CacheErrors.torn(file, "row " + row + " has no " + column, null);
    }
    return Math.toIntExact((Long) v);
  }

  private static Map<String, @Nullable Object> object(Path file, int row, String column, @Nullable String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    Object v;
    try {
      v = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw CacheErrors.torn(file, "row " + row + " column " + column + " is not JSON: " + e.getMessage(), e);
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw CacheErrors.torn(file, "row " + row + " column " + column + " is not a JSON object", null);
    }
    @SuppressWarnings("unchecked")
    Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) m;
    return map;
  }
}
