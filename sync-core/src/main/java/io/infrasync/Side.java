package io.infrasync;

/** The two ends of a sync. Upstream's cache calls them {@code A} (source) and {@code B} (destination). */
public enum Side {
  SOURCE("A"),
  DESTINATION("B");

  private final String cacheName;

  Side(String cacheName) {
    this.cacheName = cacheName;
  }

  /** {@code A} or {@code B}, the folder names of upstream's cache layout. */
  public String cacheName() {
    return cacheName;
  }
}
