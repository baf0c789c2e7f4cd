package io.infrasync.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One run's {@code run.json}.
 *
 * @param fullExtract whether both sides were fully extracted (feeds the resync cadence)
 * @param summary counts, timings and versions (never settings values)
 */
public record RunInfo(
    String runId,
    String mode,
    RunStatus status,
    Instant startedAt,
    @Nullable Instant finishedAt,
    boolean fullExtract,
    Map<String, Object> summary) {
  public RunInfo {
    Objects.requireNonNull(runId);
    Objects.requireNonNull(mode);
    Objects.requireNonNull(status);
    Objects.requireNonNull(startedAt);
    summary = Map.copyOf(summary);
  }
}
