package io.infrasync.config;

/** {@code incremental}: a full extract every {@code fullResyncEvery} runs (0 disables the cadence). */
public record IncrementalConfig(int fullResyncEvery) {
  public static final IncrementalConfig DEFAULT = new IncrementalConfig(10);

  public IncrementalConfig {
    if (fullResyncEvery < 0) {
      throw new IllegalArgumentException("full_resync_every must be >= 0, was " + fullResyncEvery);
    }
  }
}
