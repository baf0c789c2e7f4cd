package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The schema prepared for execution: parsed paths, constraints and inverse relationships. */
final class Model {

  /**
   * A set of paths whose values must be unique together among the nodes of {@code kind}.
   *
   * @param dependsOn kinds whose attribute values feed a {@code rel__attr__value} path
   * @param hfid whether this is the kind's human friendly id
   */
  record Constraint(String kind, List<FieldPath> paths, Set<String> dependsOn, boolean hfid) {
    List<String> fields() {
      List<String> out = new ArrayList<>();
      for (FieldPath p : paths) {
        out.add(p.field());
      }
      return out;
    }
  }

  final InfrahubSchema schema;
  private final Map<String, List<Constraint>> constraints = new HashMap<>();
  private final Map<String, Constraint> hfids = new HashMap<>();
  private final Map<String, List<FieldPath>> displayLabels = new HashMap<>();
  private final Map<String, List<FieldPath>> orderBy = new HashMap<>();
  private final Map<String, FieldPath> defaultFilters = new HashMap<>();
  private final Map<String, List<RelationshipSchema>> byIdentifier = new HashMap<>();

  Model(InfrahubSchema schema) {
    this.schema = schema;
    Map<String, KindSchema> all = schema.kindMap();
    for (KindSchema k : all.values()) {
      List<String> hfid = k.humanFriendlyId();
      if (hfid != null) {
        hfids.put(k.kind(), constraint(k, hfid, all, true));
      }
      displayLabels.put(k.kind(), paths(k, k.displayLabels(), all, "display_labels"));
      orderBy.put(k.kind(), paths(k, k.orderBy(), all, "order_by"));
      String filter = k.defaultFilter();
      if (filter != null) {
        defaultFilters.put(k.kind(), FieldPath.parse(filter, k, all, "default_filter"));
      }
      if (k.generic()) {
        continue;
      }
      List<Constraint> list = new ArrayList<>();
      for (AttributeSchema a : k.attributes()) {
        if (a.unique()) {
          list.add(constraint(k, List.of(a.name() + "__value"), all, false));
        }
      }
      for (List<String> group : k.uniquenessConstraints()) {
        list.add(constraint(k, group, all, false));
      }
      Constraint h = hfids.get(k.kind());
      if (h != null) {
        list.add(h);
      }
      constraints.put(k.kind(), List.copyOf(list));
      for (RelationshipSchema r : k.relationships()) {
        byIdentifier
            .computeIfAbsent(k.kind() + "|" + r.identifier(), x -> new ArrayList<>())
            .add(r);
      }
    }
  }

  private Constraint constraint(
      KindSchema k, List<String> raw, Map<String, KindSchema> all, boolean hfid) {
    List<FieldPath> parsed = paths(k, raw, all, hfid ? "human_friendly_id" : "uniqueness");
    Set<String> depends = new LinkedHashSet<>();
    for (FieldPath p : parsed) {
      if (p.peerAttribute() != null) {
        RelationshipSchema r = k.relationship(p.field()).orElseThrow();
        depends.addAll(schema.concreteKinds(r.peer()));
      }
    }
    return new Constraint(k.kind(), parsed, depends, hfid);
  }

  private static List<FieldPath> paths(
      KindSchema k, List<String> raw, Map<String, KindSchema> all, String usage) {
    List<FieldPath> out = new ArrayList<>();
    for (String p : raw) {
      out.add(FieldPath.parse(p, k, all, usage));
    }
    return List.copyOf(out);
  }

  KindSchema kind(String kind) {
    return schema.require(kind);
  }

  /** Unique attributes, uniqueness constraints and the human friendly id of a node kind. */
  List<Constraint> constraints(String kind) {
    return constraints.getOrDefault(kind, List.of());
  }

  @Nullable Constraint hfid(String kind) {
    return hfids.get(kind);
  }

  List<FieldPath> displayLabels(String kind) {
    return displayLabels.getOrDefault(kind, List.of());
  }

  List<FieldPath> orderBy(String kind) {
    return orderBy.getOrDefault(kind, List.of());
  }

  @Nullable FieldPath defaultFilter(String kind) {
    return defaultFilters.get(kind);
  }

  /**
   * The other end of relationship {@code rel} of {@code kind} on a peer of concrete kind {@code
   * peerKind}: the peer's relationship with the same identifier. When the peer kind has two (a
   * parent/children pair on one kind), the one with another name; a relationship that is its own
   * only match is symmetric.
   */
  @Nullable RelationshipSchema inverse(String kind, RelationshipSchema rel, String peerKind) {
    List<RelationshipSchema> candidates =
        byIdentifier.getOrDefault(peerKind + "|" + rel.identifier(), List.of());
    RelationshipSchema fallback = null;
    for (RelationshipSchema c : candidates) {
      boolean sameEnd =
          c.name().equals(rel.name())
              && schema.isA(peerKind, rel.peer())
              && schema.isA(kind, c.peer())
              && kind.equals(peerKind);
      if (!sameEnd && schema.isA(kind, c.peer())) {
        return c;
      }
      if (sameEnd) {
        fallback = c;
      }
    }
    return candidates.size() == 1 ? fallback : null;
  }
}
