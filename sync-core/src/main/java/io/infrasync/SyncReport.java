package io.infrasync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a run did. Mirrors {@code run.json}.
 *
 * @param syncName the config {@code name}
 * @param runId the cache run id, when a cache store recorded the run
 * @param mode {@code diff}, {@code sync} or {@code apply}
 * @param success whether every planned change was applied (or, for diff, computed)
 * @param plan the plan the run computed or applied
 * @param counts per kind, in tier order
 * @param errors every skipped or failed record
 * @param timings named phases ({@code load}, {@code diff}, {@code write}, ...)
 */
public record SyncReport(
    String syncName,
    @Nullable String runId,
    String mode,
    boolean success,
    Instant startedAt,
    Duration took,
    Plan plan,
    Map<String, KindCounts> counts,
    List<SyncError> errors,
    Map<String, Duration> timings,
    List<String> warnings) {
  public SyncReport {
    Objects.requireNonNull(syncName);
    Objects.requireNonNull(mode);
    Objects.requireNonNull(startedAt);
    Objects.requireNonNull(took);
    Objects.requireNonNull(plan);
    counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
    errors = List.copyOf(errors);
    timings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
    warnings = List.copyOf(warnings);
  }

  public KindCounts counts(String kind) {
    return counts.getOrDefault(kind, KindCounts.ZERO);
  }

  public long total(Action action) {
    return counts.values().stream()
        .mapToLong(c -> switch (action) {
          case CREATE -> c.created();
          case UPDATE -> c.updated();
          case DELETE -> c.deleted();
        })
        .sum();
  }
}
