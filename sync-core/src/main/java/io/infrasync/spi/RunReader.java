package io.infrasync.spi;

import io.infrasync.Side;
import io.infrasync.SyncError;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the artifacts of a finished run. */
public interface RunReader {
  RunInfo info();

  /**
   * The snapshot of a kind as raw records: fields by destination name, references as the peer's key
   * in {@code "__"}-joined form, the server id as {@link RawRecord#id()}. Empty when the run has no
   * snapshot of that kind.
   */
  Optional<List<RawRecord>> snapshot(Side side, String kind);

  /** The cursors of one side ({@code cursors.json}); empty when none were written. */
  Map<String, Cursor> cursors(Side side);

  Optional<String> schemaSubHash();

  /**
   * The stored plan ({@code plan.parquet}), in file order, for replaying it ({@code apply}). Empty
   * when the run wrote no plan, or when the store does not keep plans.
   */
  default Optional<List<PlanRow>> plan() {
    return Optional.empty();
  }

  /** The run's errors ({@code errors.parquet}); empty when it had none. */
  default List<SyncError> errors() {
    return List.of();
  }
}
