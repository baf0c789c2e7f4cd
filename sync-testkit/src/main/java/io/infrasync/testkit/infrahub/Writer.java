package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.Cardinality;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import io.infrasync.testkit.infrahub.Model.Constraint;
import io.infrasync.testkit.infrahub.NodeInput.AttrInput;
import io.infrasync.testkit.infrahub.NodeInput.PeerRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One write transaction on a branch: changes are staged, checked (required fields, types,
 * uniqueness) and committed together, or not at all. Writing one end of a relationship also updates
 * the other end when the peer kind declares it (same identifier), as Infrahub's edges are shared by
 * both ends.
 */
final class Writer {
  /** What an upsert did. */
  enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /** A node and what happened to it. */
  record Result(NodeRecord node, Outcome outcome) {}

  private final Model model;
  private final BranchData branch;
  private final Instant now;
  private final @Nullable String account;
  private final Supplier<String> ids;
  private final Map<String, NodeRecord> staged = new LinkedHashMap<>();
  private final Set<String> changed = new LinkedHashSet<>();

  Writer(
      Model model, BranchData branch, Instant now, @Nullable String account, Supplier<String> ids) {
    this.model = model;
    this.branch = branch;
    this.now = now;
    this.account = account;
    this.ids = ids;
  }

  private @Nullable NodeRecord get(String id) {
    NodeRecord r = staged.get(id);
    return r != null ? r : branch.get(id);
  }

  private void stage(NodeRecord r) {
    staged.put(r.id(), r);
  }

  // ------------------------------------------------------------------ lookups

  /** The node of (a kind satisfying) {@code kind} with this id. */
  NodeRecord find(String kind, String id) {
    NodeRecord r = get(id);
    if (r == null || !model.schema.isA(r.kind(), kind)) {
      throw InfrahubError.nodeNotFound(kind, id);
    }
    return r;
  }

  /** The node of (a kind satisfying) {@code kind} with this human friendly id, or null. */
  @Nullable NodeRecord findByHfid(String kind, List<String> hfid) {
    for (String concrete : model.schema.concreteKinds(kind)) {
      Constraint c = model.hfid(concrete);
      if (c != null && c.paths().size() == hfid.size()) {
        String id = branch.lookup(c, hfid);
        if (id != null) {
          return get(id);
        }
      }
    }
    return null;
  }

  /** Locates the node an update, upsert or delete names by id or hfid. */
  NodeRecord locate(String kind, @Nullable String id, @Nullable List<String> hfid) {
    if (id != null) {
      return find(kind, id);
    }
    if (hfid != null) {
      NodeRecord r = findByHfid(kind, hfid);
      if (r == null) {
        throw InfrahubError.nodeNotFound(kind, String.join("__", hfid));
      }
      return r;
    }
    throw InfrahubError.validation("Either id or hfid must be provided to locate a " + kind);
  }

  // ------------------------------------------------------------------ mutations

  /** Creates a node; commits. */
  NodeRecord create(String kind, NodeInput input) {
    NodeRecord r = buildNew(kind, input);
    List<Conflict> conflicts = conflicts(r);
    if (!conflicts.isEmpty()) {
      throw conflicts.get(0).error();
    }
    applyNew(r);
    commit();
    return Objects.requireNonNull(branch.get(r.id()));
  }

  /** Updates an existing node with the fields present in the input; commits. */
  Result update(NodeRecord existing, NodeInput input) {
    KindSchema k = model.kind(existing.kind());
    Map<String, @Nullable Object> attrs = new LinkedHashMap<>(existing.attributes());
    Set<String> defaulted = new HashSet<>(existing.defaulted());
    for (var e : input.attributes().entrySet()) {
      AttributeSchema a = attribute(k, e.getKey());
      AttrInput in = e.getValue();
      if (in.isDefault()) {
        attrs.put(a.name(), a.defaultValue());
        defaulted.add(a.name());
      } else if (in.hasValue()) {
        Object v = Values.coerce(k.kind(), a, in.value());
        if (v == null && !a.optional()) {
          throw InfrahubError.attributeRequired(k.kind(), a.name());
        }
        if (!Objects.equals(v, attrs.get(a.name())) || defaulted.contains(a.name())) {
          attrs.put(a.name(), v);
          defaulted.remove(a.name());
        }
      }
    }
    Map<String, List<String>> rels = new LinkedHashMap<>(existing.relationships());
    for (var e : input.relationships().entrySet()) {
      RelationshipSchema r = relationship(k, e.getKey());
      List<String> peers = resolvePeers(k, r, e.getValue());
      if (peers.isEmpty() && !r.optional()) {
        throw InfrahubError.attributeRequired(k.kind(), r.name());
      }
      rels.put(r.name(), peers);
    }
    if (attrs.equals(existing.attributes())
        && defaulted.equals(existing.defaulted())
        && rels.equals(existing.relationships())) {
      return new Result(existing, Outcome.UNCHANGED);
    }
    NodeRecord updated =
        new NodeRecord(
            existing.id(),
            existing.kind(),
            attrs,
            defaulted,
            rels,
            existing.createdAt(),
            now,
            existing.createdBy(),
            account);
    List<Conflict> conflicts = conflicts(updated);
    if (!conflicts.isEmpty()) {
      throw conflicts.get(0).error();
    }
    stage(updated);
    changed.add(updated.id());
    for (RelationshipSchema r : k.relationships()) {
      mirror(updated, r, existing.peers(r.name()), updated.peers(r.name()));
    }
    commit();
    return new Result(Objects.requireNonNull(branch.get(updated.id())), Outcome.UPDATED);
  }

  /**
   * Infrahub's upsert: by id (must exist); else by the kind's default filter; else by hfid; else
   * create, turning into an update of the existing node when the create fails only on the human
   * friendly id.
   */
  Result upsert(String kind, NodeInput input) {
    String id = input.id();
    if (id != null) {
      return update(find(kind, id), input);
    }
    FieldPath filter = model.defaultFilter(kind);
    if (filter != null) {
      AttrInput in = input.attributes().get(filter.field());
      Object wanted = in == null || !in.hasValue() ? null : in.value();
      if (wanted != null) {
        NodeRecord match = byAttribute(kind, filter.field(), wanted);
        if (match != null) {
          return update(match, input);
        }
      }
    }
    List<String> hfid = input.hfid();
    if (hfid != null) {
      NodeRecord match = findByHfid(kind, hfid);
      if (match != null) {
        return update(match, input);
      }
    }
    NodeRecord candidate = buildNew(kind, input);
    List<Conflict> conflicts = conflicts(candidate);
    if (!conflicts.isEmpty()) {
      Set<String> others = new HashSet<>();
      boolean onlyHfid = true;
      for (Conflict c : conflicts) {
        others.add(c.otherId());
        onlyHfid &= c.constraint().hfid() || sameAsHfid(c.constraint());
      }
      if (onlyHfid && others.size() == 1) {
        return update(find(kind, others.iterator().next()), input);
      }
      throw conflicts.get(0).error();
    }
    applyNew(candidate);
    commit();
    return new Result(Objects.requireNonNull(branch.get(candidate.id())), Outcome.CREATED);
  }

  private boolean sameAsHfid(Constraint c) {
    Constraint h = model.hfid(c.kind());
    return h != null && h.paths().equals(c.paths());
  }

  /**
   * Deletes a node and detaches it from every peer.
   *
   * @throws InfrahubError when another node requires it through a mandatory relationship
   */
  void delete(NodeRecord node) {
    for (String refId : new ArrayList<>(branch.referrers(node.id()))) {
      NodeRecord ref = get(refId);
      if (ref == null || ref.id().equals(node.id())) {
        continue;
      }
      KindSchema rk = model.kind(ref.kind());
      NodeRecord detached = ref;
      for (RelationshipSchema r : rk.relationships()) {
        List<String> peers = detached.peers(r.name());
        if (!peers.contains(node.id())) {
          continue;
        }
        if (!r.optional() && peers.size() == 1) {
          throw InfrahubError.validation(
              "Cannot delete "
                  + node.kind()
                  + " '"
                  + node.id()
                  + "': "
                  + ref.kind()
                  + " '"
                  + ref.id()
                  + "' requires it through the mandatory"
                  + " relationship '"
                  + r.name()
                  + "'");
        }
        List<String> rest = new ArrayList<>(peers);
        rest.remove(node.id());
        detached = detached.withRelationship(r.name(), rest);
      }
      stage(detached);
    }
    commit();
    branch.remove(node);
  }

  /** Adds peers to (or removes them from) a cardinality-many relationship; commits. */
  NodeRecord editPeers(NodeRecord node, String relName, List<PeerRef> refs, boolean add) {
    KindSchema k = model.kind(node.kind());
    RelationshipSchema r = relationship(k, relName);
    if (r.cardinality() != Cardinality.MANY) {
      throw InfrahubError.validation(
          "relationship '" + relName + "' of " + k.kind() + " has cardinality one");
    }
    List<String> given = resolvePeers(k, r, refs);
    List<String> peers = new ArrayList<>(node.peers(relName));
    for (String p : given) {
      if (add && !peers.contains(p)) {
        peers.add(p);
      } else if (!add) {
        peers.remove(p);
      }
    }
    if (peers.equals(node.peers(relName))) {
      return node;
    }
    if (peers.isEmpty() && !r.optional()) {
      throw InfrahubError.attributeRequired(k.kind(), relName);
    }
    Map<String, List<String>> rels = new LinkedHashMap<>(node.relationships());
    rels.put(relName, peers);
    NodeRecord updated =
        new NodeRecord(
            node.id(),
            node.kind(),
            node.attributes(),
            node.defaulted(),
            rels,
            node.createdAt(),
            now,
            node.createdBy(),
            account);
    stage(updated);
    changed.add(updated.id());
    mirror(updated, r, node.peers(relName), peers);
    commit();
    return Objects.requireNonNull(branch.get(node.id()));
  }

  // ------------------------------------------------------------------ building blocks

  private NodeRecord buildNew(String kind, NodeInput input) {
    KindSchema k = model.kind(kind);
    if (k.generic()) {
      throw InfrahubError.validation("Cannot create a node of generic " + kind);
    }
    String id = input.id();
    if (id == null) {
      id = ids.get();
    } else if (id.isBlank()) {
      throw InfrahubError.validation("The id of a new " + kind + " must not be blank");
    } else if (get(id) != null) {
      throw InfrahubError.uniqueness(kind, List.of("id"), List.of(id));
    }
    Map<String, @Nullable Object> attrs = new LinkedHashMap<>();
    Set<String> defaulted = new HashSet<>();
    for (AttributeSchema a : k.attributes()) {
      AttrInput in = input.attributes().get(a.name());
      if (in != null && in.hasValue() && !in.isDefault()) {
        attrs.put(a.name(), Values.coerce(kind, a, in.value()));
      } else if (a.defaultValue() != null) {
        attrs.put(a.name(), Values.coerce(kind, a, a.defaultValue()));
        defaulted.add(a.name());
      } else {
        attrs.put(a.name(), null);
      }
    }
    for (String name : input.attributes().keySet()) {
      attribute(k, name);
    }
    for (AttributeSchema a : k.attributes()) {
      if (!a.optional() && !a.readOnly() && attrs.get(a.name()) == null) {
        throw InfrahubError.attributeRequired(kind, a.name());
      }
    }
    Map<String, List<String>> rels = new LinkedHashMap<>();
    for (RelationshipSchema r : k.relationships()) {
      boolean given = input.relationships().containsKey(r.name());
      List<String> peers =
          given ? resolvePeers(k, r, input.relationships().get(r.name())) : List.of();
      if (peers.isEmpty() && !r.optional()) {
        throw InfrahubError.attributeRequired(kind, r.name());
      }
      rels.put(r.name(), peers);
    }
    for (String name : input.relationships().keySet()) {
      relationship(k, name);
    }
    return new NodeRecord(id, kind, attrs, defaulted, rels, now, now, account, account);
  }

  private void applyNew(NodeRecord r) {
    stage(r);
    changed.add(r.id());
    for (RelationshipSchema rel : model.kind(r.kind()).relationships()) {
      mirror(r, rel, List.of(), r.peers(rel.name()));
    }
  }

  private List<String> resolvePeers(
      KindSchema k, RelationshipSchema r, @Nullable List<PeerRef> refs) {
    if (refs == null) {
      return List.of();
    }
    if (r.cardinality() == Cardinality.ONE && refs.size() > 1) {
      throw InfrahubError.validation(
          "relationship '"
              + r.name()
              + "' of "
              + k.kind()
              + " has cardinality one; got "
              + refs.size()
              + " peers");
    }
    List<String> out = new ArrayList<>();
    for (PeerRef ref : refs) {
      NodeRecord peer;
      String id = ref.id();
      List<String> hfid = ref.hfid();
      if (id != null) {
        peer = get(id);
        if (peer == null || !model.schema.isA(peer.kind(), r.peer())) {
          throw InfrahubError.nodeNotFound(r.peer(), id);
        }
      } else {
        peer = findByHfid(r.peer(), Objects.requireNonNull(hfid));
        if (peer == null) {
          throw InfrahubError.nodeNotFound(r.peer(), ref.describe());
        }
      }
      if (!out.contains(peer.id())) {
        out.add(peer.id());
      }
    }
    return out;
  }

  /** Keeps the other end of {@code rel} in step after its peers of {@code node} changed. */
  private void mirror(
      NodeRecord node, RelationshipSchema rel, List<String> before, List<String> after) {
    for (String b : before) {
      if (after.contains(b)) {
        continue;
      }
      NodeRecord peer = get(b);
      RelationshipSchema inv = peer == null ? null : model.inverse(node.kind(), rel, peer.kind());
      if (peer != null && inv != null && peer.peers(inv.name()).contains(node.id())) {
        List<String> rest = new ArrayList<>(peer.peers(inv.name()));
        rest.remove(node.id());
        if (rest.isEmpty() && !inv.optional()) {
          throw InfrahubError.validation(
              peer.kind()
                  + " '"
                  + peer.id()
                  + "' would lose its mandatory relationship '"
                  + inv.name()
                  + "'");
        }
        stage(peer.withRelationship(inv.name(), rest));
        changed.add(peer.id());
      }
    }
    for (String b : after) {
      if (before.contains(b)) {
        continue;
      }
      NodeRecord peer = get(b);
      RelationshipSchema inv = peer == null ? null : model.inverse(node.kind(), rel, peer.kind());
      if (peer == null || inv == null || peer.peers(inv.name()).contains(node.id())) {
        continue;
      }
      List<String> current = peer.peers(inv.name());
      if (inv.cardinality() == Cardinality.MANY) {
        List<String> more = new ArrayList<>(current);
        more.add(node.id());
        stage(peer.withRelationship(inv.name(), more));
      } else {
        if (!current.isEmpty() && !current.get(0).equals(node.id())) {
          detach(current.get(0), peer, inv);
        }
        stage(Objects.requireNonNull(get(b)).withRelationship(inv.name(), List.of(node.id())));
      }
      changed.add(peer.id());
    }
  }

  /** Removes {@code peer} from the end of the edge held by {@code previousId}. */
  private void detach(String previousId, NodeRecord peer, RelationshipSchema inv) {
    NodeRecord previous = get(previousId);
    if (previous == null) {
      return;
    }
    RelationshipSchema back = model.inverse(peer.kind(), inv, previous.kind());
    if (back == null) {
      return;
    }
    List<String> rest = new ArrayList<>(previous.peers(back.name()));
    if (rest.remove(peer.id())) {
      if (rest.isEmpty() && !back.optional()) {
        throw InfrahubError.validation(
            previous.kind()
                + " '"
                + previous.id()
                + "' would lose its mandatory relationship '"
                + back.name()
                + "'");
      }
      stage(previous.withRelationship(back.name(), rest));
      changed.add(previous.id());
    }
  }

  private AttributeSchema attribute(KindSchema k, String name) {
    AttributeSchema a =
        k.attribute(name)
            .orElseThrow(
                () -> InfrahubError.validation(k.kind() + " has no attribute '" + name + "'"));
    if (a.readOnly()) {
      throw InfrahubError.validation(k.kind() + "." + name + " is read-only");
    }
    return a;
  }

  private static RelationshipSchema relationship(KindSchema k, String name) {
    return k.relationship(name)
        .orElseThrow(
            () -> InfrahubError.validation(k.kind() + " has no relationship '" + name + "'"));
  }

  // ------------------------------------------------------------------ uniqueness

  /** A uniqueness conflict of a staged node with another node. */
  record Conflict(String kind, Constraint constraint, List<String> values, String otherId) {
    InfrahubError error() {
      return InfrahubError.uniqueness(kind, constraint.fields(), values);
    }
  }

  private List<Conflict> conflicts(NodeRecord r) {
    List<Conflict> out = new ArrayList<>();
    for (Constraint c : model.constraints(r.kind())) {
      List<String> tuple = branch.tuple(c, r);
      if (tuple == null) {
        continue;
      }
      String other = branch.lookup(c, tuple);
      if (other == null || other.equals(r.id())) {
        continue;
      }
      NodeRecord stagedOther = staged.get(other);
      if (stagedOther != null && !tuple.equals(branch.tuple(c, stagedOther))) {
        continue;
      }
      out.add(new Conflict(r.kind(), c, displayValues(c, r), other));
    }
    return out;
  }

  private List<String> displayValues(Constraint c, NodeRecord r) {
    List<String> out = new ArrayList<>();
    for (FieldPath p : c.paths()) {
      Object v = branch.value(p, r);
      out.add(v == null ? "" : Values.canonical(v));
    }
    return out;
  }

  /** Checks every peer changed by mirroring, then stores all staged records. */
  private void commit() {
    for (String id : changed) {
      NodeRecord r = staged.get(id);
      if (r != null) {
        List<Conflict> conflicts = conflicts(r);
        if (!conflicts.isEmpty()) {
          throw conflicts.get(0).error();
        }
      }
    }
    for (NodeRecord r : staged.values()) {
      branch.put(r);
    }
    staged.clear();
    changed.clear();
  }

  private @Nullable NodeRecord byAttribute(String kind, String attr, Object value) {
    for (String concrete : model.schema.concreteKinds(kind)) {
      Constraint unique = null;
      for (Constraint c : model.constraints(concrete)) {
        if (c.paths().size() == 1
            && c.paths().get(0).isAttribute()
            && c.paths().get(0).field().equals(attr)) {
          unique = c;
        }
      }
      if (unique != null) {
        String id = branch.lookup(unique, List.of(Values.canonical(value)));
        if (id != null) {
          return get(id);
        }
        continue;
      }
      for (NodeRecord n : branch.ofKind(concrete)) {
        if (Values.matches(n.attribute(attr), value, false)) {
          return n;
        }
      }
    }
    return null;
  }
}
