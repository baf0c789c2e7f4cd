package io.infrasync.internal.rest;

import io.infrasync.AdapterException;
import io.infrasync.internal.http.HttpTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads every record of a paginated list endpoint ({@code {count, next, previous, results}}): the first
 * page with the largest page size asked for, then — knowing {@code count} and the page size the
 * server really used — the remaining pages by {@code offset}, fetched concurrently (bounded).
 *
 * <p>Offset pages of a list that changes while it is read can skip or repeat records. Every record
 * is handed on at most once (by {@code id}), and when the pages disagree about {@code count} or fewer
 * distinct records than {@code count} came back, the list is walked again and only records not seen
 * yet are handed on (at most {@value #MAX_PASSES} passes; then a warning).
 *
 * <p>A walk never runs away: a list whose {@code count} needs more than {@code maxPages} pages, a
 * {@code next} link that repeats one already followed (a cursor that does not advance), and a chain of
 * {@code next} links longer than {@code maxPages} (a server that always answers {@code next}) fail
 * with an {@link AdapterException} naming the request and the {@code max_pages} setting.
 */
public final class PageWalker {
  private static final System.Logger LOG = System.getLogger("io.infrasync.rest");
  static final int MAX_PASSES = 3;

  /**
   * What a walk did.
   *
   * @param count the {@code count} the first page reported (-1 when it gave none)
   */
  public record Stats(long records, int pages, int passes, long count) {}

  private final RestClient client;
  private final @Nullable Executor executor;
  private final int pageSize;
  private final int concurrency;
  private final int maxPages;

  /**
   * @param pageSize the {@code limit} of the first page; 0 asks for the server's maximum
   * @param concurrency pages fetched at once
   * @param maxPages the most pages one pass may read
   */
  public PageWalker(RestClient client, @Nullable Executor executor, int pageSize, int concurrency, int maxPages) {
    this.client = client;
    this.executor = executor;
    this.pageSize = pageSize;
    this.concurrency = Math.max(1, concurrency);
    this.maxPages = Math.max(1, maxPages);
  }

  /** Walks the list at {@code path}, handing each record (once per id) to {@code sink}. */
  public Stats walk(String path, Map<String, List<String>> query, Consumer<Map<String, @Nullable Object>> sink) {
    Set<String> emitted = ConcurrentHashMap.newKeySet();
    AtomicLong records = new AtomicLong();
    AtomicInteger pages = new AtomicInteger();
    Consumer<JsonNode> accept = node -> {
      String id = JsonValues.id(node);
      if (id == null || emitted.add(id)) {
        records.incrementAndGet();
        sink.accept(JsonValues.object(node));
      }
    };
    AtomicLong firstCount = new AtomicLong(-2);
    for (int pass = 1; ; pass++) {
      String unstable = pass(path, query, accept, pages, firstCount);
      if (unstable == null) {
        return new Stats(records.get(), pages.get(), pass, Math.max(-1, firstCount.get()));
      }
      if (pass == MAX_PASSES) {
        LOG.log(System.Logger.Level.WARNING, client.adapter() + ": " + client.describe(path, query)
            + " kept changing while it was read (" + unstable + "); read " + MAX_PASSES
            + " times, records changed meanwhile may be missing until the next run");
        return new Stats(records.get(), pages.get(), pass, Math.max(-1, firstCount.get()));
      }
      LOG.log(System.Logger.Level.INFO, client.adapter() + ": " + client.describe(path, query)
          + " changed while it was read (" + unstable + "); reading it again for records not seen yet");
    }
  }

  /** One pass over every page; null when the pass saw a stable list, else what changed. */
  private @Nullable String pass(String path, Map<String, List<String>> query, Consumer<JsonNode> accept,
      AtomicInteger pages, AtomicLong firstCount) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Set<Long> counts = ConcurrentHashMap.newKeySet();
    AtomicLong rows = new AtomicLong();
    Consumer<JsonNode> page = json -> {
      pages.incrementAndGet();
      JsonNode count = json.isObject() ? json.get("count") : null;
      if (count != null && !count.isNull() && !(count.isIntegralNumber() && count.longValue() >= 0)) {
        throw malformed(path, query, "its `count` is not a number of records", json);
      }
      if (count != null && count.isIntegralNumber()) {
        counts.add(count.longValue());
      }
      for (JsonNode r : results(json, path, query)) {
        JsonNode idNode = r.isObject() ? r.get("id") : null;
        if (!r.isObject()) {
          throw malformed(path, query, "a result is not an object", r);
        }
        if (idNode == null || !(idNode.isNumber() || idNode.isString())) {
          throw malformed(path, query, "a result has no `id` (a number or a string)", r);
        }
        rows.incrementAndGet();
        String id = JsonValues.id(r);
        if (id != null) {
          seen.add(id);
        }
        accept.accept(r);
      }
    };
    JsonNode first = client.get(path, with(query, pageSize, 0)).json();
    JsonNode reported = first.isObject() ? first.get("count") : null;
    firstCount.compareAndSet(-2, reported != null && reported.isIntegralNumber() ? reported.longValue()
        : first.isArray() ? first.size() : -1);
    page.accept(first);
    int per = results(first, path, query).size();
    String next = text(first, "next");
    if (next == null || per == 0) {
      return null;
    }
    JsonNode countNode = first.get("count");
    if (countNode == null || !countNode.isIntegralNumber()) {
      followNext(first, path, query, page);
      return null;
    }
    long count = countNode.longValue();
    long needed = (count + per - 1) / per;
    if (needed > maxPages) {
      throw new AdapterException(client.adapter() + ": GET " + client.describe(path, query) + " reports count "
          + count + " at " + per + " records per page, " + needed + " pages, more than max_pages (" + maxPages
          + "); refusing to read it (raise max_pages if the list is really that long)");
    }
    List<Long> offsets = new ArrayList<>();
    for (long off = per; off < count; off += per) {
      offsets.add(off);
    }
    Parallel.run(executor, concurrency, offsets.size(),
        i -> page.accept(client.get(path, with(query, per, offsets.get(i))).json()));
    if (counts.size() > 1) {
      return "count went from " + count + " to " + counts.stream().filter(c -> c != count).findFirst().orElse(count);
    }
    if (seen.size() < count) {
      return seen.size() + " distinct records for count " + count + (rows.get() > seen.size()
          ? " (" + (rows.get() - seen.size()) + " seen twice)" : "");
    }
    return null;
  }

  /**
   * Follows {@code next} links one by one (lists without a {@code count}); stops with an error at a
   * link already followed (a cursor that does not advance) or after {@code maxPages} pages.
   */
  private void followNext(JsonNode first, String path, Map<String, List<String>> query, Consumer<JsonNode> page) {
    String next = text(first, "next");
    Set<String> followed = new java.util.HashSet<>();
    followed.add(client.uri(path, with(query, pageSize, 0)).toString());
    int pages = 1;
    while (next != null) {
      if (!followed.add(next)) {
        throw new AdapterException(client.adapter() + ": GET " + client.describe(path, query) + " paginates in a loop:"
            + " page " + (pages + 1) + " links back to " + safe(next)
            + ", which was already read; the server's next links do not advance");
      }
      if (++pages > maxPages) {
        throw new AdapterException(client.adapter() + ": GET " + client.describe(path, query) + " did not end after "
            + maxPages + " pages (max_pages): the server keeps answering a next link; refusing to read further");
      }
      JsonNode json = client.get(next, Map.of()).json();
      page.accept(json);
      next = text(json, "next");
    }
  }

  private static String safe(String url) {
    try {
      return HttpTransport.safeUrl(java.net.URI.create(url));
    } catch (IllegalArgumentException e) {
      return "a malformed URL";
    }
  }

  private JsonNode results(JsonNode json, String path, Map<String, List<String>> query) {
    if (json.isArray()) {
      return json;
    }
    JsonNode r = json.isObject() ? json.get("results") : null;
    if (r == null || !r.isArray()) {
      throw new AdapterException(client.adapter() + ": GET " + client.describe(path, query)
          + " did not answer a paginated list ({count, next, results}): " + HttpTransport.snippet(json.toString()
              .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return r;
  }

  private AdapterException malformed(String path, Map<String, List<String>> query, String what, JsonNode json) {
    return new AdapterException(client.adapter() + ": GET " + client.describe(path, query) + " answered a malformed"
        + " list page (" + what + "): " + HttpTransport.snippet(json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static @Nullable String text(JsonNode json, String field) {
    JsonNode n = json.isObject() ? json.get(field) : null;
    return n == null || n.isNull() ? null : n.asString();
  }

  /** The query plus {@code limit} and {@code offset}. */
  static Map<String, List<String>> with(Map<String, List<String>> query, long limit, long offset) {
    Map<String, List<String>> q = new LinkedHashMap<>(query);
    q.put("limit", List.of(Long.toString(limit)));
    q.put("offset", List.of(Long.toString(offset)));
    return q;
  }
}
