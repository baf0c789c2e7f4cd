package io.infrasync.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as an emulator sees it: method, decoded path, raw and decoded query, headers
 * (case-insensitive names) and the complete body. Immutable; safe to keep after the exchange.
 *
 * <p>Query parameters are decoded like Django's {@code QueryDict} ({@code +} is a space, {@code %XX}
 * is UTF-8), keep their order and may repeat.
 */
public final class EmulatorRequest {
  private final String method;
  private final String path;
  private final String rawQuery;
  private final Map<String, List<String>> query;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final String origin;

  /**
   * Creates a request.
   *
   * @param method the HTTP method, upper case ({@code GET})
   * @param path the decoded path ({@code /api/dcim/devices/})
   * @param rawQuery the raw query string without {@code ?}, empty when there is none
   * @param headers the request headers; names are matched case-insensitively
   * @param body the request body (empty when there is none)
   * @param origin scheme, host and port the client addressed, e.g. {@code http://127.0.0.1:8123}
   *     (from the {@code Host} header when present); absolute URLs in responses start with it
   */
  public EmulatorRequest(
      String method,
      String path,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      String origin) {
    this.method = method.toUpperCase(Locale.ROOT);
    this.path = Objects.requireNonNull(path, "path");
    this.rawQuery = Objects.requireNonNull(rawQuery, "rawQuery");
    this.query = Collections.unmodifiableMap(parseQuery(rawQuery));
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    this.headers = Collections.unmodifiableMap(h);
    this.body = body.clone();
    this.origin = Objects.requireNonNull(origin, "origin");
  }

  /** The HTTP method in upper case. */
  public String method() {
    return method;
  }

  /** The decoded request path, e.g. {@code /api/dcim/devices/12/}. */
  public String path() {
    return path;
  }

  /** The raw query string without the leading {@code ?}; empty when there is none. */
  public String rawQuery() {
    return rawQuery;
  }

  /** Decoded query parameters in request order; a repeated parameter has several values. */
  public Map<String, List<String>> queryParams() {
    return query;
  }

  /** The first value of query parameter {@code name}, or null when absent. */
  public @Nullable String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** All values of query parameter {@code name} (empty when absent). */
  public List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** Request headers; the map's keys compare case-insensitively. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** A copy of the request body bytes. */
  public byte[] body() {
    return body.clone();
  }

  /** The request body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Whether the request has a non-empty body. */
  public boolean hasBody() {
    return body.length > 0;
  }

  /** Scheme, host and port the client addressed, e.g. {@code http://127.0.0.1:8123}. */
  public String origin() {
    return origin;
  }

  /** The absolute URL of this request as the client addressed it (origin, path, raw query). */
  public String absoluteUrl() {
    return origin + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
  }

  @Override
  public String toString() {
    return method + " " + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
  }

  /**
   * Parses a raw query string into decoded, ordered, multi-valued parameters ({@code +} is a space).
   * A parameter without {@code =} has the empty value.
   */
  public static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
