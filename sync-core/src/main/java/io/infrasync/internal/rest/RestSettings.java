package io.infrasync.internal.rest;

import io.infrasync.ConfigurationException;
import io.infrasync.internal.http.HttpTransport;
import io.infrasync.internal.http.RetryPolicy;
import io.infrasync.spi.Secret;
import io.infrasync.spi.SettingSpec;
import io.infrasync.spi.SettingSpec.Type;
import io.infrasync.spi.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The settings the NetBox and Nautobot adapters share, declared once ({@link #specs}) and read once
 * ({@link #from}).
 *
 * @param url the server's base URL, without {@code /api}
 * @param pageSize the {@code limit} of the first page; 0 asks for the server's maximum
 */
public record RestSettings(
    URI url,
    Secret token,
    boolean verifySsl,
    Duration timeout,
    Duration connectTimeout,
    int pageSize,
    int concurrency,
    int writeBatchSize,
    int maxRetries,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration cursorOverlap,
    long maxResponseBytes,
    int maxPages) {

  /**
   * The shared settings of a product.
   *
   * @param product {@code NetBox} or {@code Nautobot}, for the docs
   * @param env the environment variable prefix ({@code NETBOX}: {@code NETBOX_ADDRESS},
   *     {@code NETBOX_URL}, {@code NETBOX_TOKEN})
   */
  public static List<SettingSpec> specs(String product, String env) {
    return List.of(
        SettingSpec.required("url", Type.STRING, product + " base URL, e.g. https://" + product.toLowerCase(Locale.ROOT)
                + ".example.com (without /api)")
            .withEnv(env + "_ADDRESS", env + "_URL"),
        SettingSpec.required("token", Type.SECRET, product + " API token").withEnv(env + "_TOKEN"),
        SettingSpec.optional("verify_ssl", Type.BOOLEAN, true,
            "verify the server's TLS certificate; false logs a warning"),
        SettingSpec.optional("timeout", Type.DURATION, "60s", "time limit of one HTTP request"),
        SettingSpec.optional("connect_timeout", Type.DURATION, "10s", "time limit to open a connection"),
        SettingSpec.optional("page_size", Type.INTEGER, 0L,
            "records per page; 0 asks for the largest page the server allows (limit=0, 1000 by default)"),
        SettingSpec.optional("concurrency", Type.INTEGER, 4L,
            "pages fetched at once once the record count is known"),
        SettingSpec.optional("write_batch_size", Type.INTEGER, 100L,
            "records per bulk POST, PATCH or DELETE request"),
        SettingSpec.optional("max_retries", Type.INTEGER, 4L,
            "retries of a request that failed with 429, 502, 503, 504 or a connection error"),
        SettingSpec.optional("retry_base_delay", Type.DURATION, "200ms",
            "first backoff delay; doubled per retry, with jitter; a Retry-After header wins"),
        SettingSpec.optional("retry_max_delay", Type.DURATION, "30s", "longest wait between two retries"),
        SettingSpec.optional("cursor_overlap", Type.DURATION, "60s",
            "how far before the server's clock at the watermark an incremental read starts again"
            + " (never later than the newest change then): the longest a write may be in flight"),
        SettingSpec.optional("max_response_bytes", Type.INTEGER, 256L * 1024 * 1024,
            "largest response body read; larger responses fail"),
        SettingSpec.optional("max_pages", Type.INTEGER, 10_000L,
            "most pages one list read may take; a longer walk (a server whose next links never end or"
                + " repeat, or whose count is absurd) fails"));
  }

  /** Reads and checks the shared settings; problems are reported all at once. */
  public static RestSettings from(Settings s, String adapter) {
    List<String> problems = new ArrayList<>();
    URI url = baseUrl(s.requireString("url"), problems);
    Secret token = s.secret("token").orElse(Secret.of(""));
    if (token.isEmpty()) {
      problems.add("token is empty");
    }
    int pageSize = (int) range(s, "page_size", 0, 100_000, problems);
    int concurrency = (int) range(s, "concurrency", 1, 64, problems);
    int batch = (int) range(s, "write_batch_size", 1, 10_000, problems);
    int retries = (int) range(s, "max_retries", 0, 100, problems);
    long maxBytes = range(s, "max_response_bytes", 1024, Integer.MAX_VALUE - 16L, problems);
    int maxPages = (int) range(s, "max_pages", 1, 10_000_000, problems);
    Duration timeout = positive(s, "timeout", problems);
    Duration connect = positive(s, "connect_timeout", problems);
    Duration base = nonNegative(s, "retry_base_delay", problems);
    Duration max = nonNegative(s, "retry_max_delay", problems);
    Duration overlap = nonNegative(s, "cursor_overlap", problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(adapter + " settings", String.join("; ", problems));
    }
    return new RestSettings(url, token, s.bool("verify_ssl"), timeout, connect, pageSize, concurrency, batch, retries,
        base, max, overlap, maxBytes, maxPages);
  }

  /** The transport for these settings. */
  public HttpTransport transport(String adapter, Map<String, Secret> credentials, @Nullable Executor executor) {
    return new HttpTransport(new HttpTransport.Config(adapter, url, credentials, Map.of(), connectTimeout, timeout,
        verifySsl, new RetryPolicy(maxRetries + 1, retryBaseDelay, retryMaxDelay), maxResponseBytes), executor);
  }

  private static URI baseUrl(String raw, List<String> problems) {
    String s = raw.trim();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.endsWith("/api")) {
      s = s.substring(0, s.length() - 4);
    }
    try {
      URI u = new URI(s);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        problems.add("url must be an absolute http(s) URL with a host, e.g. https://netbox.example.com");
      } else if (u.getRawUserInfo() != null || u.getRawQuery() != null) {
        problems.add("url must not carry credentials or a query; put the token in 'token'");
      }
      return u;
    } catch (URISyntaxException e) {
      problems.add("url is not a valid URL (" + e.getReason() + ")");
      return URI.create("http://invalid");
    }
  }

  private static long range(Settings s, String name, long min, long max, List<String> problems) {
    long v = s.integer(name);
    if (v < min || v > max) {
      problems.add(name + " must be between " + min + " and " + max + ", was " + v);
    }
    return Math.max(min, Math.min(max, v));
  }

  private static Duration positive(Settings s, String name, List<String> problems) {
    Duration d = s.duration(name).orElse(Duration.ZERO);
    if (d.isZero() || d.isNegative()) {
      problems.add(name + " must be positive");
      return Duration.ofSeconds(1);
    }
    return d;
  }

  private static Duration nonNegative(Settings s, String name, List<String> problems) {
    Duration d = s.duration(name).orElse(Duration.ZERO);
    if (d.isNegative()) {
      problems.add(name + " must not be negative");
      return Duration.ZERO;
    }
    return d;
  }
}
