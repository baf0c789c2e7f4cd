package io.infrasync.internal.http;

import io.infrasync.AdapterException;
import io.infrasync.spi.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON over HTTP for adapters, on {@code java.net.http}: credentials in headers (never in URLs or
 * messages), bounded retries with backoff for 429 (honouring {@code Retry-After}), 502/503/504, 500
 * on idempotent requests and
 * connection failures, a response size limit, and clear errors. A non-idempotent request (POST) is
 * retried only when the server certainly did not apply it (429, 503, connection refused); otherwise
 * the failure says {@link HttpFailure#outcomeUnknown()} so the caller can verify before re-sending.
 */
public final class HttpTransport {
  private static final System.Logger LOG = System.getLogger("io.infrasync.http");
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "infrasync-http-body-watchdog");
    t.setDaemon(true);
    return t;
  });
  public static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * Transport settings.
   *
   * @param adapter the adapter name, for messages
   * @param baseUrl the server's base URL (scheme, host, port, optional path)
   * @param secretHeaders headers carrying credentials (e.g. {@code Authorization})
   * @param headers other headers sent on every request
   */
  public record Config(
      String adapter,
      URI baseUrl,
      Map<String, Secret> secretHeaders,
      Map<String, String> headers,
      Duration connectTimeout,
      Duration requestTimeout,
      boolean verifyTls,
      RetryPolicy retry,
      long maxResponseBytes) {
    public Config {
      Objects.requireNonNull(adapter);
      Objects.requireNonNull(baseUrl);
      secretHeaders = Map.copyOf(secretHeaders);
      headers = Map.copyOf(headers);
    }
  }

  /** A response: status, headers, body bytes and how many retries it took. */
  public record Response(int status, HttpHeaders headers, byte[] body, int retries) {
    public JsonNode json(String method, String url) {
      return parseJson(body, method, url, headers);
    }
  }

  private final Config config;
  private final HttpClient client;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  public HttpTransport(Config config, @Nullable Executor executor) {
    this.config = config;
    HttpClient.Builder b = HttpClient.newBuilder()
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1);
    if (executor != null) {
      b.executor(executor);
    }
    if (!config.verifyTls()) {
      LOG.log(System.Logger.Level.WARNING, config.adapter() + ": TLS certificate verification is OFF for "
          + safeUrl(config.baseUrl()) + " (verify_ssl: false); use it only for lab servers");
      b.sslContext(trustAll());
    }
    this.client = b.build();
  }

  public Config config() {
    return config;
  }

  /** Requests sent, retries included. */
  public long requestCount() {
    return requests.get();
  }

  public long retryCount() {
    return retries.get();
  }

  /** An absolute URL for a path relative to the base URL (a full URL is returned as is). */
  public URI resolve(String pathOrUrl, Map<String, List<String>> query) {
    String base;
    if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")) {
      base = pathOrUrl;
    } else {
      String root = config.baseUrl().toString();
      base = (root.endsWith("/") ? root.substring(0, root.length() - 1) : root)
          + (pathOrUrl.startsWith("/") ? pathOrUrl : "/" + pathOrUrl);
    }
    if (query.isEmpty()) {
      return URI.create(base);
    }
    StringBuilder sb = new StringBuilder(base).append(base.contains("?") ? '&' : '?');
    boolean first = true;
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      for (String v : e.getValue()) {
        if (!first) {
          sb.append('&');
        }
        first = false;
        sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    return URI.create(sb.toString());
  }

  /** GET a JSON document. */
  public JsonNode getJson(URI uri, Map<String, String> extraHeaders) {
    return readJson("GET", uri, null, extraHeaders);
  }

  /**
   * Sends an idempotent request (a GET, or a read-only POST such as a GraphQL query) and parses its
   * JSON; a truncated or invalid body is retried like a transport failure.
   */
  public JsonNode readJson(String method, URI uri, @Nullable Object body, Map<String, String> extraHeaders) {
    return readJsonResponse(method, uri, body, extraHeaders).json();
  }

  /**
   * The server's clock in a response's {@code Date} header (RFC 1123, whole seconds, so rounded
   * down), or null when the header is missing or malformed.
   */
  public static @Nullable Instant serverDate(HttpHeaders headers) {
    String v = headers.firstValue("Date").orElse(null);
    if (v == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A parsed JSON response with its headers (e.g. the server's {@code Date}) and the retries it took. */
  public record JsonResponse(JsonNode json, HttpHeaders headers, int retries) {}

  /** Like {@link #readJson}, also returning the response headers. */
  public JsonResponse readJsonResponse(String method, URI uri, @Nullable Object body, Map<String, String> extraHeaders) {
    AdapterException last = null;
    for (int attempt = 1; attempt <= config.retry().maxAttempts(); attempt++) {
      Response r = send(method, uri, body, true, extraHeaders);
      try {
        return new JsonResponse(r.json(method, safeUrl(uri)), r.headers(), r.retries() + attempt - 1);
      } catch (AdapterException e) {
        if (!e.retryable()) {
          throw e;
        }
        last = e;
        retries.incrementAndGet();
        sleep(config.retry().backoff(attempt, Duration.ZERO));
      }
    }
    throw Objects.requireNonNull(last);
  }

  /**
   * Sends a request with retries; returns any 2xx response, and also 4xx responses other than 408
   * and 429 when {@code acceptClientErrors} (so that the caller can read per-field errors).
   *
   * @throws HttpFailure for everything else, after the retries
   */
  public Response send(String method, URI uri, @Nullable Object jsonBody, boolean idempotent, Map<String, String> extraHeaders) {
    return send(method, uri, jsonBody, idempotent, extraHeaders, false);
  }

  public Response send(String method, URI uri, @Nullable Object jsonBody, boolean idempotent,
      Map<String, String> extraHeaders, boolean acceptClientErrors) {
    byte[] body = null;
    if (jsonBody != null) {
      body = jsonBody instanceof byte[] bytes ? bytes : JSON.writeValueAsBytes(jsonBody);
    }
    String url = safeUrl(uri);
    RetryPolicy policy = config.retry();
    HttpFailure last = null;
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      if (attempt > 1) {
        retries.incrementAndGet();
      }
      Duration retryAfter = Duration.ZERO;
      try {
        requests.incrementAndGet();
        HttpResponse<InputStream> resp = client.send(build(method, uri, body, extraHeaders),
            HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes = readLimited(resp.body(), method, url);
        int status = resp.statusCode();
        if (status >= 200 && status < 300) {
          return new Response(status, resp.headers(), bytes, attempt - 1);
        }
        String text = snippet(bytes);
        boolean throttled = status == 429 || status == 503;
        boolean gateway = status == 502 || status == 504;
        if (!throttled && !gateway && status != 408 && acceptClientErrors && status < 500) {
          return new Response(status, resp.headers(), bytes, attempt - 1);
        }
        // A 500 is often transient (a worker restarting, a lock timeout). Repeating an idempotent request
        // (GET, PATCH, DELETE, a read-only query) is harmless; a POST may have been applied in part, so
        // it is not repeated.
        boolean retryable = throttled || gateway || status == 408 || (status == 500 && idempotent);
        boolean unknown = gateway && !idempotent;
        last = new HttpFailure(describe(method, url, status, text, attempt), method, url, status, text,
            retryable, unknown, attempt, null);
        if (!retryable || unknown) {
          throw last;
        }
        retryAfter = retryAfter(resp.headers());
      } catch (IOException e) {
        boolean refused = e instanceof ConnectException;
        boolean unknown = !idempotent && !refused;
        String what = e instanceof HttpTimeoutException ? "timed out" : "failed: " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage());
        last = new HttpFailure(config.adapter() + ": " + method + " " + url + " " + what
            + " (attempt " + attempt + " of " + policy.maxAttempts() + ")"
            + (unknown ? "; the server may have applied it" : ""),
            method, url, 0, null, true, unknown, attempt, e);
        if (unknown) {
          throw last;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AdapterException(config.adapter() + ": interrupted during " + method + " " + url, false, e);
      }
      if (attempt < policy.maxAttempts()) {
        sleep(policy.backoff(attempt, retryAfter));
      }
    }
    throw Objects.requireNonNull(last);
  }

  private HttpRequest build(String method, URI uri, byte @Nullable [] body, Map<String, String> extraHeaders) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
        .header("Accept", "application/json");
    config.headers().forEach(b::header);
    config.secretHeaders().forEach((k, v) -> b.header(k, v.reveal()));
    extraHeaders.forEach(b::setHeader);
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  /**
   * Reads a response body, at most {@code maxResponseBytes}. The request timeout of
   * {@code java.net.http} ends when the headers arrive; a body that stalls (a proxy that stops
   * sending) is cut off after another {@code requestTimeout} by closing the stream.
   */
  private byte[] readLimited(InputStream in, String method, String url) throws IOException {
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
      expired.set(true);
      try {
        in.close();
      } catch (IOException ignored) {
        // closing is all the watchdog can do
      }
    }, config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    try (in) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxResponseBytes() + 1));
      if (bytes.length > config.maxResponseBytes()) {
        throw new AdapterException(config.adapter() + ": the response to " + method + " " + url + " exceeds "
            + config.maxResponseBytes() + " bytes (max_response_bytes); refusing to read it");
      }
      return bytes;
    } catch (IOException e) {
      if (expired.get()) {
        throw new HttpTimeoutException("the response body did not arrive within " + config.requestTimeout());
      }
      throw e;
    } finally {
      watchdog.cancel(false);
    }
  }

  private String describe(String method, String url, int status, String text, int attempt) {
    return config.adapter() + ": " + method + " " + url + " answered " + status
        + (text.isEmpty() ? "" : ": " + text) + (attempt > 1 ? " (after " + attempt + " attempts)" : "");
  }

  static Duration retryAfter(HttpHeaders headers) {
    return headers.firstValue("Retry-After").map(v -> {
      try {
        return Duration.ofMillis(Math.round(Double.parseDouble(v.trim()) * 1000));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(1);
      }
    }).orElse(Duration.ZERO);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdapterException("interrupted while waiting to retry", false, e);
    }
  }

  /** Parses JSON; an HTML page or invalid JSON gives an error naming the call. */
  public static JsonNode parseJson(byte[] body, String method, String url, HttpHeaders headers) {
    String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (type.contains("text/html")) {
      throw new AdapterException(method + " " + url + " returned an HTML page instead of JSON: " + snippet(body));
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new AdapterException(method + " " + url + " returned an empty body where JSON was expected");
      }
      return node;
    } catch (JacksonException e) {
      throw new AdapterException(method + " " + url + " returned invalid JSON (" + e.getOriginalMessage() + "): "
          + snippet(body), true, e);
    }
  }

  /** The first 300 characters of a body, on one line. */
  public static String snippet(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8)
        .replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  /** A URL without user info and without credential-like query parameters. */
  public static String safeUrl(URI uri) {
    String query = uri.getRawQuery();
    String clean = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
    if (query == null || query.isEmpty()) {
      return clean;
    }
    List<String> kept = new ArrayList<>();
    for (String part : query.split("&")) {
      String name = part.split("=", 2)[0].toLowerCase(Locale.ROOT);
      kept.add(name.contains("token") || name.contains("key") || name.contains("password") || name.contains("secret")
          ? name + "=[hidden]" : part);
    }
    return clean + "?" + String.join("&", kept);
  }

  /**
   * {@code verify_ssl: false}: accepts any certificate for any host name, as requests'
   * {@code verify=False} does. It must be an {@link X509ExtendedTrustManager}: JSSE wraps a plain
   * {@code X509TrustManager} and still checks the host name against the certificate, so a lab server
   * with a self-signed certificate for another name would be refused.
   */
  private static SSLContext trustAll() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context", e);
    }
  }

  /** Query parameters in insertion order. */
  public static Map<String, List<String>> query(String... keyValues) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      q.computeIfAbsent(keyValues[i], k -> new ArrayList<>()).add(keyValues[i + 1]);
    }
    return q;
  }
}
