package io.infrasync.testkit;

import io.infrasync.testkit.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A tiny java.net.http client for tests: every call is a real HTTP request to an emulator. */
public final class TestHttp {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

  private TestHttp() {}

  /** A response. */
  public record Reply(int status, Map<String, List<String>> headers, String body) {
    /** The body parsed as JSON. */
    public @Nullable Object json() {
      return Json.parse(body);
    }

    /** The body as a JSON object. */
    public Map<String, @Nullable Object> object() {
      return Json.object(json(), "body");
    }

    /** The body as a JSON array. */
    public List<@Nullable Object> array() {
      return Json.array(json(), "body");
    }

    /** The first value of a header, or null. */
    public @Nullable String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** GET with headers given as name, value pairs. */
  public static Reply get(String uri, String... headers) {
    return send("GET", uri, null, headers);
  }

  /** Sends a request; {@code body} (if not null) is serialised as JSON. */
  public static Reply send(String method, String uri, @Nullable Object body, String... headers) {
    try {
      return sendChecked(method, uri, body, headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #send} but lets I/O failures through. */
  public static Reply sendChecked(String method, String uri, @Nullable Object body, String... headers)
      throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(Json.writeString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.headers().map(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The shared directory ({@code infrasync.shared.dir}, else {@code ../../shared}). */
  public static Path sharedDir() {
    String dir = System.getProperty("infrasync.shared.dir");
    return dir != null ? Path.of(dir) : Path.of("../../shared");
  }
}
