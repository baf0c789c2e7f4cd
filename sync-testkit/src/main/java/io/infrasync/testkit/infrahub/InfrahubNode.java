package io.infrasync.testkit.infrahub;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one node stored by an {@link InfrahubServer}, for assertions.
 *
 * @param id the node id
 * @param kind the node's kind
 * @param hfid the human friendly id, or null when the kind has none (or a part is empty)
 * @param displayLabel the display label
 * @param attributes every attribute of the kind; empty attributes map to null
 * @param relationships every relationship of the kind to its peer ids (cardinality one: zero or one
 *     id)
 * @param createdAt when the node was created (server clock)
 * @param updatedAt when the node last changed (server clock); equals {@code createdAt} until then
 */
public record InfrahubNode(
    String id,
    String kind,
    @Nullable List<String> hfid,
    String displayLabel,
    Map<String, @Nullable Object> attributes,
    Map<String, List<String>> relationships,
    Instant createdAt,
    Instant updatedAt) {

  /** Copies the collections. */
  public InfrahubNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    hfid = hfid == null ? null : List.copyOf(hfid);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    Map<String, List<String>> rels = new LinkedHashMap<>();
    relationships.forEach((k, v) -> rels.put(k, List.copyOf(v)));
    relationships = Collections.unmodifiableMap(rels);
  }

  /**
   * The value of an attribute (numbers as {@code Long}).
   *
   * @throws IllegalArgumentException when the kind has no such attribute
   */
  public @Nullable Object attribute(String name) {
    if (!attributes.containsKey(name)) {
      throw new IllegalArgumentException(kind + " has no attribute '" + name + "'");
    }
    return attributes.get(name);
  }

  /**
   * The peer id of a cardinality-one relationship, or null when unset.
   *
   * @throws IllegalArgumentException when the kind has no such relationship
   */
  public @Nullable String peer(String relationship) {
    List<String> p = peers(relationship);
    return p.isEmpty() ? null : p.get(0);
  }

  /**
   * The peer ids of a relationship.
   *
   * @throws IllegalArgumentException when the kind has no such relationship
   */
  public List<String> peers(String relationship) {
    List<String> p = relationships.get(relationship);
    if (p == null) {
      throw new IllegalArgumentException(kind + " has no relationship '" + relationship + "'");
    }
    return p;
  }
}
