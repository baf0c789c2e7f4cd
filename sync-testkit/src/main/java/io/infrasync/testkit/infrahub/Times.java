package io.infrasync.testkit.infrahub;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** Timestamps in the form Python's {@code datetime.isoformat()} writes them. */
final class Times {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  private Times() {}

  /** {@code 2024-05-01T10:00:00.123456+00:00}; microseconds left out when zero. */
  static String format(Instant at) {
    OffsetDateTime t = at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    return (t.getNano() == 0 ? SECONDS : MICROS).format(t) + "+00:00";
  }

  /**
   * Parses a date-time with offset or {@code Z}, a local date-time (UTC) or a date (midnight UTC).
   */
  static @Nullable Instant parse(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // try the other forms
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try a date
    }
    try {
      return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
