package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Resolves inheritance between generics and nodes and checks every reference in a schema. */
final class SchemaResolver {
  private static final System.Logger LOG = System.getLogger(InfrahubSchema.class.getName());

  private SchemaResolver() {}

  /**
   * @param lenient drop relationships to unknown peers and ignore unknown generics (logged) instead
   *     of failing, as for {@code /api/schema} documents restricted to some namespaces
   */
  static Map<String, KindSchema> resolve(Map<String, KindSchema> input, boolean lenient) {
    Map<String, Set<String>> usedBy = new LinkedHashMap<>();
    Map<String, Set<String>> inherits = new LinkedHashMap<>();
    for (KindSchema k : input.values()) {
      InfrahubSchema.splitKind(k.kind());
      if (k.generic()) {
        usedBy.computeIfAbsent(k.kind(), x -> new LinkedHashSet<>());
        for (String user : k.usedBy()) {
          KindSchema u = input.get(user);
          if (u == null || u.generic()) {
            unresolved(
                lenient, "generic " + k.kind() + " lists unknown node '" + user + "' in used_by");
            continue;
          }
          Objects.requireNonNull(usedBy.get(k.kind())).add(user);
          inherits.computeIfAbsent(user, x -> new LinkedHashSet<>()).add(k.kind());
        }
      }
    }
    for (KindSchema k : input.values()) {
      if (k.generic()) {
        if (!k.inheritFrom().isEmpty()) {
          throw new IllegalArgumentException(
              "generic " + k.kind() + " cannot inherit from " + k.inheritFrom());
        }
        continue;
      }
      Set<String> mine = inherits.computeIfAbsent(k.kind(), x -> new LinkedHashSet<>());
      for (String g : k.inheritFrom()) {
        KindSchema gen = input.get(g);
        if (gen == null || !gen.generic()) {
          unresolved(lenient, k.kind() + " inherits from unknown generic '" + g + "'");
          continue;
        }
        mine.add(g);
        Objects.requireNonNull(usedBy.get(g)).add(k.kind());
      }
    }

    Map<String, KindSchema> merged = new LinkedHashMap<>();
    for (KindSchema k : input.values()) {
      KindSchema withPeers = dropDanglingPeers(k, input, lenient);
      if (withPeers.generic()) {
        merged.put(
            k.kind(),
            copy(
                withPeers,
                withPeers.attributes(),
                withPeers.relationships(),
                withPeers.inheritFrom(),
                List.copyOf(Objects.requireNonNull(usedBy.get(k.kind()))),
                withPeers.humanFriendlyId(),
                withPeers.uniquenessConstraints(),
                withPeers.displayLabels(),
                withPeers.defaultFilter(),
                withPeers.orderBy()));
      } else {
        merged.put(
            k.kind(),
            inherit(withPeers, inherits.getOrDefault(k.kind(), Set.of()), input, lenient));
      }
    }
    for (KindSchema k : merged.values()) {
      checkPaths(k, merged);
    }
    return merged;
  }

  private static KindSchema inherit(
      KindSchema node, Set<String> generics, Map<String, KindSchema> input, boolean lenient) {
    Map<String, AttributeSchema> attrs = new LinkedHashMap<>();
    Map<String, RelationshipSchema> rels = new LinkedHashMap<>();
    node.attributes().forEach(a -> attrs.put(a.name(), a));
    node.relationships().forEach(r -> rels.put(r.name(), r));
    var hfid = node.humanFriendlyId();
    var uniqueness = node.uniquenessConstraints();
    var labels = node.displayLabels();
    var filter = node.defaultFilter();
    var order = node.orderBy();
    for (String g : generics) {
      KindSchema gen = dropDanglingPeers(Objects.requireNonNull(input.get(g)), input, lenient);
      for (AttributeSchema a : gen.attributes()) {
        AttributeSchema own = attrs.get(a.name());
        if (own == null) {
          if (rels.containsKey(a.name())) {
            throw conflict(node, gen, a.name());
          }
          attrs.put(a.name(), a.asInherited());
        } else if (own.type() != a.type()) {
          throw conflict(node, gen, a.name());
        }
      }
      for (RelationshipSchema r : gen.relationships()) {
        RelationshipSchema own = rels.get(r.name());
        if (own == null) {
          if (attrs.containsKey(r.name())) {
            throw conflict(node, gen, r.name());
          }
          rels.put(r.name(), r.asInherited());
        } else if (!own.peer().equals(r.peer()) || own.cardinality() != r.cardinality()) {
          throw conflict(node, gen, r.name());
        }
      }
      hfid = hfid == null ? gen.humanFriendlyId() : hfid;
      uniqueness = uniqueness.isEmpty() ? gen.uniquenessConstraints() : uniqueness;
      labels = labels.isEmpty() ? gen.displayLabels() : labels;
      filter = filter == null ? gen.defaultFilter() : filter;
      order = order.isEmpty() ? gen.orderBy() : order;
    }
    // Unknown generics (dropped in lenient mode) are not kept: the result must build strictly.
    List<String> inheritFrom = new ArrayList<>();
    node.inheritFrom().stream().filter(generics::contains).forEach(inheritFrom::add);
    generics.stream().filter(g -> !inheritFrom.contains(g)).forEach(inheritFrom::add);
    return copy(
        node,
        new ArrayList<>(attrs.values()),
        new ArrayList<>(rels.values()),
        inheritFrom,
        node.usedBy(),
        hfid,
        uniqueness,
        labels,
        filter,
        order);
  }

  private static IllegalArgumentException conflict(KindSchema node, KindSchema gen, String field) {
    return new IllegalArgumentException(
        node.kind()
            + " field '"
            + field
            + "' conflicts with the field of the same name in generic "
            + gen.kind());
  }

  private static KindSchema dropDanglingPeers(
      KindSchema k, Map<String, KindSchema> input, boolean lenient) {
    List<RelationshipSchema> kept = new ArrayList<>();
    for (RelationshipSchema r : k.relationships()) {
      if (input.containsKey(r.peer())) {
        kept.add(r);
      } else if (lenient) {
        LOG.log(
            Level.WARNING,
            "Infrahub schema: dropping relationship {0}.{1}: peer {2} is not in the schema",
            k.kind(),
            r.name(),
            r.peer());
      } else {
        throw new IllegalArgumentException(
            k.kind() + " relationship '" + r.name() + "' has unknown peer '" + r.peer() + "'");
      }
    }
    if (kept.size() == k.relationships().size()) {
      return k;
    }
    return copy(
        k,
        k.attributes(),
        kept,
        k.inheritFrom(),
        k.usedBy(),
        k.humanFriendlyId(),
        k.uniquenessConstraints(),
        k.displayLabels(),
        k.defaultFilter(),
        k.orderBy());
  }

  private static void checkPaths(KindSchema k, Map<String, KindSchema> all) {
    List<String> hfid = k.humanFriendlyId();
    if (hfid != null) {
      if (hfid.isEmpty()) {
        throw new IllegalArgumentException(k.kind() + " human_friendly_id is an empty list");
      }
      for (String p : hfid) {
        FieldPath fp = FieldPath.parse(p, k, all, "human_friendly_id");
        if (!fp.property().equals("value")) {
          throw new IllegalArgumentException(
              k.kind() + " human_friendly_id path '" + p + "' must end in __value");
        }
      }
    }
    for (List<String> c : k.uniquenessConstraints()) {
      if (c.isEmpty()) {
        throw new IllegalArgumentException(k.kind() + " has an empty uniqueness constraint");
      }
      for (String p : c) {
        FieldPath fp = FieldPath.parse(p, k, all, "uniqueness_constraints");
        if (fp.isAttribute() && !fp.property().equals("value")) {
          throw new IllegalArgumentException(
              k.kind() + " uniqueness_constraints path '" + p + "' must end in __value");
        }
      }
    }
    for (String p : k.displayLabels()) {
      FieldPath.parse(p, k, all, "display_labels");
    }
    String filter = k.defaultFilter();
    if (filter != null) {
      FieldPath fp = FieldPath.parse(filter, k, all, "default_filter");
      if (!fp.isAttribute() || !fp.property().equals("value")) {
        throw new IllegalArgumentException(
            k.kind() + " default_filter '" + filter + "' must be attr__value");
      }
    }
    for (String p : k.orderBy()) {
      FieldPath.parse(p, k, all, "order_by");
    }
  }

  private static void unresolved(boolean lenient, String message) {
    if (!lenient) {
      throw new IllegalArgumentException(message);
    }
    LOG.log(Level.WARNING, "Infrahub schema: {0}; ignored", message);
  }

  private static KindSchema copy(
      KindSchema k,
      List<AttributeSchema> attributes,
      List<RelationshipSchema> relationships,
      List<String> inheritFrom,
      List<String> usedBy,
      @Nullable List<String> hfid,
      List<List<String>> uniqueness,
      List<String> labels,
      @Nullable String filter,
      List<String> order) {
    return new KindSchema(
        k.namespace(),
        k.name(),
        k.generic(),
        k.label(),
        k.description(),
        attributes,
        relationships,
        inheritFrom,
        usedBy,
        hfid,
        uniqueness,
        labels,
        filter,
        order);
  }
}
