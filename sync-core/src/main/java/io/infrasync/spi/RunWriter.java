package io.infrasync.spi;

import io.infrasync.FieldLayout;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncError;
import io.infrasync.SyncRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Writes the artifacts of one run. Each call replaces its file atomically. */
public interface RunWriter {
  String runId();

  /** {@code A|B/<Kind>.parquet}: every record of a kind as extracted (an empty kind still gets a file). */
  void writeSnapshot(Side side, FieldLayout layout, Collection<SyncRecord> records, Instant extractedAt);

  /** {@code plan.parquet}. */
  void writePlan(Plan plan);

  /** {@code errors.parquet} (only called when there are errors). */
  void writeErrors(List<SyncError> errors);

  /** {@code cursors.json}, merged per side. */
  void writeCursors(Side side, Map<String, Cursor> cursors);

  /** {@code schema-sub-hash.txt}. */
  void writeSchemaSubHash(String hash);

  /** {@code run.json}. */
  void writeInfo(RunInfo info);
}
