package io.infrasync;

import java.util.Locale;

/** What a plan row does to the destination. */
public enum Action {
  CREATE,
  UPDATE,
  DELETE;

  /** {@code create}, {@code update} or {@code delete}, as in upstream's {@code plan.parquet}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
