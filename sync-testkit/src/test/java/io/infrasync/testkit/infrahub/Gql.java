package io.infrasync.testkit.infrahub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A plain java.net.http GraphQL client for the tests, plus fixture access. */
final class Gql {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private Gql() {}

  /** A response: status, raw text and the parsed body. */
  record Reply(int status, String text, @Nullable Object json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> body() {
      return (Map<String, Object>) java.util.Objects.requireNonNull(json);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> data() {
      return (Map<String, Object>) java.util.Objects.requireNonNull(body().get("data"), text);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors() {
      return (List<Map<String, Object>>)
          java.util.Objects.requireNonNull(body().get("errors"), text);
    }

    /** The first error's extensions.code. */
    String code() {
      return String.valueOf(map(errors().get(0).get("extensions")).get("code"));
    }
  }

  /** A non-null JSON object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(@Nullable Object o) {
    return (Map<String, Object>) java.util.Objects.requireNonNull(o, "expected a JSON object");
  }

  /** A non-null JSON array. */
  static List<?> list(@Nullable Object o) {
    return (List<?>) java.util.Objects.requireNonNull(o, "expected a JSON array");
  }

  /** A non-null JSON number as an int. */
  static int num(@Nullable Object o) {
    return ((Number) java.util.Objects.requireNonNull(o, "expected a JSON number")).intValue();
  }

  static Reply post(URI uri, @Nullable String token, String query) {
    return post(uri, token, query, null);
  }

  static Reply post(
      URI uri, @Nullable String token, String query, @Nullable Map<String, Object> variables) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    if (variables != null) {
      body.put("variables", variables);
    }
    return send(uri, token, "application/json", Json.write(body));
  }

  static Reply send(URI uri, @Nullable String token, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("X-INFRAHUB-KEY", token);
    }
    return exchange(b.build());
  }

  static Reply get(URI uri, @Nullable String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    if (token != null) {
      b.header("X-INFRAHUB-KEY", token);
    }
    return exchange(b.build());
  }

  static Reply exchange(HttpRequest request) {
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      Object json;
      try {
        json = Json.parse(r.body());
      } catch (IllegalArgumentException e) {
        json = null;
      }
      return new Reply(r.statusCode(), r.body(), json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Path shared() {
    String prop = System.getProperty("infrasync.shared.dir");
    return (prop != null ? Path.of(prop) : Path.of("../../shared")).toAbsolutePath().normalize();
  }

  static String fixtureText(String name) {
    try {
      return Files.readString(shared().resolve("fixtures/infrahub").resolve(name));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> fixture(String name) {
    return (Map<String, Object>) java.util.Objects.requireNonNull(Json.parse(fixtureText(name)));
  }
}
