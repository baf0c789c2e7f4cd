package io.infrasync;

/** Per-kind outcome of a run. */
public record KindCounts(
    long source, long destination, long created, long updated, long deleted, long unchanged, long failed, long skipped) {
  public static final KindCounts ZERO = new KindCounts(0, 0, 0, 0, 0, 0, 0, 0);

  public long changes() {
    return created + updated + deleted;
  }
}
