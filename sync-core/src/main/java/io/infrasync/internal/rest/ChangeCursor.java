package io.infrasync.internal.rest;

import io.infrasync.AdapterException;
import io.infrasync.internal.http.HttpFailure;
import io.infrasync.internal.http.HttpTransport;
import io.infrasync.spi.Cursor;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Change cursors on {@code last_updated}: watermarks taken from the server before a read, reads of the
 * records changed since a watermark, and the check that the server honours the
 * {@code last_updated__gte} filter (NetBox ignores unknown filters and would answer everything;
 * Nautobot answers 400 "Unknown filter field") — when it does not, the read falls back to a full one.
 */
public final class ChangeCursor {
  private static final System.Logger LOG = System.getLogger("io.infrasync.rest");
  /** A filter value no record can match: a server that honours the filter answers no rows. */
  static final String FAR_FUTURE = "2999-01-01T00:00:00.000000Z";
  static final String FILTER = "last_updated__gte";
  private static final DateTimeFormatter WIRE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final RestClient client;
  private final RestDialect dialect;
  private final PageWalker walker;
  private final Duration overlap;
  private final Map<String, Boolean> honoured = new ConcurrentHashMap<>();
  private final Map<String, Boolean> hasLastUpdated = new ConcurrentHashMap<>();
  /** The list's size at the last watermark, per endpoint. */
  private final Map<String, Long> counts = new ConcurrentHashMap<>();

  public ChangeCursor(RestClient client, RestDialect dialect, PageWalker walker, Duration overlap) {
    this.client = client;
    this.dialect = dialect;
    this.walker = walker;
    this.overlap = overlap;
  }

  /**
   * The watermark of a resource, taken from the server now: the point an incremental read starts
   * from ({@code last_updated >=} it), {@code min(newest, server time − overlap)}, where newest is the
   * newest {@code last_updated} and server time the response's {@code Date}. Empty when the resource
   * has no {@code last_updated}.
   *
   * <p>Why that is safe: a record committed before this request has a {@code last_updated} no later
   * than the newest; one committed after it was either written later (stamped after the server
   * time) or in flight, stamped at most the overlap before the server time. Why not newest − overlap:
   * after a bulk load (or a run that wrote a whole resource) within one overlap, every later
   * incremental read would read all of it again until the resource changes. Without a {@code Date}
   * header: newest − overlap; an empty list: server time − overlap (none without a {@code Date}).
   */
  public Optional<Cursor> watermark(String path) {
    HttpTransport.JsonResponse newest = newest(path);
    JsonNode json = newest.json();
    if (json.path("count").isIntegralNumber()) {
      counts.put(path, json.get("count").longValue());
    }
    JsonNode results = json.path("results");
    @Nullable Instant at = null;
    if (results.isArray() && !results.isEmpty()) {
      JsonNode lu = results.get(0).get("last_updated");
      if (lu == null || lu.isNull()) {
        hasLastUpdated.put(path, false);
        return Optional.empty();
      }
      at = parse(lu.asString());
    }
    Instant date = RestClient.date(newest.headers());
    Instant from = startOfRead(at, date, overlap);
    return from == null ? Optional.empty() : Optional.of(Cursor.timestamp(format(from)));
  }

  /**
   * Where the next read starts for a resource whose newest change is {@code newest} (null: empty)
   * when the server's clock said {@code serverTime} (null: no {@code Date}): {@code min(newest,
   * serverTime − overlap)}; {@code newest − overlap} without a server time; null when neither is
   * known.
   */
  static @Nullable Instant startOfRead(@Nullable Instant newest, @Nullable Instant serverTime, Duration overlap) {
    if (serverTime == null) {
      return newest == null ? null : newest.minus(overlap);
    }
    Instant lookback = serverTime.minus(overlap);
    return newest != null && newest.isBefore(lookback) ? newest : lookback;
  }

  /**
   * Whether the resource has a change cursor: yes unless a watermark found records without
   * {@code last_updated} (every NetBox and Nautobot change-logged model has it). No request.
   */
  public boolean supportsCursor(String path) {
    return hasLastUpdated.getOrDefault(path, true);
  }

  /**
   * Reads the records changed at or after {@code since}. Whether the server honours the filter is
   * settled once per endpoint: fewer rows than the list held at the watermark prove it; otherwise a
   * far-future probe tells. A server that ignores the filter (NetBox ignores unknown filters) has
   * answered the full list, which is what the fallback needs; one that refuses it (Nautobot's 400
   * "Unknown filter field") is read in full. Either way with a warning.
   */
  public PageWalker.Stats changedSince(String path, Map<String, List<String>> query, Cursor since,
      Consumer<Map<String, @Nullable Object>> sink) {
    if (since.tier() != Cursor.Tier.TIMESTAMP) {
      throw new AdapterException(dialect.name() + ": cursor " + since + " for " + path
          + " is not a TIMESTAMP cursor; run a full read");
    }
    String value = format(parse(since.value()));
    Boolean known = honoured.get(path);
    if (Boolean.FALSE.equals(known)) {
      warnIgnored(path);
      return walker.walk(path, query, sink);
    }
    Map<String, List<String>> q = new LinkedHashMap<>(query);
    q.put(FILTER, List.of(value));
    PageWalker.Stats stats;
    try {
      stats = walker.walk(path, q, sink);
    } catch (HttpFailure f) {
      if (f.status() != 400) {
        throw f;
      }
      honoured.put(path, false);
      warnIgnored(path);
      return walker.walk(path, query, sink);
    }
    if (known == null && stats.count() > 0) {
      Long all = counts.get(path);
      boolean proven = all != null && stats.count() < all;
      boolean h = proven || honours(path);
      honoured.put(path, h);
      if (!h) {
        warnIgnored(path);
      }
    }
    return stats;
  }

  private void warnIgnored(String path) {
    LOG.log(System.Logger.Level.WARNING, dialect.name() + ": " + client.describe(path, Map.of())
        + " does not honour the " + FILTER + " filter; reading every record instead of the changed ones");
  }

  /**
   * Whether the endpoint honours {@code last_updated__gte}, asked with a value in the far future,
   * which must match no record (a 400 means the filter is unknown).
   */
  public boolean honours(String path) {
    Map<String, List<String>> q = new LinkedHashMap<>(dialect.slimQuery(List.of()));
    q.put(FILTER, List.of(FAR_FUTURE));
    q.put("limit", List.of("1"));
    try {
      JsonNode json = client.get(path, q).json();
      JsonNode count = json.path("count");
      JsonNode results = json.path("results");
      return count.isIntegralNumber() ? count.longValue() == 0 : results.isArray() && results.isEmpty();
    } catch (HttpFailure f) {
      if (f.status() == 400) {
        return false;
      }
      throw f;
    }
  }

  /** The newest record (ordering by {@code -last_updated}, limit 1); without ordering if the server refuses it. */
  private HttpTransport.JsonResponse newest(String path) {
    Map<String, List<String>> q = new LinkedHashMap<>(dialect.slimQuery(List.of("last_updated")));
    q.put("limit", List.of("1"));
    Map<String, List<String>> ordered = new LinkedHashMap<>(q);
    ordered.put(dialect.orderingParam(), List.of("-last_updated"));
    try {
      return client.get(path, ordered);
    } catch (HttpFailure f) {
      if (f.status() != 400) {
        throw f;
      }
      // Without ordering the first record's last_updated is at most the newest: still a safe watermark.
      return client.get(path, q);
    }
  }

  /** An ISO-8601 timestamp ({@code Z} or an offset such as {@code +00:00}). */
  public static Instant parse(String value) {
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(value.trim());
      } catch (DateTimeParseException e2) {
        throw new AdapterException("not an ISO-8601 timestamp: '" + value + "'", false, e2);
      }
    }
  }

  /** The wire form of a timestamp: UTC, microseconds, {@code Z}. */
  public static String format(Instant t) {
    return WIRE.format(t);
  }
}
