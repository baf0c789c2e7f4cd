package io.infrasync.internal.rest;

import io.infrasync.AdapterException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** JSON trees to the plain values of {@link io.infrasync.spi.RawRecord}: Map, List, String, Long, Double, Boolean, null. */
public final class JsonValues {
  private JsonValues() {}

  public static @Nullable Object plain(@Nullable JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      return object(n);
    }
    if (n.isArray()) {
      List<@Nullable Object> l = new ArrayList<>(n.size());
      for (JsonNode c : n) {
        l.add(plain(c));
      }
      return l;
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue().toString();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return n.asString();
  }

  /** A JSON object as an insertion-ordered map. */
  public static Map<String, @Nullable Object> object(JsonNode n) {
    if (!n.isObject()) {
      throw new AdapterException("expected a JSON object, got " + n.getNodeType());
    }
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      m.put(e.getKey(), plain(e.getValue()));
    }
    return m;
  }

  /** The {@code id} of a JSON object as a string, or null. */
  public static @Nullable String id(JsonNode n) {
    JsonNode id = n.get("id");
    return id == null || id.isNull() ? null : id.asString();
  }

  /** The {@code id} of a record map as a string, or null. */
  public static @Nullable String id(Map<String, @Nullable Object> m) {
    Object id = m.get("id");
    return id == null ? null : id.toString();
  }
}
