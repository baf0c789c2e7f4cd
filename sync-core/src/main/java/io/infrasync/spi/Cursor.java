package io.infrasync.spi;

import java.util.Objects;

/**
 * A position in a source's change stream, as upstream stores it in {@code cursors.json}
 * ({@code TIMESTAMP:2026-05-18T11:00:00+00:00}). Only {@link Tier#TIMESTAMP} is used by the
 * built-in adapters.
 */
public record Cursor(Tier tier, String value) {
  /** Upstream's cursor tiers. */
  public enum Tier {
    NONE,
    PAGE_TOKEN,
    TIMESTAMP,
    INFRAHUB_DIFF
  }

  public Cursor {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(value, "value");
  }

  public static Cursor timestamp(String isoInstant) {
    return new Cursor(Tier.TIMESTAMP, isoInstant);
  }

  /** Parses {@code TIER:value}. */
  public static Cursor parse(String s) {
    int colon = s.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("not a cursor (TIER:value): " + s);
    }
    return new Cursor(Tier.valueOf(s.substring(0, colon)), s.substring(colon + 1));
  }

  @Override
  public String toString() {
    return tier + ":" + value;
  }
}
