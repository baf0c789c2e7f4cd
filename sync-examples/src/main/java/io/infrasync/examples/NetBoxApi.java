package io.infrasync.examples;

import io.infrasync.testkit.netbox.NetBoxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** Writes to a NetBox REST API the way a person's script would: one request per edit. */
final class NetBoxApi {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String api;
  private final String authorization;

  NetBoxApi(NetBoxServer netbox) {
    this.api = netbox.apiUrl();
    this.authorization = netbox.authorization();
  }

  void patch(String endpoint, long id, Map<String, ?> fields) {
    send("PATCH", endpoint + "/" + id + "/", json(fields));
  }

  /** Creates one object (a map) or several (a list of maps, NetBox's bulk create). */
  void post(String endpoint, Object objects) {
    send("POST", endpoint + "/", json(objects));
  }

  void delete(String endpoint, long id) {
    send("DELETE", endpoint + "/" + id + "/", null);
  }

  /** NetBox's bulk delete: one request with a list of {@code {"id": n}}. */
  void deleteAll(String endpoint, List<? extends Map<String, ?>> ids) {
    send("DELETE", endpoint + "/", json(ids));
  }

  private void send(String method, String path, @Nullable String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(api + path))
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + api + path + ": HTTP " + response.statusCode() + " "
            + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + api + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + api + path + ": interrupted", e);
    }
  }

  /** JSON for maps, lists, strings, numbers, booleans and null: all the edits need. */
  static String json(@Nullable Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    if (value instanceof Map<?, ?> map) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      map.forEach((k, v) -> j.add(json(String.valueOf(k)) + ": " + json(v)));
      return j.toString();
    }
    if (value instanceof List<?> list) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      list.forEach(v -> j.add(json(v)));
      return j.toString();
    }
    StringBuilder s = new StringBuilder("\"");
    for (char c : value.toString().toCharArray()) {
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }
}
