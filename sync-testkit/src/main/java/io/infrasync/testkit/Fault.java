package io.infrasync.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * What goes wrong with a request selected by a {@link Faults} rule. Create one with the factory
 * methods; attach it with {@code faults.on(matcher).always(fault)} (or {@code times}, {@code nth},
 * {@code randomly}).
 *
 * <ul>
 *   <li>{@link #latency(Duration)} / {@link #latency(Duration, Duration)}: the request is delayed,
 *       then answered normally (latencies of several rules add up);
 *   <li>{@link #status(int)}, {@link #tooManyRequests(long)}: the emulator answers with that status
 *       instead of handling the request (the request has no effect);
 *   <li>{@link #dropConnection()}: the socket is closed without any response (the request has no
 *       effect); a client sees an {@code IOException};
 *   <li>{@link #slowBody(int, Duration)}: the real response, its body trickled in chunks;
 *   <li>{@link #truncatedBody(int)}: the real status and headers, but only the first bytes of the
 *       body, framed as a complete response: a client sees a JSON parse failure (the request
 *       <em>did</em> take effect);
 *   <li>{@link #brokenBody(int)}: the real status and the full {@code Content-Length}, then part of
 *       the body and the connection is closed: a client sees an {@code IOException} (the request
 *       <em>did</em> take effect).
 * </ul>
 */
public sealed interface Fault {
  /** Delays the request by a duration drawn uniformly from {@code [min, max]}. */
  record Latency(Duration min, Duration max) implements Fault {
    public Latency {
      requireNonNegative(min, "min");
      requireNonNegative(max, "max");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("latency max " + max + " is below min " + min);
      }
    }
  }

  /**
   * Answers with {@code status} and this body instead of handling the request; {@code
   * retryAfterSeconds >= 0} adds a {@code Retry-After} header.
   */
  record Status(int status, String contentType, String body, long retryAfterSeconds)
      implements Fault {
    public Status {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("HTTP status must be 100..599, got " + status);
      }
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }
  }

  /** Closes the connection without a response. */
  record DropConnection() implements Fault {}

  /** Sends the real body {@code chunkBytes} at a time, pausing {@code pause} before each chunk. */
  record SlowBody(int chunkBytes, Duration pause) implements Fault {
    public SlowBody {
      if (chunkBytes < 1) {
        throw new IllegalArgumentException("chunkBytes must be >= 1, got " + chunkBytes);
      }
      requireNonNegative(pause, "pause");
    }
  }

  /**
   * Sends at most {@code keepBytes} of the real body (always fewer bytes than the body has), framed
   * as a complete response.
   */
  record TruncatedBody(int keepBytes) implements Fault {
    public TruncatedBody {
      if (keepBytes < 0) {
        throw new IllegalArgumentException("keepBytes must be >= 0, got " + keepBytes);
      }
    }
  }

  /**
   * Declares the full body length, sends at most {@code keepBytes} (always fewer than the body has),
   * then closes the connection.
   */
  record BrokenBody(int keepBytes) implements Fault {
    public BrokenBody {
      if (keepBytes < 0) {
        throw new IllegalArgumentException("keepBytes must be >= 0, got " + keepBytes);
      }
    }
  }

  /** A fixed delay. */
  static Fault latency(Duration delay) {
    return new Latency(delay, delay);
  }

  /** A delay drawn per request, uniformly from {@code [min, max]}, by the rule's seeded random. */
  static Fault latency(Duration min, Duration max) {
    return new Latency(min, max);
  }

  /**
   * Answers with {@code status} (e.g. 500, 502, 503, 504) and a short {@code text/plain} body, as
   * a proxy or crashed server would.
   */
  static Fault status(int status) {
    return new Status(status, "text/plain; charset=utf-8", status + " " + reason(status) + "\n", -1);
  }

  /** Answers with {@code status}, this content type and this body. */
  static Fault status(int status, String contentType, String body) {
    return new Status(status, contentType, body, -1);
  }

  /**
   * Answers 429 with {@code Retry-After: <seconds>} and DRF's throttling body {@code {"detail":
   * "Request was throttled. Expected available in N seconds."}}.
   */
  static Fault tooManyRequests(long retryAfterSeconds) {
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must be >= 0, got " + retryAfterSeconds);
    }
    String body =
        "{\"detail\":\"Request was throttled. Expected available in "
            + retryAfterSeconds
            + (retryAfterSeconds == 1 ? " second.\"}" : " seconds.\"}");
    return new Status(429, "application/json", body, retryAfterSeconds);
  }

  /** Closes the connection without sending anything. */
  static Fault dropConnection() {
    return new DropConnection();
  }

  /** Trickles the real body, {@code chunkBytes} at a time with {@code pause} before each chunk. */
  static Fault slowBody(int chunkBytes, Duration pause) {
    return new SlowBody(chunkBytes, pause);
  }

  /** Sends only the first {@code keepBytes} of the body, framed as complete (a parse failure). */
  static Fault truncatedBody(int keepBytes) {
    return new TruncatedBody(keepBytes);
  }

  /** Sends part of the body and closes the connection mid-body (an I/O failure). */
  static Fault brokenBody(int keepBytes) {
    return new BrokenBody(keepBytes);
  }

  private static void requireNonNegative(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + d);
    }
  }

  /* The standard reason phrase for common statuses. */
  private static String reason(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 408:
        return "Request Timeout";
      case 409:
        return "Conflict";
      case 429:
        return "Too Many Requests";
      case 500:
        return "Internal Server Error";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      default:
        return "Error";
    }
  }
}
