package io.infrasync.internal.rest;

import io.infrasync.internal.http.HttpTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads the error bodies of bulk writes and attributes them to records: DRF's list of per-item error
 * dicts ({@code [{}, {"name": ["…"]}]}, NetBox 4.6 and Nautobot bulk create), NetBox 4.7's
 * {@code {"detail": "…", "errors": [{"index": i, "errors": {…}}]}} and
 * {@code {"errors": [{"id": 7, "errors": {…}}]}}. A plain error dict (NetBox 4.6 bulk update stops at
 * the first invalid item and does not say which) cannot be attributed.
 */
final class BulkErrors {
  private static final Set<String> NON_FIELD = Set.of("non_field_errors", "__all__", "detail", "error");

  private BulkErrors() {}

  static @Nullable JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return HttpTransport.JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  /**
   * The errors of each item that the body attributes, by position in {@code ids} (the items' wire
   * ids, null for creates); null when the body attributes nothing.
   */
  static @Nullable Map<Integer, JsonNode> attribute(@Nullable JsonNode body, List<@Nullable Object> ids) {
    if (body == null) {
      return null;
    }
    Map<Integer, JsonNode> out = new LinkedHashMap<>();
    if (body.isArray() && body.size() == ids.size()) {
      for (int i = 0; i < body.size(); i++) {
        JsonNode e = body.get(i);
        if (e.isObject() && !e.isEmpty()) {
          out.put(i, e);
        }
      }
    } else if (body.isObject() && body.path("errors").isArray()) {
      for (JsonNode e : body.get("errors")) {
        JsonNode errors = e.has("errors") ? e.get("errors") : e;
        if (e.path("index").isIntegralNumber()) {
          int i = e.get("index").intValue();
          if (i >= 0 && i < ids.size()) {
            out.put(i, errors);
          }
        } else if (e.has("id")) {
          String id = e.get("id").asString();
          for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) != null && String.valueOf(ids.get(i)).equals(id)) {
              out.put(i, errors);
            }
          }
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** The first field an error names, or null for non-field errors. */
  static @Nullable String field(JsonNode errors) {
    if (!errors.isObject()) {
      return null;
    }
    for (String name : errors.propertyNames()) {
      if (!NON_FIELD.contains(name)) {
        return name;
      }
    }
    return null;
  }

  /** An error as one line: {@code name: This field is required.; site: …}. */
  static String describe(JsonNode errors) {
    if (errors.isObject()) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : errors.properties()) {
        String text = describe(e.getValue());
        parts.add(NON_FIELD.contains(e.getKey()) ? text : e.getKey() + ": " + text);
      }
      return String.join("; ", parts);
    }
    if (errors.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode n : errors) {
        parts.add(describe(n));
      }
      return String.join(" ", parts);
    }
    return errors.isNull() ? "" : errors.asString();
  }

  /** Whether an item error says the object does not exist (NetBox 4.7 bulk update/delete). */
  static boolean notFound(JsonNode errors) {
    String text = describe(errors).toLowerCase(Locale.ROOT);
    return text.contains("does not exist") || text.contains("not found") || text.contains("could not be found");
  }

  /** The server's message: {@code detail} when it has one, else the body itself (shortened). */
  static String message(@Nullable JsonNode body, byte[] raw) {
    if (body != null && body.isObject() && body.has("detail") && !body.has("errors")) {
      return body.get("detail").asString();
    }
    if (body != null && (body.isObject() || body.isArray())) {
      String d = describe(body).trim();
      if (!d.isEmpty()) {
        return d.length() > 500 ? d.substring(0, 500) + "..." : d;
      }
    }
    return HttpTransport.snippet(raw);
  }
}
