package io.infrasync.internal.rest;

import io.infrasync.internal.http.HttpTransport;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The REST calls the adapters make, on the shared {@link HttpTransport}: relative API paths, extra
 * headers on every request (e.g. Nautobot's API version), and the server's clock as seen in the
 * {@code Date} header of every response.
 */
public final class RestClient {
  private final HttpTransport http;
  private final Map<String, String> headers;
  private final AtomicReference<@Nullable Instant> serverTime = new AtomicReference<>();

  /**
   * @param headers headers set on every request (they replace the transport's defaults, e.g.
   *     {@code Accept})
   */
  public RestClient(HttpTransport http, Map<String, String> headers) {
    this.http = http;
    this.headers = Map.copyOf(headers);
  }

  public String adapter() {
    return http.config().adapter();
  }

  public URI uri(String path, Map<String, List<String>> query) {
    return http.resolve(path, query);
  }

  /** A URL fit for messages: no credentials. */
  public String describe(String path, Map<String, List<String>> query) {
    return HttpTransport.safeUrl(uri(path, query));
  }

  /** GETs a JSON document (retried per the transport's policy); 4xx/5xx answers throw {@code HttpFailure}. */
  public HttpTransport.JsonResponse get(String path, Map<String, List<String>> query) {
    HttpTransport.JsonResponse r = http.readJsonResponse("GET", uri(path, query), null, headers);
    note(r.headers());
    return r;
  }

  /**
   * Sends a write; 2xx and 4xx answers (other than 408 and 429) are returned so that per-record errors
   * can be read; anything else throws {@code HttpFailure}.
   */
  public HttpTransport.Response send(String method, String path, Object body, boolean idempotent) {
    HttpTransport.Response r = http.send(method, uri(path, Map.of()), body, idempotent, headers, true);
    note(r.headers());
    return r;
  }

  /** The latest server time seen in a {@code Date} header, or null before the first response. */
  public @Nullable Instant serverTime() {
    return serverTime.get();
  }

  /** The time in a response's {@code Date} header (whole seconds, rounded down), or null. */
  public static @Nullable Instant date(HttpHeaders h) {
    return HttpTransport.serverDate(h);
  }

  private void note(HttpHeaders h) {
    Instant t = date(h);
    if (t != null) {
      serverTime.accumulateAndGet(t, (a, b) -> a == null || b.isAfter(a) ? b : a);
    }
  }
}
