package io.infrasync.spi;

import io.infrasync.Action;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncReport;
import java.time.Duration;
import java.util.List;

/**
 * Progress and outcome events of a run. Every method has a no-op default. Called from engine
 * threads, possibly concurrently; implementations must be thread-safe and quick. Progress is
 * throttled by the engine (never one call per record).
 */
public interface SyncListener {
  default void runStarted(String syncName, String mode) {}

  /** Records read so far for a kind on one side. */
  default void readProgress(Side side, String kind, long records) {}

  default void kindRead(Side side, String kind, long records, Duration took, boolean incremental) {}

  default void planReady(Plan plan) {}

  /**
   * A phase of the run finished: {@code load:source}, {@code load:destination}, {@code diff},
   * {@code write}, {@code artifacts}.
   */
  default void phaseFinished(String phase, Duration took) {}

  default void tierStarted(int tier, List<String> kinds) {}

  /** Writes done so far for a kind and action. */
  default void writeProgress(String kind, Action action, long done, long total) {}

  default void warning(String message) {}

  default void runFinished(SyncReport report) {}
}
