package io.infrasync.internal.graph;

import io.infrasync.SyncException;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Write tiers computed from the {@code reference} fields of a mapping, as infrahub-sync 2.0 does
 * (layered Kahn sort, each tier sorted by name), with two corrections: references to kinds that are
 * not mapped do not become nodes (upstream gap 10), and a dropped optional edge is named in a
 * warning. A non-empty {@code order} wins: one kind per tier, only the listed kinds.
 */
public final class DependencyGraph {

  /** A dependency edge {@code from -> to}: {@code from} references {@code to}. */
  public record Edge(String from, String to, String field, boolean optional) {
    @Override
    public String toString() {
      return from + "." + field + " -> " + to;
    }
  }

  /** The result: tiers, the edges that were dropped to break cycles, and warnings. */
  public record Tiers(List<List<String>> tiers, List<Edge> droppedEdges, List<String> warnings, boolean serial) {
    public Tiers {
      tiers = tiers.stream().map(List::copyOf).toList();
      droppedEdges = List.copyOf(droppedEdges);
      warnings = List.copyOf(warnings);
    }

    /** Every kind in write order. */
    public List<String> flatten() {
      return tiers.stream().flatMap(List::stream).toList();
    }

    /** The tier of a kind, or -1 when the kind is not synced. */
    public int tierOf(String kind) {
      for (int i = 0; i < tiers.size(); i++) {
        if (tiers.get(i).contains(kind)) {
          return i;
        }
      }
      return -1;
    }
  }

  private static final int MAX_ATTEMPTS = 50;

  private DependencyGraph() {}

  /** The edges of a configuration: one per (kind, referenced kind), optional only if every field making it is. */
  public static List<Edge> edges(SyncConfig config) {
    Map<String, Edge> byPair = new LinkedHashMap<>();
    Set<String> mapped = new HashSet<>(config.kinds());
    for (SchemaMapping m : config.schemaMapping()) {
      for (FieldMapping f : m.fields()) {
        String ref = f.reference();
        if (ref == null || ref.equals(m.name()) || !mapped.contains(ref)) {
          continue;
        }
        boolean optional = !m.identifiers().contains(f.name());
        String pair = m.name() + "\u0000" + ref;
        Edge prev = byPair.get(pair);
        if (prev == null || (prev.optional() && !optional)) {
          byPair.put(pair, new Edge(m.name(), ref, f.name(), optional));
        }
      }
    }
    return List.copyOf(byPair.values());
  }

  /**
   * Computes the tiers.
   *
   * @throws SyncException with code DEPENDENCY_CYCLE when a cycle has only identifier edges
   */
  public static Tiers compute(SyncConfig config) {
    List<String> warnings = new ArrayList<>();
    Set<String> mapped = new LinkedHashSet<>(config.kinds());
    for (SchemaMapping m : config.schemaMapping()) {
      for (FieldMapping f : m.fields()) {
        if (f.reference() != null && !mapped.contains(f.reference())) {
          warnings.add(m.name() + "." + f.name() + " references " + f.reference()
              + ", which is not mapped: it is not synced and does not take part in the write order");
        }
      }
    }
    List<Edge> edges = edges(config);
    if (!config.order().isEmpty()) {
      return ordered(config, edges, warnings);
    }
    Map<String, Set<String>> deps = new LinkedHashMap<>();
    mapped.forEach(k -> deps.put(k, new TreeSet<>()));
    List<Edge> live = new ArrayList<>(edges);
    live.forEach(e -> deps.computeIfAbsent(e.from(), k -> new TreeSet<>()).add(e.to()));
    List<Edge> dropped = new ArrayList<>();
    for (int attempt = 0; ; attempt++) {
      List<List<String>> tiers = layered(deps);
      if (tiers != null) {
        return new Tiers(tiers, dropped, warnings, false);
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new SyncException(SyncException.Code.DEPENDENCY_CYCLE,
            "could not break the dependency cycles of " + config.name() + " after " + MAX_ATTEMPTS + " edges");
      }
      List<String> cycle = findCycle(deps);
      Edge toDrop = null;
      for (int i = 0; i < cycle.size() - 1 && toDrop == null; i++) {
        String from = cycle.get(i);
        String to = cycle.get(i + 1);
        for (Edge e : live) {
          if (e.from().equals(from) && e.to().equals(to) && e.optional()) {
            toDrop = e;
            break;
          }
        }
      }
      if (toDrop == null) {
        throw new SyncException(SyncException.Code.DEPENDENCY_CYCLE,
            "the mapping of " + config.name() + " has a cycle of identifier references, which no write order"
                + " can satisfy: " + describe(cycle, live)
                + ". Make one of these references optional (remove it from `identifiers`) or set `order`.");
      }
      live.remove(toDrop);
      deps.getOrDefault(toDrop.from(), new TreeSet<>()).remove(toDrop.to());
      dropped.add(toDrop);
      warnings.add("dependency cycle " + String.join(" -> ", cycle) + ": the optional reference "
          + toDrop + " does not order the writes; it is set once both kinds exist");
    }
  }

  private static Tiers ordered(SyncConfig config, List<Edge> edges, List<String> warnings) {
    List<String> order = config.order();
    List<List<String>> tiers = new ArrayList<>();
    order.forEach(k -> tiers.add(List.of(k)));
    for (String kind : config.kinds()) {
      if (!order.contains(kind)) {
        warnings.add(kind + " is mapped but not listed in `order`: it is not synced");
      }
    }
    for (Edge e : edges) {
      int from = order.indexOf(e.from());
      int to = order.indexOf(e.to());
      if (from >= 0 && to >= 0 && to > from) {
        warnings.add("`order` lists " + e.from() + " before " + e.to() + ", which it references (" + e + ")");
      }
    }
    return new Tiers(tiers, List.of(), warnings, true);
  }

  /** Layered Kahn sort; null when a cycle remains. */
  private static @Nullable List<List<String>> layered(Map<String, Set<String>> deps) {
    Map<String, Set<String>> remaining = new LinkedHashMap<>();
    deps.forEach((k, v) -> remaining.put(k, new HashSet<>(v)));
    List<List<String>> tiers = new ArrayList<>();
    while (!remaining.isEmpty()) {
      List<String> free = new ArrayList<>();
      remaining.forEach((k, v) -> {
        if (v.isEmpty()) {
          free.add(k);
        }
      });
      if (free.isEmpty()) {
        return null;
      }
      Collections.sort(free);
      free.forEach(remaining::remove);
      remaining.values().forEach(v -> free.forEach(v::remove));
      tiers.add(free);
    }
    return tiers;
  }

  /** A cycle as a closed path {@code [a, b, ..., a]}, found by DFS in a deterministic order. */
  private static List<String> findCycle(Map<String, Set<String>> deps) {
    Set<String> done = new HashSet<>();
    for (String start : new TreeSet<>(deps.keySet())) {
      List<String> path = new ArrayList<>();
      List<String> cycle = dfs(start, deps, path, new HashSet<>(), done);
      if (cycle != null) {
        return cycle;
      }
    }
    throw new IllegalStateException("no cycle found although the sort is blocked");
  }

  private static @Nullable List<String> dfs(
      String node, Map<String, Set<String>> deps, List<String> path, Set<String> onPath, Set<String> done) {
    if (onPath.contains(node)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      cycle.add(node);
      return cycle;
    }
    if (done.contains(node)) {
      return null;
    }
    path.add(node);
    onPath.add(node);
    for (String next : deps.getOrDefault(node, Set.of())) {
      List<String> c = dfs(next, deps, path, onPath, done);
      if (c != null) {
        return c;
      }
    }
    path.remove(path.size() - 1);
    onPath.remove(node);
    done.add(node);
    return null;
  }

  private static String describe(List<String> cycle, List<Edge> edges) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < cycle.size() - 1; i++) {
      String from = cycle.get(i);
      String to = cycle.get(i + 1);
      edges.stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst()
          .ifPresent(e -> parts.add(e.toString()));
    }
    return String.join(", ", parts);
  }
}
