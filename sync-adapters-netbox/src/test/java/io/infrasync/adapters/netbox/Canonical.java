package io.infrasync.adapters.netbox;

import io.infrasync.config.SyncConfig;
import io.infrasync.testkit.EmulatorServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** An emulator's content without server-assigned values (ids, urls, timestamps), for comparing two servers. */
final class Canonical {
  private static final java.util.Set<String> SERVER_ASSIGNED =
      java.util.Set.of("id", "url", "display_url", "created", "last_updated", "natural_slug", "notes_url");

  private Canonical() {}

  /**
   * Endpoint → sorted canonical objects (the top-level attributes the config maps), for every
   * endpoint the config maps.
   */
  static Map<String, List<String>> of(EmulatorServer server, SyncConfig config) {
    Map<String, List<String>> out = new TreeMap<>();
    Map<String, java.util.Set<String>> attrs = new TreeMap<>();
    for (var e : config.schemaMapping()) {
      String endpoint = Objects.requireNonNull(e.mapping()).replace('.', '/');
      for (var f : e.fields()) {
        if (f.mapping() != null) {
          attrs.computeIfAbsent(endpoint, k -> new java.util.TreeSet<>()).add(f.mapping().split("\\.")[0]);
        }
      }
    }
    for (var a : attrs.entrySet()) {
      String endpoint = a.getKey();
      List<Map<String, @Nullable Object>> objects = server instanceof io.infrasync.testkit.netbox.NetBoxServer nb
          ? nb.objects(endpoint) : List.of();
      List<String> rows = new ArrayList<>();
      for (Map<String, @Nullable Object> o : objects) {
        Map<String, @Nullable Object> kept = new TreeMap<>();
        for (String attr : a.getValue()) {
          kept.put(attr, strip(o.get(attr)));
        }
        rows.add(String.valueOf(kept));
      }
      rows.sort(null);
      out.put(endpoint, rows);
    }
    return out;
  }

  static @Nullable Object strip(@Nullable Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> {
        if (!SERVER_ASSIGNED.contains(String.valueOf(k))) {
          out.put(String.valueOf(k), strip(x));
        }
      });
      return out;
    }
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      l.forEach(x -> out.add(String.valueOf(strip(x))));
      out.sort(null);
      return out;
    }
    return v;
  }
}
