package io.infrasync.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server-side clock of an emulator: stamps {@code created}/{@code last_updated} and similar. It
 * follows the system clock (truncated to microseconds, like the servers) until a test
 * {@linkplain #set(Instant) sets} it, after which it stands still until set or
 * {@linkplain #advance(Duration) advanced} again. Thread-safe.
 */
public final class EmulatorClock extends Clock {
  private @Nullable Instant fixed;
  private Duration offset = Duration.ZERO;

  /** A clock that follows the system clock. */
  public EmulatorClock() {}

  /** Freezes the clock at {@code instant}. */
  public synchronized EmulatorClock set(Instant instant) {
    this.fixed = Objects.requireNonNull(instant, "instant");
    return this;
  }

  /**
   * Moves the clock forward (or back, for a negative amount): a frozen clock moves by {@code
   * amount} and stays frozen; a running clock keeps running, shifted by {@code amount}.
   */
  public synchronized EmulatorClock advance(Duration amount) {
    Instant f = fixed;
    if (f != null) {
      fixed = f.plus(amount);
    } else {
      offset = offset.plus(amount);
    }
    return this;
  }

  /** Lets the clock follow the system clock again (with no offset). */
  public synchronized EmulatorClock release() {
    fixed = null;
    offset = Duration.ZERO;
    return this;
  }

  @Override
  public synchronized Instant instant() {
    Instant f = fixed;
    if (f != null) {
      return f;
    }
    return Instant.now().plus(offset).truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    EmulatorClock self = this;
    return new Clock() {
      @Override
      public Instant instant() {
        return self.instant();
      }

      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return self.withZone(other);
      }
    };
  }
}
