package io.infrasync.cache.parquet.internal;

import static io.infrasync.cache.parquet.internal.ColumnType.BOOLEAN;
import static io.infrasync.cache.parquet.internal.ColumnType.INT64;
import static io.infrasync.cache.parquet.internal.ColumnType.STRING;

import io.infrasync.SyncError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.jspecify.annotations.Nullable;

/** {@code errors.parquet}: upstream's {@code ERRORS_SCHEMA}, one row per {@link SyncError}. */
public final class ErrorsFile {
  public static final List<ParquetTable.Column> COLUMNS =
      List.of(
          new ParquetTable.Column("error_class", STRING, true),
          new ParquetTable.Column("resource", STRING, true),
          new ParquetTable.Column("source_id", STRING, false),
          new ParquetTable.Column("dest_id", STRING, false),
          new ParquetTable.Column("attribute", STRING, false),
          new ParquetTable.Column("message", STRING, true),
          new ParquetTable.Column("hint", STRING, false),
          new ParquetTable.Column("retry_count", INT64, true),
          new ParquetTable.Column("terminal", BOOLEAN, true));

  private ErrorsFile() {}

  public static void write(Path file, List<SyncError> errors, CompressionCodecName codec) {
    ParquetTable.write(
        file,
        COLUMNS,
        Map.of("infrasync.format", "errors/1"),
        codec,
        errors,
        (e, c) ->
            switch (c) {
              case 0 -> e.errorClass();
              case 1 -> e.kind();
              case 2 -> e.sourceId();
              case 3 -> e.destId();
              case 4 -> e.attribute();
              case 5 -> e.message();
              case 6 -> e.hint();
              case 7 -> (long) e.retryCount();
              default -> e.terminal();
            });
  }

  /**
   * Reads the errors back.
   *
   * @return null when the file does not exist
   */
  public static @Nullable List<SyncError> read(Path file) {
    ParquetTable.Contents t = ParquetTable.read(file);
    if (t == null) {
      return null;
    }
    int[] at = new int[COLUMNS.size()];
    for (int i = 0; i < at.length; i++) {
      at[i] = t.require(COLUMNS.get(i).name(), COLUMNS.get(i).type());
    }
    List<SyncError> out = new ArrayList<>(t.rows().size());
    int n = 0;
    for (@Nullable Object[] row : t.rows()) {
      n++;
      if (row[at[0]] == null || row[at[1]] == null || row[at[5]] == null || row[at[7]] == null
          || row[at[8]] == null) {
        throw CacheErrors.torn(file, "row " + n + " lacks a required value", null);
      }
      out.add(
          new SyncError(
              (String) row[at[0]],
              (String) row[at[1]],
              (String) row[at[2]],
              (String) row[at[3]],
              (String) row[at[4]],
              (String) row[at[5]],
              (String) row[at[6]],
              Math.toIntExact((Long) row[at[7]]),
              (Boolean) row[at[8]]));
    }
    return List.copyOf(out);
  }
}
