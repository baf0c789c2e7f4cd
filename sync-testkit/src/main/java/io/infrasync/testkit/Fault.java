package io.infrasync.testkit;

import io.infrasync.testkit.internal.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

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
 *       <em>did</em> take effect);
 *   <li>{@link #rewriteBody(String, BiFunction)}: the request is handled, then the body of its answer
 *       is replaced (a misbehaving server or proxy); the ready-made ones are {@link #repeatingNext()}
 *       (a {@code next} link that never advances), {@link #endlessNext()} (a {@code next} link on every
 *       page, for ever) and {@link #oversizedBody(int)} (the real JSON padded to a size).
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

  /**
   * Handles the request normally, then answers {@code rewrite(request, body)} instead of the body
   * (same status and headers; the request took effect).
   *
   * @param name what the rewrite does, for messages
   */
  record RewriteBody(String name, BiFunction<EmulatorRequest, byte[], byte[]> rewrite) implements Fault {
    public RewriteBody {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(rewrite, "rewrite");
    }

    @Override
    public String toString() {
      return "RewriteBody[" + name + "]";
    }
  }

  /** Replaces the body of the real answer with {@code rewrite(request, body)}. */
  static Fault rewriteBody(String name, BiFunction<EmulatorRequest, byte[], byte[]> rewrite) {
    return new RewriteBody(name, rewrite);
  }

  /**
   * A paginated list ({@code {count, next, previous, results}}) whose {@code next} link points back at
   * the page just requested, and without {@code count} (so a client must follow {@code next}): a
   * cursor that never advances. Bodies that are not JSON objects are sent unchanged.
   */
  static Fault repeatingNext() {
    return rewriteBody("repeating next", (request, body) -> withNext(body, request.absoluteUrl()));
  }

  /**
   * A paginated list whose {@code next} link never runs out: every page, past the end too, links to
   * the page after it ({@code offset} + {@code limit}), without {@code count}. Bodies that are not JSON
   * objects are sent unchanged.
   */
  static Fault endlessNext() {
    return rewriteBody("endless next", (request, body) -> {
      Map<String, List<String>> q = new LinkedHashMap<>(EmulatorRequest.parseQuery(request.rawQuery()));
      long limit = parseLong(q.get("limit"), 50);
      long offset = parseLong(q.get("offset"), 0);
      q.put("offset", List.of(Long.toString(offset + Math.max(1, limit))));
      StringBuilder url = new StringBuilder(request.origin()).append(request.path());
      char sep = '?';
      for (Map.Entry<String, List<String>> e : q.entrySet()) {
        for (String v : e.getValue()) {
          url.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
          sep = '&';
        }
      }
      return withNext(body, url.toString());
    });
  }

  /**
   * The real JSON answer followed by spaces up to {@code totalBytes} bytes (still valid JSON): a
   * payload larger than a client's limit. A body already that large is sent unchanged.
   */
  static Fault oversizedBody(int totalBytes) {
    if (totalBytes < 1) {
      throw new IllegalArgumentException("totalBytes must be >= 1, got " + totalBytes);
    }
    return rewriteBody("oversized body (" + totalBytes + " bytes)", (request, body) -> {
      if (body.length >= totalBytes) {
        return body;
      }
      byte[] out = Arrays.copyOf(body, totalBytes);
      Arrays.fill(out, body.length, totalBytes, (byte) ' ');
      return out;
    });
  }

  private static long parseLong(@Nullable List<String> values, long otherwise) {
    if (values == null || values.isEmpty()) {
      return otherwise;
    }
    try {
      return Long.parseLong(values.get(0));
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static byte[] withNext(byte[] body, String next) {
    @Nullable Object parsed;
    try {
      parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return body;
    }
    if (!(parsed instanceof Map<?, ?> m)) {
      return body;
    }
    Map<String, @Nullable Object> page = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (!"count".equals(k)) {
        page.put(String.valueOf(k), v);
      }
    });
    page.put("next", next);
    return Json.write(page);
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
