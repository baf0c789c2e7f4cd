package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.Cardinality;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fields a create, update or upsert sends: only the attributes and relationships present in the
 * input are set.
 *
 * @param id the node id (create: client-chosen; update: the node to change)
 * @param hfid the human friendly id locating the node
 * @param attributes attribute inputs by name
 * @param relationships peer references by relationship name; a null list clears a cardinality-one
 *     relationship
 */
record NodeInput(
    @Nullable String id,
    @Nullable List<String> hfid,
    Map<String, AttrInput> attributes,
    Map<String, @Nullable List<PeerRef>> relationships) {

  /**
   * One attribute input.
   *
   * @param hasValue whether {@code value} was sent
   * @param isDefault reset the attribute to its default
   */
  record AttrInput(boolean hasValue, @Nullable Object value, boolean isDefault) {}

  /** A peer reference: {@code {id}} or {@code {hfid: [...]}}. */
  record PeerRef(@Nullable String id, @Nullable List<String> hfid) {
    String describe() {
      List<String> h = hfid;
      return id != null ? id : h == null ? "?" : String.join("__", h);
    }
  }

  /** Reads a GraphQL {@code data} argument (only fields that were sent are present). */
  static NodeInput fromGraphql(KindSchema kind, Map<String, Object> data) {
    Map<String, AttrInput> attrs = new LinkedHashMap<>();
    Map<String, @Nullable List<PeerRef>> rels = new LinkedHashMap<>();
    for (var e : data.entrySet()) {
      String name = e.getKey();
      Object v = e.getValue();
      if (name.equals("id") || name.equals("hfid")) {
        continue;
      }
      if (kind.attribute(name).isPresent()) {
        Map<String, @Nullable Object> m = Json.object(v, name);
        attrs.put(
            name,
            new AttrInput(
                m.containsKey("value"), m.get("value"), Boolean.TRUE.equals(m.get("is_default"))));
      } else {
        RelationshipSchema r = kind.relationship(name).orElseThrow();
        rels.put(name, peers(r, v));
      }
    }
    return new NodeInput(stringOrNull(data.get("id")), strings(data.get("hfid")), attrs, rels);
  }

  private static @Nullable List<PeerRef> peers(RelationshipSchema r, @Nullable Object v) {
    if (v == null) {
      return r.cardinality() == Cardinality.ONE ? null : List.of();
    }
    List<PeerRef> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object o : list) {
        out.add(peer(r, o));
      }
    } else {
      out.add(peer(r, v));
    }
    return out;
  }

  private static PeerRef peer(RelationshipSchema r, @Nullable Object o) {
    Map<String, @Nullable Object> m = Json.object(o, "relationship " + r.name());
    String id = stringOrNull(m.get("id"));
    List<String> hfid = strings(m.get("hfid"));
    if (id == null && hfid == null) {
      throw InfrahubError.validation(
          "relationship '" + r.name() + "': a peer needs an id or an hfid");
    }
    return new PeerRef(id, hfid);
  }

  /**
   * Reads the plain map of the Java seeding API: attribute name → value, relationship name → peer
   * id (cardinality one; null clears) or a collection of peer ids; key {@code id} sets the id.
   */
  static NodeInput fromValues(KindSchema kind, Map<String, ?> values) {
    Map<String, AttrInput> attrs = new LinkedHashMap<>();
    Map<String, @Nullable List<PeerRef>> rels = new LinkedHashMap<>();
    String id = null;
    for (var e : values.entrySet()) {
      String name = e.getKey();
      Object v = e.getValue();
      if (name.equals("id")) {
        id = Json.string(v, kind.kind() + ".id");
        continue;
      }
      AttributeSchema a = kind.attribute(name).orElse(null);
      if (a != null) {
        if (a.readOnly()) {
          throw new IllegalArgumentException(kind.kind() + "." + name + " is read-only");
        }
        attrs.put(name, new AttrInput(true, v, false));
        continue;
      }
      RelationshipSchema r =
          kind.relationship(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          kind.kind() + " has no attribute or relationship '" + name + "'"));
      if (v == null) {
        rels.put(name, r.cardinality() == Cardinality.ONE ? null : List.of());
      } else if (v instanceof Collection<?> c) {
        if (r.cardinality() == Cardinality.ONE) {
          throw new IllegalArgumentException(
              kind.kind() + "." + name + " has cardinality one: give one peer id, not a list");
        }
        List<PeerRef> refs = new ArrayList<>();
        for (Object o : c) {
          refs.add(new PeerRef(Json.string(o, kind.kind() + "." + name + "[]"), null));
        }
        rels.put(name, refs);
      } else {
        rels.put(name, List.of(new PeerRef(Json.string(v, kind.kind() + "." + name), null)));
      }
    }
    return new NodeInput(id, null, attrs, rels);
  }

  private static @Nullable String stringOrNull(@Nullable Object o) {
    return o == null ? null : o.toString();
  }

  private static @Nullable List<String> strings(@Nullable Object o) {
    if (o == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Object x : Json.array(o, "hfid")) {
      out.add(String.valueOf(x));
    }
    return out;
  }
}
