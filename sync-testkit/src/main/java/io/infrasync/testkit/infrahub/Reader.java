package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Query filters, ordering and pagination over one branch. */
final class Reader {

  /**
   * One page of a query.
   *
   * @param count the number of matches, independent of offset and limit
   * @param nodes the matches in the page
   */
  record Page(int count, List<NodeRecord> nodes) {}

  private final Model model;
  private final BranchData branch;

  Reader(Model model, BranchData branch) {
    this.model = model;
    this.branch = branch;
  }

  /** A top-level {@code <Kind>(…)} query. */
  Page query(String kind, Map<String, Object> args) {
    return page(kind, branch.ofDeclaredKind(kind), args);
  }

  /** A cardinality-many relationship's peers, filtered and paginated by the nested arguments. */
  Page peers(NodeRecord node, RelationshipSchema rel, Map<String, Object> args) {
    List<NodeRecord> peers = new ArrayList<>();
    for (String id : node.peers(rel.name())) {
      NodeRecord p = branch.get(id);
      if (p != null) {
        peers.add(p);
      }
    }
    peers.sort(Comparator.comparing(NodeRecord::id));
    return page(rel.peer(), peers, args);
  }

  private Page page(String kind, List<NodeRecord> candidates, Map<String, Object> args) {
    KindSchema k = model.kind(kind);
    boolean partial = Boolean.TRUE.equals(args.get("partial_match"));
    List<Predicate<NodeRecord>> filters = new ArrayList<>();
    for (var e : args.entrySet()) {
      if (e.getValue() != null) {
        Predicate<NodeRecord> f = filter(k, e.getKey(), e.getValue(), partial);
        if (f != null) {
          filters.add(f);
        }
      }
    }
    List<NodeRecord> matches = new ArrayList<>();
    for (NodeRecord n : candidates) {
      if (filters.stream().allMatch(f -> f.test(n))) {
        matches.add(n);
      }
    }
    sort(kind, matches, args.get("order"));
    int offset = nonNegative(args.get("offset"), "offset", 0);
    int limit = nonNegative(args.get("limit"), "limit", Integer.MAX_VALUE);
    int from = Math.min(offset, matches.size());
    int to = (int) Math.min((long) from + limit, matches.size());
    return new Page(matches.size(), List.copyOf(matches.subList(from, to)));
  }

  private static int nonNegative(@Nullable Object value, String name, int fallback) {
    if (value == null) {
      return fallback;
    }
    int v = ((Number) value).intValue();
    if (v < 0) {
      throw InfrahubError.validation(name + " must not be negative, got " + v);
    }
    return v;
  }

  private void sort(String kind, List<NodeRecord> nodes, @Nullable Object order) {
    Comparator<NodeRecord> byId = Comparator.comparing(NodeRecord::id);
    if (order instanceof Map<?, ?> o) {
      if (o.get("node_metadata") instanceof Map<?, ?> meta) {
        Comparator<NodeRecord> c = null;
        for (var e : meta.entrySet()) {
          if (e.getValue() == null) {
            continue;
          }
          Comparator<NodeRecord> field =
              e.getKey().equals("created_at")
                  ? Comparator.comparing(NodeRecord::createdAt)
                  : Comparator.comparing(NodeRecord::updatedAt);
          if ("DESC".equals(String.valueOf(e.getValue()))) {
            field = field.reversed();
          }
          c = c == null ? field : c.thenComparing(field);
        }
        if (c != null) {
          nodes.sort(c.thenComparing(byId));
          return;
        }
      }
      if (Boolean.TRUE.equals(o.get("disable"))) {
        nodes.sort(byId);
        return;
      }
    }
    List<FieldPath> paths = model.orderBy(kind);
    Comparator<NodeRecord> c = null;
    for (FieldPath p : paths) {
      Comparator<NodeRecord> field =
          (a, b) -> Values.compare(branch.value(p, a), branch.value(p, b));
      c = c == null ? field : c.thenComparing(field);
    }
    nodes.sort(c == null ? byId : c.thenComparing(byId));
  }

  // ------------------------------------------------------------------ filters

  private @Nullable Predicate<NodeRecord> filter(
      KindSchema k, String name, Object value, boolean partial) {
    switch (name) {
      case "offset", "limit", "order", "partial_match" -> {
        return null;
      }
      case "ids" -> {
        Set<String> ids = strings(value);
        return n -> ids.contains(n.id());
      }
      case "hfid" -> {
        List<String> wanted = listOf(value);
        return n -> wanted.equals(branch.hfid(n));
      }
      case "any__value" -> {
        return n ->
            n.attributes().values().stream().anyMatch(v -> Values.matches(v, value, partial));
      }
      case "any__values" -> {
        List<Object> values = objects(value);
        return n ->
            n.attributes().values().stream()
                .anyMatch(v -> values.stream().anyMatch(w -> Values.matches(v, w, partial)));
      }
      default -> {
        // handled below
      }
    }
    if (name.startsWith("node_metadata__")) {
      return metadataFilter(name.substring("node_metadata__".length()), value);
    }
    String[] parts = name.split("__");
    AttributeSchema attr = k.attribute(parts[0]).orElse(null);
    if (attr != null) {
      return attributeFilter(attr.name(), parts, value, partial);
    }
    RelationshipSchema rel =
        k.relationship(parts[0])
            .orElseThrow(
                () -> InfrahubError.validation("unknown filter '" + name + "' on " + k.kind()));
    return relationshipFilter(rel, parts, value, partial);
  }

  private static Predicate<NodeRecord> attributeFilter(
      String attr, String[] parts, Object value, boolean partial) {
    String op = String.join("__", java.util.Arrays.copyOfRange(parts, 1, parts.length));
    return switch (op) {
      case "value" -> n -> Values.matches(n.attribute(attr), value, partial);
      case "values" -> {
        List<Object> values = objects(value);
        yield n -> values.stream().anyMatch(w -> Values.matches(n.attribute(attr), w, partial));
      }
      case "isnull" -> n -> (n.attribute(attr) == null) == Boolean.TRUE.equals(value);
        // Every attribute is visible and unprotected; no attribute has a source or an owner.
      case "is_visible" -> n -> Boolean.TRUE.equals(value);
      case "is_protected" -> n -> Boolean.FALSE.equals(value);
      case "source__id", "owner__id" -> n -> false;
      default -> throw InfrahubError.validation("unsupported filter '" + attr + "__" + op + "'");
    };
  }

  private Predicate<NodeRecord> relationshipFilter(
      RelationshipSchema rel, String[] parts, Object value, boolean partial) {
    String name = rel.name();
    if (parts.length == 2 && parts[1].equals("ids")) {
      Set<String> ids = strings(value);
      return n -> n.peers(name).stream().anyMatch(ids::contains);
    }
    if (parts.length == 2 && parts[1].equals("isnull")) {
      return n -> n.peers(name).isEmpty() == Boolean.TRUE.equals(value);
    }
    if (parts.length == 3 && (parts[2].equals("value") || parts[2].equals("values"))) {
      String peerAttr = parts[1];
      List<Object> wanted = parts[2].equals("value") ? List.of(value) : objects(value);
      return n ->
          n.peers(name).stream()
              .map(branch::get)
              .filter(Objects::nonNull)
              .anyMatch(
                  p ->
                      wanted.stream()
                          .anyMatch(
                              w ->
                                  Values.matches(
                                      Objects.requireNonNull(p).attribute(peerAttr), w, partial)));
    }
    throw InfrahubError.validation("unsupported filter '" + String.join("__", parts) + "'");
  }

  private static Predicate<NodeRecord> metadataFilter(String name, Object value) {
    String[] parts = name.split("__");
    boolean created = parts[0].equals("created_at") || parts[0].equals("created_by");
    if (parts[0].endsWith("_by")) {
      Set<String> ids =
          parts.length > 1 && parts[1].equals("ids")
              ? strings(value)
              : Set.of(String.valueOf(value));
      return n -> ids.contains(created ? n.createdBy() : n.updatedBy());
    }
    Instant at = (Instant) value;
    java.util.function.Function<NodeRecord, Instant> field =
        created ? NodeRecord::createdAt : NodeRecord::updatedAt;
    if (parts.length == 2 && parts[1].equals("after")) {
      return n -> field.apply(n).isAfter(at);
    }
    if (parts.length == 2 && parts[1].equals("before")) {
      return n -> field.apply(n).isBefore(at);
    }
    if (at.atOffset(ZoneOffset.UTC).toLocalTime().equals(LocalTime.MIDNIGHT)) {
      Instant end = at.plus(1, ChronoUnit.DAYS);
      return n -> !field.apply(n).isBefore(at) && field.apply(n).isBefore(end);
    }
    return n -> field.apply(n).equals(at);
  }

  private static Set<String> strings(Object value) {
    Set<String> out = new HashSet<>();
    for (Object o : objects(value)) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  private static List<String> listOf(Object value) {
    List<String> out = new ArrayList<>();
    for (Object o : objects(value)) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  private static List<Object> objects(Object value) {
    List<Object> out = new ArrayList<>();
    if (value instanceof Collection<?> c) {
      for (Object o : c) {
        if (o != null) {
          out.add(o);
        }
      }
    } else {
      out.add(value);
    }
    return out;
  }
}
