package io.infrasync.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Every request an emulator answered (or dropped): method, path, query, status, duration, and the
 * fault injected, if any. Counts are exact; the entry list keeps the most recent {@value
 * #MAX_ENTRIES} requests. Thread-safe.
 *
 * <p>The <em>endpoint</em> of a request is its path with object ids removed (the emulator decides:
 * {@code /api/dcim/devices/12/} belongs to {@code /api/dcim/devices/}).
 */
public final class RequestLog {
  /** How many entries {@link #entries()} keeps. */
  public static final int MAX_ENTRIES = 100_000;

  /**
   * One logged request.
   *
   * @param method HTTP method, upper case
   * @param path decoded request path
   * @param query raw query string ("" when none)
   * @param endpoint the path with object ids removed
   * @param status HTTP status sent, or 0 when the connection was dropped without a response
   * @param duration from receipt until the response was ready to send (latency faults included,
   *     the body transfer not: the entry is recorded before the response goes out, so a client
   *     holding its response always finds the request counted)
   * @param fault the injected fault's record name ({@code "Status"}, {@code "DropConnection"}, ...),
   *     or null
   */
  public record Entry(
      String method,
      String path,
      String query,
      String endpoint,
      int status,
      Duration duration,
      @Nullable String fault) {}

  private final Deque<Entry> entries = new ArrayDeque<>();
  private final Map<String, LongAdder> byPath = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  /** Creates an empty log. */
  public RequestLog() {}

  /** Records one request (called by the server). */
  public void record(Entry entry) {
    Objects.requireNonNull(entry, "entry");
    synchronized (entries) {
      entries.addLast(entry);
      if (entries.size() > MAX_ENTRIES) {
        entries.removeFirst();
      }
    }
    byPath.computeIfAbsent(entry.method() + " " + entry.path(), k -> new LongAdder()).increment();
    byEndpoint
        .computeIfAbsent(entry.method() + " " + entry.endpoint(), k -> new LongAdder())
        .increment();
    total.increment();
  }

  /** The most recent entries, oldest first. */
  public List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(new ArrayList<>(entries));
    }
  }

  /** How many requests were logged since creation or the last {@link #reset()}. */
  public long total() {
    return total.sum();
  }

  /**
   * How many requests had this method ({@code "*"} for any) and a path starting with {@code
   * pathPrefix}.
   */
  public long count(String method, String pathPrefix) {
    String m = method.toUpperCase(Locale.ROOT);
    long sum = 0;
    for (Map.Entry<String, LongAdder> e : byPath.entrySet()) {
      String key = e.getKey();
      int space = key.indexOf(' ');
      if ((m.equals("*") || key.substring(0, space).equals(m))
          && key.startsWith(pathPrefix, space + 1)) {
        sum += e.getValue().sum();
      }
    }
    return sum;
  }

  /** How many requests had a path starting with {@code pathPrefix}, any method. */
  public long count(String pathPrefix) {
    return count("*", pathPrefix);
  }

  /**
   * Request counts per method and endpoint, keyed {@code "GET /api/dcim/devices/"}, sorted by key.
   */
  public Map<String, Long> countsByEndpoint() {
    Map<String, Long> out = new TreeMap<>();
    byEndpoint.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Request counts per method ({@code "GET"}, ...), sorted by method. */
  public Map<String, Long> countsByMethod() {
    Map<String, Long> out = new TreeMap<>();
    byEndpoint.forEach(
        (k, v) -> out.merge(k.substring(0, k.indexOf(' ')), v.sum(), Long::sum));
    return out;
  }

  /** Forgets every entry and count. */
  public void reset() {
    synchronized (entries) {
      entries.clear();
      byPath.clear();
      byEndpoint.clear();
      total.reset();
    }
  }

  @Override
  public String toString() {
    return "RequestLog[total=" + total() + ", " + countsByEndpoint() + "]";
  }
}
