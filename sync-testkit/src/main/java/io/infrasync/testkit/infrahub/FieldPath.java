package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.Cardinality;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A schema path such as {@code name__value}, {@code device} or {@code device__name__value}, as used
 * by human friendly ids, uniqueness constraints, display labels, default filters and order_by.
 *
 * @param raw the path as written
 * @param field the attribute or relationship name
 * @param peerAttribute for {@code rel__attr__value}, the peer attribute
 * @param property for attribute paths, {@code value} or an IP property ({@code version}, {@code
 *     binary_address}, {@code prefixlen})
 */
record FieldPath(String raw, String field, @Nullable String peerAttribute, String property) {

  private static final Set<String> ATTRIBUTE_PROPERTIES =
      Set.of("value", "version", "binary_address", "prefixlen");

  boolean isAttribute() {
    return peerAttribute == null && !property.isEmpty();
  }

  boolean isRelationship() {
    return peerAttribute == null && property.isEmpty();
  }

  /**
   * Parses and checks a path against a kind.
   *
   * @throws IllegalArgumentException when the path names no field of the kind
   */
  static FieldPath parse(String raw, KindSchema kind, Map<String, KindSchema> all, String usage) {
    String[] parts = raw.split("__", -1);
    String where = kind.kind() + " " + usage + " path '" + raw + "'";
    if (parts.length == 1) {
      RelationshipSchema r = oneRelationship(kind, parts[0], where);
      return new FieldPath(raw, r.name(), null, "");
    }
    if (parts.length == 2) {
      AttributeSchema a =
          kind.attribute(parts[0])
              .orElseThrow(
                  () -> new IllegalArgumentException(where + ": no attribute '" + parts[0] + "'"));
      if (!ATTRIBUTE_PROPERTIES.contains(parts[1])) {
        throw new IllegalArgumentException(
            where + ": unsupported property '" + parts[1] + "' (expected value)");
      }
      if (!parts[1].equals("value")
          && a.type() != AttrType.IPHOST
          && a.type() != AttrType.IPNETWORK) {
        throw new IllegalArgumentException(
            where + ": property '" + parts[1] + "' exists only on IPHost and IPNetwork attributes");
      }
      return new FieldPath(raw, a.name(), null, parts[1]);
    }
    if (parts.length == 3 && parts[2].equals("value")) {
      RelationshipSchema r = oneRelationship(kind, parts[0], where);
      KindSchema peer = all.get(r.peer());
      if (peer == null || peer.attribute(parts[1]).isEmpty()) {
        throw new IllegalArgumentException(
            where + ": peer " + r.peer() + " has no attribute '" + parts[1] + "'");
      }
      return new FieldPath(raw, r.name(), parts[1], "value");
    }
    throw new IllegalArgumentException(
        where + ": expected attr__value, relationship or relationship__attr__value");
  }

  private static RelationshipSchema oneRelationship(KindSchema kind, String name, String where) {
    RelationshipSchema r =
        kind.relationship(name)
            .orElseThrow(
                () -> new IllegalArgumentException(where + ": no relationship '" + name + "'"));
    if (r.cardinality() != Cardinality.ONE) {
      throw new IllegalArgumentException(
          where + ": relationship '" + name + "' has cardinality many");
    }
    return r;
  }
}
