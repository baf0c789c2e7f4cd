package io.infrasync.testkit.infrahub;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One stored node: every attribute of its kind (null when empty), the attributes holding their
 * default, every relationship's peer ids (one: zero or one id), and metadata stamps.
 */
record NodeRecord(
    String id,
    String kind,
    Map<String, @Nullable Object> attributes,
    Set<String> defaulted,
    Map<String, List<String>> relationships,
    Instant createdAt,
    Instant updatedAt,
    @Nullable String createdBy,
    @Nullable String updatedBy) {

  NodeRecord {
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    defaulted = Set.copyOf(defaulted);
    Map<String, List<String>> rels = new LinkedHashMap<>();
    relationships.forEach((k, v) -> rels.put(k, List.copyOf(v)));
    relationships = Collections.unmodifiableMap(rels);
  }

  @Nullable Object attribute(String name) {
    return attributes.get(name);
  }

  List<String> peers(String relationship) {
    return relationships.getOrDefault(relationship, List.of());
  }

  NodeRecord withRelationship(String name, List<String> peers) {
    Map<String, List<String>> rels = new LinkedHashMap<>(relationships);
    rels.put(name, peers);
    return new NodeRecord(
        id, kind, attributes, defaulted, rels, createdAt, updatedAt, createdBy, updatedBy);
  }
}
