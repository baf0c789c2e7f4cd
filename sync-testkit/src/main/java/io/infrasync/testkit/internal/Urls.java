package io.infrasync.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Django REST framework's URL helpers, reproduced: {@code replace_query_param} and {@code
 * remove_query_param} re-encode the query with the keys sorted and values quoted like Python's
 * {@code quote_plus}.
 */
public final class Urls {
  private Urls() {}

  /** DRF {@code replace_query_param(url, key, value)}. */
  public static String replace(String url, String key, String value) {
    return rebuild(url, key, value);
  }

  /** DRF {@code remove_query_param(url, key)}. */
  public static String remove(String url, String key) {
    return rebuild(url, key, null);
  }

  private static String rebuild(String url, String key, @org.jspecify.annotations.Nullable String value) {
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    String rawQuery = q < 0 ? "" : url.substring(q + 1);
    Map<String, List<String>> parsed = io.infrasync.testkit.EmulatorRequest.parseQuery(rawQuery);
    Map<String, List<String>> sorted = new TreeMap<>(new LinkedHashMap<>(parsed));
    if (value == null) {
      sorted.remove(key);
    } else {
      sorted.put(key, List.of(value));
    }
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, vs) -> vs.forEach(v -> parts.add(quotePlus(k) + "=" + quotePlus(v))));
    return parts.isEmpty() ? base : base + "?" + String.join("&", parts);
  }

  /** Python's {@code urllib.parse.quote_plus}: unreserved characters kept, space as {@code +}. */
  public static String quotePlus(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == '-' || c == '~') {
        out.append((char) c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
