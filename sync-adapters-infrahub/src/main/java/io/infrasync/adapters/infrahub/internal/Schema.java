package io.infrasync.adapters.infrahub.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** The parts of Infrahub's {@code /api/schema} the adapter uses: kinds, generics, fields, uniqueness. */
final class Schema {
  /** An attribute: its Infrahub kind (Text, Number, IPHost…), and whether it is optional, unique, read-only. */
  record Attribute(String name, String kind, boolean optional, boolean unique, boolean readOnly) {}

  /** A relationship to {@code peer}, of cardinality one or many. */
  record Relationship(String name, String peer, boolean many, boolean optional, boolean readOnly) {}

  /**
   * A node kind or a generic.
   *
   * @param hfid the human friendly id paths ({@code name__value}, {@code device__name__value}), empty when none
   * @param uniqueness the uniqueness constraints, each a list of paths
   */
  record Kind(
      String name,
      boolean generic,
      Map<String, Attribute> attributes,
      Map<String, Relationship> relationships,
      List<String> inheritFrom,
      List<String> usedBy,
      List<String> hfid,
      List<List<String>> uniqueness) {

    Set<String> fieldNames() {
      Set<String> names = new LinkedHashSet<>(attributes.keySet());
      names.addAll(relationships.keySet());
      return names;
    }

    boolean hasField(String field) {
      return attributes.containsKey(field) || relationships.containsKey(field);
    }

    /**
     * The sets of fields on which this kind is unique, in order of preference: the human friendly
     * id, each uniqueness constraint, each unique attribute. A path {@code device__name__value}
     * names the field {@code device}.
     */
    List<UniqueKey> uniqueKeys() {
      List<UniqueKey> keys = new ArrayList<>();
      if (!hfid.isEmpty()) {
        keys.add(new UniqueKey(fields(hfid), "human friendly id " + hfid));
      }
      for (List<String> c : uniqueness) {
        keys.add(new UniqueKey(fields(c), "uniqueness constraint " + c));
      }
      attributes.values().stream().filter(Attribute::unique)
          .forEach(a -> keys.add(new UniqueKey(List.of(a.name()), "unique attribute " + a.name())));
      return keys;
    }

    private static List<String> fields(List<String> paths) {
      Set<String> out = new LinkedHashSet<>();
      for (String p : paths) {
        int at = p.indexOf("__");
        out.add(at < 0 ? p : p.substring(0, at));
      }
      return List.copyOf(out);
    }
  }

  /** A set of fields the destination holds unique, and where the rule comes from. */
  record UniqueKey(List<String> fields, String origin) {}

  private final Map<String, Kind> kinds;

  private Schema(Map<String, Kind> kinds) {
    this.kinds = kinds;
  }

  /**
   * Reads a schema document.
   *
   * @throws IllegalArgumentException when the document does not have the shape of one (a section
   *     that is not a list, a kind without a name, fields that are not lists of named objects)
   */
  static Schema parse(JsonNode body) {
    if (!body.isObject()) {
      throw new IllegalArgumentException("expected an object with `nodes` and `generics`, got " + body.getNodeType());
    }
    Map<String, Kind> kinds = new LinkedHashMap<>();
    for (String section : List.of("generics", "nodes", "profiles", "templates")) {
      JsonNode list = body.path(section);
      if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
        throw new IllegalArgumentException("`" + section + "` is not a list");
      }
      for (JsonNode n : list) {
        checkShape(n, section);
        Kind k = kind(n, section.equals("generics"));
        kinds.putIfAbsent(k.name(), k);
      }
    }
    // Nodes list their generics in inherit_from; make used_by complete both ways.
    Map<String, Set<String>> usedBy = new LinkedHashMap<>();
    for (Kind k : kinds.values()) {
      for (String g : k.inheritFrom()) {
        usedBy.computeIfAbsent(g, x -> new LinkedHashSet<>()).add(k.name());
      }
    }
    Map<String, Kind> complete = new LinkedHashMap<>();
    for (Kind k : kinds.values()) {
      Set<String> users = new LinkedHashSet<>(k.usedBy());
      users.addAll(usedBy.getOrDefault(k.name(), Set.of()));
      complete.put(k.name(), new Kind(k.name(), k.generic(), k.attributes(), k.relationships(), k.inheritFrom(),
          List.copyOf(users), k.hfid(), k.uniqueness()));
    }
    return new Schema(Map.copyOf(complete));
  }

  private static void checkShape(JsonNode n, String section) {
    if (!n.isObject() || !(n.path("kind").isString() || n.path("name").isString())) {
      throw new IllegalArgumentException("an entry of `" + section + "` has no name: " + snippet(n));
    }
    for (String fields : List.of("attributes", "relationships")) {
      JsonNode list = n.path(fields);
      if (list.isMissingNode() || list.isNull()) {
        continue;
      }
      if (!list.isArray()) {
        throw new IllegalArgumentException("`" + fields + "` of " + snippet(n.path("name")) + " is not a list");
      }
      for (JsonNode f : list) {
        if (!f.isObject() || !f.path("name").isString()) {
          throw new IllegalArgumentException("an entry of `" + fields + "` of " + snippet(n.path("name"))
              + " has no name: " + snippet(f));
        }
      }
    }
  }

  private static String snippet(JsonNode n) {
    String s = n.toString();
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }

  private static Kind kind(JsonNode n, boolean generic) {
    String name = n.path("kind").isString() ? n.path("kind").asString()
        : n.path("namespace").asString("") + n.path("name").asString("");
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    for (JsonNode a : n.path("attributes")) {
      attrs.put(a.path("name").asString(), new Attribute(a.path("name").asString(), a.path("kind").asString("Text"),
          a.path("optional").asBoolean(false), a.path("unique").asBoolean(false), a.path("read_only").asBoolean(false)));
    }
    Map<String, Relationship> rels = new LinkedHashMap<>();
    for (JsonNode r : n.path("relationships")) {
      rels.put(r.path("name").asString(), new Relationship(r.path("name").asString(), r.path("peer").asString(),
          "many".equals(r.path("cardinality").asString("many")), r.path("optional").asBoolean(true),
          r.path("read_only").asBoolean(false)));
    }
    List<List<String>> uniqueness = new ArrayList<>();
    for (JsonNode c : n.path("uniqueness_constraints")) {
      uniqueness.add(strings(c));
    }
    return new Kind(name, generic, Collections.unmodifiableMap(attrs), Collections.unmodifiableMap(rels), strings(n.path("inherit_from")),
        strings(n.path("used_by")), strings(n.path("human_friendly_id")), List.copyOf(uniqueness));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : array) {
      out.add(s.asString());
    }
    return List.copyOf(out);
  }

  Optional<Kind> kind(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  Collection<String> kindNames() {
    return kinds.keySet();
  }

  /**
   * Whether records of {@code kind} may be peers of a relationship declared to {@code peer}: the same
   * kind, a node inheriting from the generic {@code peer}, or a generic all of whose users inherit
   * from {@code peer}.
   */
  boolean fits(String kind, String peer) {
    if (kind.equals(peer)) {
      return true;
    }
    Kind k = kinds.get(kind);
    Kind p = kinds.get(peer);
    if (k == null || p == null || !p.generic()) {
      return false;
    }
    if (!k.generic()) {
      return k.inheritFrom().contains(peer) || p.usedBy().contains(kind);
    }
    return !k.usedBy().isEmpty() && k.usedBy().stream().allMatch(u -> fits(u, peer));
  }

  /** A stable hash of the shape (fields, peers, uniqueness) of the given kinds. */
  String fingerprint(Collection<String> names) {
    Map<String, Object> shape = new TreeMap<>();
    for (String name : names) {
      Kind k = kinds.get(name);
      if (k == null) {
        shape.put(name, "missing");
        continue;
      }
      StringBuilder sb = new StringBuilder(k.generic() ? "generic" : "node");
      new TreeMap<>(k.attributes()).values().forEach(a -> sb.append("|a:").append(a.name()).append(':').append(a.kind())
          .append(a.optional() ? ":opt" : "").append(a.unique() ? ":uniq" : "").append(a.readOnly() ? ":ro" : ""));
      new TreeMap<>(k.relationships()).values().forEach(r -> sb.append("|r:").append(r.name()).append(':')
          .append(r.peer()).append(r.many() ? ":many" : ":one"));
      sb.append("|hfid:").append(k.hfid()).append("|uniq:").append(k.uniqueness());
      shape.put(name, sb.toString());
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(shape.toString().getBytes(StandardCharsets.UTF_8));
      return "infrahub:" + HexFormat.of().formatHex(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
