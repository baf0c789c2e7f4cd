package io.infrasync.cache.parquet;

import io.infrasync.Side;
import io.infrasync.SyncError;
import io.infrasync.cache.parquet.internal.ErrorsFile;
import io.infrasync.cache.parquet.internal.Layout;
import io.infrasync.cache.parquet.internal.PlanFile;
import io.infrasync.cache.parquet.internal.Sidecars;
import io.infrasync.cache.parquet.internal.SnapshotFile;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.PlanRow;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the artifacts of one run directory. Every file is checked when it is read: a torn or
 * foreign file raises {@link io.infrasync.SyncException} with code {@code CACHE} naming it.
 */
public final class ParquetRunReader implements RunReader {
  private final Path directory;
  private final RunInfo info;
  private final long sequence;

  ParquetRunReader(Path directory, RunInfo info, long sequence) {
    this.directory = directory;
    this.info = info;
    this.sequence = sequence;
  }

  /** The run directory. */
  public Path directory() {
    return directory;
  }

  /** The creation sequence number of the run within its sync (runs are ordered by it). */
  public long sequence() {
    return sequence;
  }

  @Override
  public RunInfo info() {
    return info;
  }

  @Override
  public Optional<List<RawRecord>> snapshot(Side side, String kind) {
    SnapshotFile.Snapshot s = SnapshotFile.read(Layout.snapshot(directory, side, kind), kind);
    return s == null ? Optional.empty() : Optional.of(s.records());
  }

  /** The {@code _extract_ts} of a snapshot; empty when there is no snapshot or it has no rows. */
  public Optional<Instant> snapshotExtractedAt(Side side, String kind) {
    SnapshotFile.Snapshot s = SnapshotFile.read(Layout.snapshot(directory, side, kind), kind);
    return s == null ? Optional.empty() : Optional.ofNullable(s.extractedAt());
  }

  @Override
  public Map<String, Cursor> cursors(Side side) {
    return Sidecars.readCursors(directory.resolve(Layout.CURSORS), side);
  }

  @Override
  public Optional<String> schemaSubHash() {
    return Optional.ofNullable(Sidecars.readText(directory.resolve(Layout.SCHEMA_SUB_HASH)));
  }

  @Override
  public Optional<List<PlanRow>> plan() {
    return Optional.ofNullable(PlanFile.read(directory.resolve(Layout.PLAN)));
  }

  /** The rows of {@code errors.parquet}; empty when the run had no errors. */
  public List<SyncError> errors() {
    List<SyncError> e = ErrorsFile.read(directory.resolve(Layout.ERRORS));
    return e == null ? List.of() : e;
  }

  @Override
  public String toString() {
    return "run " + info.runId() + " (" + info.status().wireName() + ") at " + directory;
  }
}
