package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.Model.Constraint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The nodes of one branch, with a by-kind view ordered by id, a reverse index of relationship
 * references and lazily built uniqueness indexes. Not thread-safe: the server guards it.
 */
final class BranchData {
  final String name;
  final String id;
  final @Nullable String description;
  final @Nullable String origin;
  final Instant createdAt;
  final boolean isDefault;

  private final Model model;
  private final Map<String, NodeRecord> nodes;
  private final Map<String, TreeMap<String, NodeRecord>> byKind;
  private final Map<String, Set<String>> referrers;
  private final Map<Constraint, Map<List<String>, String>> indexes = new HashMap<>();

  BranchData(
      Model model,
      String name,
      @Nullable String description,
      @Nullable String origin,
      Instant createdAt,
      boolean isDefault) {
    this.model = model;
    this.name = name;
    this.id = SchemaJson.uuid("branch:" + name);
    this.description = description;
    this.origin = origin;
    this.createdAt = createdAt;
    this.isDefault = isDefault;
    this.nodes = new HashMap<>();
    this.byKind = new HashMap<>();
    this.referrers = new HashMap<>();
  }

  /** A new branch holding a copy of this branch's data. */
  BranchData branch(String newName, @Nullable String newDescription, Instant at) {
    BranchData b = new BranchData(model, newName, newDescription, name, at, false);
    b.nodes.putAll(nodes);
    byKind.forEach((k, v) -> b.byKind.put(k, new TreeMap<>(v)));
    referrers.forEach((k, v) -> b.referrers.put(k, new HashSet<>(v)));
    return b;
  }

  @Nullable NodeRecord get(String id) {
    return nodes.get(id);
  }

  boolean contains(String id) {
    return nodes.containsKey(id);
  }

  int size() {
    return nodes.size();
  }

  /** Nodes of a concrete kind, ordered by id. */
  Collection<NodeRecord> ofKind(String concreteKind) {
    TreeMap<String, NodeRecord> m = byKind.get(concreteKind);
    return m == null ? List.of() : m.values();
  }

  /** Nodes of a node kind or of every kind using a generic, ordered by id. */
  List<NodeRecord> ofDeclaredKind(String kind) {
    List<String> kinds = model.schema.concreteKinds(kind);
    if (kinds.size() == 1) {
      return new ArrayList<>(ofKind(kinds.get(0)));
    }
    TreeMap<String, NodeRecord> merged = new TreeMap<>();
    for (String k : kinds) {
      TreeMap<String, NodeRecord> m = byKind.get(k);
      if (m != null) {
        merged.putAll(m);
      }
    }
    return new ArrayList<>(merged.values());
  }

  /** Ids of the nodes whose relationships store {@code id}. */
  Set<String> referrers(String id) {
    return referrers.getOrDefault(id, Set.of());
  }

  /** Stores a new or changed node and maintains every index. */
  void put(NodeRecord record) {
    NodeRecord old = nodes.put(record.id(), record);
    byKind.computeIfAbsent(record.kind(), k -> new TreeMap<>()).put(record.id(), record);
    Set<String> before = old == null ? Set.of() : allPeers(old);
    Set<String> after = allPeers(record);
    for (String p : before) {
      if (!after.contains(p)) {
        unrefer(p, record.id());
      }
    }
    for (String p : after) {
      if (!before.contains(p)) {
        referrers.computeIfAbsent(p, k -> new HashSet<>()).add(record.id());
      }
    }
    for (var it = indexes.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Constraint c = e.getKey();
      if (c.kind().equals(record.kind())) {
        if (old != null) {
          List<String> oldTuple = tuple(c, old);
          if (oldTuple != null) {
            e.getValue().remove(oldTuple, old.id());
          }
        }
        List<String> tuple = tuple(c, record);
        if (tuple != null) {
          e.getValue().put(tuple, record.id());
        }
      } else if (old != null
          && c.dependsOn().contains(record.kind())
          && !old.attributes().equals(record.attributes())) {
        // A peer's attribute feeds this constraint's rel__attr__value paths: rebuild lazily.
        it.remove();
      }
    }
  }

  /** Removes a node; the caller has already detached it from every referrer. */
  void remove(NodeRecord record) {
    nodes.remove(record.id());
    TreeMap<String, NodeRecord> m = byKind.get(record.kind());
    if (m != null) {
      m.remove(record.id());
    }
    for (String p : allPeers(record)) {
      unrefer(p, record.id());
    }
    referrers.remove(record.id());
    for (var it = indexes.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Constraint c = e.getKey();
      if (c.kind().equals(record.kind())) {
        List<String> tuple = tuple(c, record);
        if (tuple != null) {
          e.getValue().remove(tuple, record.id());
        }
      } else if (c.dependsOn().contains(record.kind())) {
        it.remove();
      }
    }
  }

  private void unrefer(String target, String source) {
    Set<String> s = referrers.get(target);
    if (s != null) {
      s.remove(source);
      if (s.isEmpty()) {
        referrers.remove(target);
      }
    }
  }

  private static Set<String> allPeers(NodeRecord r) {
    Set<String> out = new LinkedHashSet<>();
    r.relationships().values().forEach(out::addAll);
    return out;
  }

  /** The id of the node of the constraint's kind holding {@code tuple}, if any. */
  @Nullable String lookup(Constraint c, List<String> tuple) {
    Map<List<String>, String> index = indexes.get(c);
    if (index == null) {
      index = new HashMap<>();
      for (NodeRecord r : ofKind(c.kind())) {
        List<String> t = tuple(c, r);
        if (t != null) {
          index.putIfAbsent(t, r.id());
        }
      }
      indexes.put(c, index);
    }
    return index.get(tuple);
  }

  /** The constraint's values for a node as strings, or null when one of them is empty. */
  @Nullable List<String> tuple(Constraint c, NodeRecord r) {
    List<String> out = new ArrayList<>(c.paths().size());
    for (FieldPath p : c.paths()) {
      Object v = value(p, r);
      if (v == null) {
        return null;
      }
      out.add(Values.canonical(v));
    }
    return out;
  }

  /**
   * The value a path denotes on a node: an attribute value, a peer id ({@code rel}) or a peer's
   * attribute value ({@code rel__attr__value}).
   */
  @Nullable Object value(FieldPath p, NodeRecord r) {
    if (p.isAttribute()) {
      Object v = r.attribute(p.field());
      return p.property().equals("value") || v == null ? v : IpValue.property(v, p.property());
    }
    List<String> peers = r.peers(p.field());
    if (peers.isEmpty()) {
      return null;
    }
    String peerAttribute = p.peerAttribute();
    if (peerAttribute == null) {
      return peers.get(0);
    }
    NodeRecord peer = nodes.get(peers.get(0));
    return peer == null ? null : peer.attribute(peerAttribute);
  }

  /** The human friendly id of a node, or null when its kind has none or a part is empty. */
  @Nullable List<String> hfid(NodeRecord r) {
    Constraint c = model.hfid(r.kind());
    return c == null ? null : tuple(c, r);
  }

  /** The display label: display label values joined by a space, else {@code Kind(ID: id)}. */
  String displayLabel(NodeRecord r) {
    List<FieldPath> paths = model.displayLabels(r.kind());
    if (paths.isEmpty()) {
      return r.kind() + "(ID: " + r.id() + ")";
    }
    StringBuilder out = new StringBuilder();
    for (FieldPath p : paths) {
      Object v = value(p, r);
      if (v != null) {
        if (out.length() > 0) {
          out.append(' ');
        }
        out.append(Values.canonical(v));
      }
    }
    return out.toString();
  }
}
