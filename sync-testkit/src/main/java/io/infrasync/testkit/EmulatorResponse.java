package io.infrasync.testkit;

import io.infrasync.testkit.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An emulator's answer: status, headers and body bytes. Immutable; {@link #withHeader} returns a
 * copy. Build one with {@link #json}, {@link #text} or {@link #empty}.
 */
public final class EmulatorResponse {
  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private EmulatorResponse(int status, Map<String, List<String>> headers, byte[] body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 100..599, got " + status);
    }
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** A JSON response ({@code Content-Type: application/json}) with {@code body} serialised. */
  public static EmulatorResponse json(int status, @Nullable Object body) {
    return bytes(status, "application/json", Json.write(body));
  }

  /** A text response with the given content type. */
  public static EmulatorResponse text(int status, String contentType, String body) {
    return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A response with the given content type and raw body bytes. */
  public static EmulatorResponse bytes(int status, String contentType, byte[] body) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("Content-Type", List.of(contentType));
    return new EmulatorResponse(status, Collections.unmodifiableMap(h), body.clone());
  }

  /** A response without a body (e.g. 204). */
  public static EmulatorResponse empty(int status) {
    return new EmulatorResponse(status, Map.of(), new byte[0]);
  }

  /** A copy with another body (same status and headers). */
  EmulatorResponse withBody(byte[] newBody) {
    return new EmulatorResponse(status, headers, newBody.clone());
  }

  /** A copy with header {@code name} set to {@code value} (replacing earlier values). */
  public EmulatorResponse withHeader(String name, String value) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> {
      if (!k.equalsIgnoreCase(name)) {
        h.put(k, v);
      }
    });
    h.put(name, List.of(value));
    return new EmulatorResponse(status, Collections.unmodifiableMap(h), body);
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** Response headers (unmodifiable). */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public @Nullable String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** A copy of the body bytes. */
  public byte[] body() {
    return body.clone();
  }

  int bodyLength() {
    return body.length;
  }

  byte[] bodyUnsafe() {
    return body;
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>(headers.keySet());
    return "EmulatorResponse[" + status + ", headers=" + names + ", " + body.length + " bytes]";
  }
}
