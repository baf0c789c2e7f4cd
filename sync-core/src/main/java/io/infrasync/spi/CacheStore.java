package io.infrasync.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the artifacts of the runs of one sync (one {@code name}). Implementations must make every
 * file write atomic and must order runs by creation time.
 */
public interface CacheStore extends AutoCloseable {

  /** A held pipeline lock. */
  interface Lock extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes the pipeline lock, waiting up to {@code timeout}.
   *
   * @throws io.infrasync.SyncException with code LOCK when it is not free in time
   */
  Lock lock(Duration timeout);

  /** Starts a run: allocates its id and records it as {@code running}. */
  RunWriter startRun(String mode);

  /** Every run, oldest first. */
  List<RunInfo> runs();

  Optional<RunReader> openRun(String runId);

  /** The newest run whose status is {@code applied} or {@code dry-run}. */
  default Optional<RunReader> lastSuccessfulRun() {
    List<RunInfo> all = runs();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).status().successful()) {
        return openRun(all.get(i).runId());
      }
    }
    return Optional.empty();
  }

  /** {@code last-successful-rowcounts.json}. */
  Map<String, Long> baselineRowCounts();

  void saveBaselineRowCounts(Map<String, Long> counts);

  /** {@code run-counter.json}: runs since the last full extract. */
  int runsSinceFullExtract();

  void saveRunsSinceFullExtract(int runs);

  /**
   * Deletes old runs: keeps the newest {@code keepLast} runs, every run younger than
   * {@code maxAge}, the newest successful run and every run in use. Stores that never delete keep
   * everything (the default).
   *
   * @return the ids of the deleted runs, oldest first
   */
  default List<String> retain(int keepLast, java.time.Duration maxAge) {
    return List.of();
  }

  /** Where the artifacts are, for people (a directory, or {@code memory}). */
  String location();

  @Override
  default void close() {}
}
