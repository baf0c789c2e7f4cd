package io.infrasync.adapters.infrahub.internal;

import io.infrasync.ConfigurationException;
import io.infrasync.Side;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.Secret;
import io.infrasync.spi.SettingSpec;
import io.infrasync.spi.SettingSpec.Type;
import io.infrasync.spi.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Infrahub adapter's settings, validated.
 *
 * @param url the server's base URL
 * @param token the API token ({@code X-INFRAHUB-KEY}); null for anonymous reads
 * @param branch the branch every query and mutation goes to
 * @param source the {@code CoreAccountGroup} (by name) recorded as the source of written values, or
 *     null for the account named after the source adapter
 * @param owner the same for the owner
 * @param pageSize nodes per query page
 * @param concurrency requests of one read or write in flight at once
 * @param writeBatchSize mutations per GraphQL request
 * @param maxRetries retries of a failed request (0: none)
 * @param cursorOverlap how far an incremental read reaches back before the watermark
 */
public record InfrahubSettings(
    URI url,
    @Nullable Secret token,
    String branch,
    boolean verifySsl,
    @Nullable String source,
    @Nullable String owner,
    Duration timeout,
    int pageSize,
    int concurrency,
    int writeBatchSize,
    int maxRetries,
    Duration cursorOverlap,
    long maxResponseBytes,
    int maxPages) {

  /** Every setting the adapter understands. */
  public static List<SettingSpec> specs() {
    return List.of(
        SettingSpec.required("url", Type.STRING, "base URL of the Infrahub server, e.g. http://localhost:8000")
            .withEnv("INFRAHUB_ADDRESS", "INFRAHUB_URL"),
        SettingSpec.optional("token", Type.SECRET, null,
                "API token sent as X-INFRAHUB-KEY; required when Infrahub is the destination")
            .withEnv("INFRAHUB_API_TOKEN"),
        SettingSpec.optional("branch", Type.STRING, "main",
            "branch to read from and write to; the engine's branch(...) overrides it"),
        SettingSpec.optional("verify_ssl", Type.BOOLEAN, true, "verify the server's TLS certificate"),
        SettingSpec.optional("source", Type.STRING, null,
            "name of the CoreAccountGroup recorded as source of written values (default: the account named"
                + " after the source adapter)"),
        SettingSpec.optional("owner", Type.STRING, null,
            "name of the CoreAccountGroup recorded as owner of written values (default: the account named"
                + " after the source adapter)"),
        SettingSpec.optional("timeout", Type.DURATION, Duration.ofSeconds(60), "time limit of one request"),
        SettingSpec.optional("page_size", Type.INTEGER, 500L, "nodes per query page"),
        SettingSpec.optional("concurrency", Type.INTEGER, 4L,
            "query pages or mutation requests of one kind in flight at once"),
        SettingSpec.optional("write_batch_size", Type.INTEGER, 100L, "mutations per GraphQL request"),
        SettingSpec.optional("max_retries", Type.INTEGER, 4L,
            "retries of a request that failed with 429, 502, 503, 504 or a connection error"),
        SettingSpec.optional("cursor_overlap", Type.DURATION, Duration.ofSeconds(60),
            "how far before the server's clock at the watermark an incremental read starts"
            + " (never later than the newest change then): the longest a mutation may be in flight"),
        SettingSpec.optional("max_response_bytes", Type.INTEGER, 256L * 1024 * 1024,
            "largest response body accepted"),
        SettingSpec.optional("max_pages", Type.INTEGER, 10_000L,
            "most query pages one read of a kind may take; a larger count fails"));
  }

  /**
   * Reads the settings of a context; the context's branch wins over the {@code branch} setting.
   *
   * @throws ConfigurationException naming every invalid value
   */
  public static InfrahubSettings of(AdapterContext context) {
    Settings s = context.settings();
    String sideName = context.side() == Side.SOURCE ? "source" : "destination";
    List<String> problems = new ArrayList<>();
    URI url = null;
    String rawUrl = s.requireString("url").trim();
    try {
      url = URI.create(rawUrl.endsWith("/") ? rawUrl.substring(0, rawUrl.length() - 1) : rawUrl);
      if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
          || url.getHost() == null) {
        problems.add("settings.url: expected an http(s) URL such as http://localhost:8000");
        url = null;
      } else if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
        // never send (or let the HTTP client log) a password in a URL; say so without echoing it
        problems.add("settings.url: must not carry credentials, a query or a fragment; put the token in"
            + " settings.token (or INFRAHUB_API_TOKEN)");
        url = null;
      }
    } catch (IllegalArgumentException e) {
      problems.add("settings.url: not a valid URL");
    }
    Optional<Secret> token = s.secret("token").filter(t -> !t.isEmpty());
    if (context.side() == Side.DESTINATION && token.isEmpty()) {
      problems.add("settings.token: Infrahub needs an API token to write (set it, or INFRAHUB_API_TOKEN)");
    }
    String branch = context.branch().orElseGet(() -> s.string("branch").orElse("main")).trim();
    if (branch.isEmpty()) {
      problems.add("settings.branch: must not be blank");
    }
    int pageSize = positive(s, "page_size", problems);
    int concurrency = positive(s, "concurrency", problems);
    int batch = positive(s, "write_batch_size", problems);
    long retries = s.integer("max_retries");
    if (retries < 0 || retries > 100) {
      problems.add("settings.max_retries: expected 0..100, was " + retries);
    }
    long maxBytes = s.integer("max_response_bytes");
    if (maxBytes < 1024) {
      problems.add("settings.max_response_bytes: expected at least 1024, was " + maxBytes);
    }
    long maxPages = s.integer("max_pages");
    if (maxPages < 1 || maxPages > 10_000_000) {
      problems.add("settings.max_pages: expected 1..10000000, was " + maxPages);
    }
    Duration timeout = s.duration("timeout").orElse(Duration.ofSeconds(60));
    if (timeout.isNegative() || timeout.isZero()) {
      problems.add("settings.timeout: must be positive");
    }
    Duration overlap = s.duration("cursor_overlap").orElse(Duration.ofSeconds(60));
    if (overlap.isNegative()) {
      problems.add("settings.cursor_overlap: must not be negative");
    }
    if (!problems.isEmpty() || url == null) {
      var at = context.side() == Side.SOURCE ? context.config().source().location()
          : context.config().destination().location();
      throw new ConfigurationException(problems.stream()
          .map(p -> new ConfigurationException.Problem(at.file(), at.line(), at.column(),
              sideName + "." + p.substring(0, p.indexOf(':')), "infrahub: " + p.substring(p.indexOf(':') + 2)))
          .toList());
    }
    return new InfrahubSettings(url, token.orElse(null), branch, s.bool("verify_ssl"),
        s.string("source").filter(v -> !v.isBlank()).orElse(null),
        s.string("owner").filter(v -> !v.isBlank()).orElse(null),
        timeout, pageSize, concurrency, batch, (int) retries, overlap, maxBytes, (int) maxPages);
  }

  private static int positive(Settings s, String name, List<String> problems) {
    long v = s.integer(name);
    if (v < 1 || v > 100_000) {
      problems.add("settings." + name + ": expected 1..100000, was " + v);
      return 1;
    }
    return (int) v;
  }

  @Override
  public String toString() {
    return "InfrahubSettings[url=" + url + ", branch=" + branch + ", token=" + (token == null ? "none" : "[hidden]")
        + ", pageSize=" + pageSize + ", writeBatchSize=" + writeBatchSize + "]";
  }
}
