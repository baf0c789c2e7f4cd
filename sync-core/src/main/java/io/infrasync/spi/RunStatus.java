package io.infrasync.spi;

/** {@code run.json} status values, as upstream writes them. */
public enum RunStatus {
  PENDING("pending"),
  RUNNING("running"),
  DRY_RUN("dry-run"),
  APPLIED("applied"),
  FAILED("failed");

  private final String wire;

  RunStatus(String wire) {
    this.wire = wire;
  }

  public String wireName() {
    return wire;
  }

  public boolean successful() {
    return this == DRY_RUN || this == APPLIED;
  }

  public static RunStatus fromWire(String s) {
    for (RunStatus r : values()) {
      if (r.wire.equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown run status " + s);
  }
}
