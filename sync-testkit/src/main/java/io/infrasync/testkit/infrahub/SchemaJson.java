package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.Cardinality;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Reads and writes the {@code /api/schema} JSON shape. */
final class SchemaJson {
  private SchemaJson() {}

  static InfrahubSchema parse(String json) {
    Map<String, @Nullable Object> root = Json.object(Json.parse(json), "schema document");
    InfrahubSchema.Builder builder = InfrahubSchema.builder().lenient();
    Map<String, String> seen = new LinkedHashMap<>();
    for (String section : List.of("nodes", "generics")) {
      Object entries = root.get(section);
      if (entries == null) {
        continue;
      }
      List<@Nullable Object> list = Json.array(entries, section);
      for (int i = 0; i < list.size(); i++) {
        String where = section + "[" + i + "]";
        KindSchema k =
            parseKind(Json.object(list.get(i), where), section.equals("generics"), where);
        String previous = seen.putIfAbsent(k.kind(), where);
        if (previous != null) {
          throw new IllegalArgumentException(
              "duplicate kind " + k.kind() + " in " + previous + " and " + where);
        }
        builder.add(k);
      }
    }
    return builder.build();
  }

  private static KindSchema parseKind(
      Map<String, @Nullable Object> e, boolean generic, String where) {
    String namespace = Json.string(e.get("namespace"), where + ".namespace");
    String name = Json.string(e.get("name"), where + ".name");
    Object kindValue = e.get("kind");
    if (kindValue != null && !Json.string(kindValue, where + ".kind").equals(namespace + name)) {
      throw new IllegalArgumentException(
          where + ": kind '" + kindValue + "' is not namespace + name '" + namespace + name + "'");
    }
    String kind = namespace + name;
    where = where + " (" + kind + ")";
    List<AttributeSchema> attributes = new ArrayList<>();
    List<@Nullable Object> attrs =
        e.get("attributes") == null
            ? List.of()
            : Json.array(e.get("attributes"), where + ".attributes");
    for (int i = 0; i < attrs.size(); i++) {
      attributes.add(
          parseAttribute(
              Json.object(attrs.get(i), where + ".attributes[" + i + "]"),
              where + ".attributes[" + i + "]"));
    }
    List<RelationshipSchema> relationships = new ArrayList<>();
    List<@Nullable Object> rels =
        e.get("relationships") == null
            ? List.of()
            : Json.array(e.get("relationships"), where + ".relationships");
    for (int i = 0; i < rels.size(); i++) {
      relationships.add(
          parseRelationship(
              kind,
              Json.object(rels.get(i), where + ".relationships[" + i + "]"),
              where + ".relationships[" + i + "]"));
    }
    List<List<String>> uniqueness = new ArrayList<>();
    Object uc = e.get("uniqueness_constraints");
    if (uc != null) {
      for (Object group : Json.array(uc, where + ".uniqueness_constraints")) {
        uniqueness.add(strings(group, where + ".uniqueness_constraints"));
      }
    }
    Object hfid = e.get("human_friendly_id");
    try {
      return new KindSchema(
          namespace,
          name,
          generic,
          Json.optString(e.get("label"), where + ".label"),
          Json.optString(e.get("description"), where + ".description"),
          attributes,
          relationships,
          strings(e.get("inherit_from"), where + ".inherit_from"),
          strings(e.get("used_by"), where + ".used_by"),
          hfid == null ? null : strings(hfid, where + ".human_friendly_id"),
          uniqueness,
          strings(e.get("display_labels"), where + ".display_labels"),
          Json.optString(e.get("default_filter"), where + ".default_filter"),
          strings(e.get("order_by"), where + ".order_by"));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
    }
  }

  private static AttributeSchema parseAttribute(Map<String, @Nullable Object> a, String where) {
    List<String> choices = new ArrayList<>();
    Object rawChoices = a.get("choices");
    if (rawChoices != null) {
      for (Object c : Json.array(rawChoices, where + ".choices")) {
        choices.add(
            c instanceof Map<?, ?> m
                ? Json.string(m.get("name"), where + ".choices[].name")
                : Json.string(c, where + ".choices[]"));
      }
    }
    Object rawEnum = a.get("enum");
    if (rawEnum != null) {
      for (Object c : Json.array(rawEnum, where + ".enum")) {
        choices.add(String.valueOf(c));
      }
    }
    try {
      return new AttributeSchema(
          Json.string(a.get("name"), where + ".name"),
          Json.string(a.get("kind"), where + ".kind"),
          Json.bool(a.get("optional"), false, where + ".optional"),
          Json.bool(a.get("unique"), false, where + ".unique"),
          Json.bool(a.get("read_only"), false, where + ".read_only"),
          a.get("default_value"),
          choices,
          Json.optString(a.get("regex"), where + ".regex"),
          Json.optInt(a.get("min_length"), where + ".min_length"),
          Json.optInt(a.get("max_length"), where + ".max_length"),
          Json.bool(a.get("inherited"), false, where + ".inherited"));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
    }
  }

  private static RelationshipSchema parseRelationship(
      String kind, Map<String, @Nullable Object> r, String where) {
    String peer = Json.string(r.get("peer"), where + ".peer");
    String cardinality = a(r.get("cardinality"), "many", where + ".cardinality");
    Cardinality card =
        switch (cardinality) {
          case "one" -> Cardinality.ONE;
          case "many" -> Cardinality.MANY;
          default ->
              throw new IllegalArgumentException(
                  where + ".cardinality: expected one or many, got '" + cardinality + "'");
        };
    try {
      return new RelationshipSchema(
          Json.string(r.get("name"), where + ".name"),
          peer,
          card,
          a(
              r.get("identifier"),
              InfrahubSchema.defaultIdentifier(kind, peer),
              where + ".identifier"),
          Json.bool(r.get("optional"), true, where + ".optional"),
          a(r.get("kind"), "Generic", where + ".kind"),
          Json.bool(r.get("inherited"), false, where + ".inherited"));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
    }
  }

  private static String a(@Nullable Object value, String fallback, String where) {
    String s = Json.optString(value, where);
    return s == null ? fallback : s;
  }

  private static List<String> strings(@Nullable Object value, String where) {
    if (value == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : Json.array(value, where)) {
      out.add(Json.string(o, where + "[]"));
    }
    return out;
  }

  // ---------------------------------------------------------------- writing

  /** The body of {@code GET /api/schema}. */
  static String write(InfrahubSchema schema) {
    return Json.write(document(schema));
  }

  static Map<String, @Nullable Object> document(InfrahubSchema schema) {
    List<Object> nodes = new ArrayList<>();
    List<Object> generics = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    for (KindSchema k : schema.kindMap().values()) {
      Map<String, @Nullable Object> entry = kindEntry(k);
      all.append(entry.get("hash"));
      (k.generic() ? generics : nodes).add(entry);
    }
    TreeSet<String> namespaces = new TreeSet<>();
    schema.kindMap().values().forEach(k -> namespaces.add(k.namespace()));
    List<Object> ns = new ArrayList<>();
    for (String n : namespaces) {
      ns.add(ordered("name", n, "user_editable", true));
    }
    Map<String, @Nullable Object> doc = new LinkedHashMap<>();
    doc.put("main", md5(all.toString()));
    doc.put("nodes", nodes);
    doc.put("generics", generics);
    doc.put("profiles", List.of());
    doc.put("templates", List.of());
    doc.put("namespaces", ns);
    return doc;
  }

  /** One node or generic entry with its {@code kind} and {@code hash}. */
  static Map<String, @Nullable Object> kindEntry(KindSchema k) {
    Map<String, @Nullable Object> e = new LinkedHashMap<>();
    e.put("id", uuid("schema:" + k.kind()));
    e.put("state", "present");
    e.put("name", k.name());
    e.put("namespace", k.namespace());
    e.put("description", k.description());
    e.put("label", k.label());
    e.put("branch", "aware");
    e.put("default_filter", k.defaultFilter());
    e.put("human_friendly_id", k.humanFriendlyId());
    e.put("display_labels", k.displayLabels());
    e.put("include_in_menu", false);
    e.put("menu_placement", null);
    e.put("icon", null);
    e.put("order_by", k.orderBy().isEmpty() ? null : k.orderBy());
    e.put(
        "uniqueness_constraints",
        k.uniquenessConstraints().isEmpty() ? null : k.uniquenessConstraints());
    e.put("documentation", null);
    List<Object> attrs = new ArrayList<>();
    int weight = 1000;
    for (AttributeSchema a : k.attributes()) {
      attrs.add(attributeEntry(k, a, weight));
      weight += 1000;
    }
    e.put("attributes", attrs);
    List<Object> rels = new ArrayList<>();
    for (RelationshipSchema r : k.relationships()) {
      rels.add(relationshipEntry(k, r, weight));
      weight += 1000;
    }
    e.put("relationships", rels);
    if (k.generic()) {
      e.put("used_by", k.usedBy());
    } else {
      e.put("inherit_from", k.inheritFrom());
      e.put("generate_profile", false);
      e.put("generate_template", false);
      e.put("hierarchy", null);
      e.put("parent", null);
      e.put("children", null);
    }
    e.put("kind", k.kind());
    e.put("hash", md5(Json.write(e)));
    return e;
  }

  private static Map<String, @Nullable Object> attributeEntry(
      KindSchema k, AttributeSchema a, int weight) {
    Map<String, @Nullable Object> e = new LinkedHashMap<>();
    e.put("id", uuid("attribute:" + k.kind() + "." + a.name()));
    e.put("state", "present");
    e.put("name", a.name());
    e.put("kind", a.kind());
    e.put("enum", null);
    e.put("computed_attribute", null);
    List<Object> choices = new ArrayList<>();
    for (String c : a.choices()) {
      choices.add(
          ordered(
              "id",
              null,
              "state",
              "present",
              "name",
              c,
              "description",
              null,
              "color",
              null,
              "label",
              label(c)));
    }
    e.put("choices", a.choices().isEmpty() ? null : choices);
    e.put("regex", a.regex());
    e.put("max_length", a.maxLength());
    e.put("min_length", a.minLength());
    e.put("label", label(a.name()));
    e.put("description", null);
    e.put("read_only", a.readOnly());
    e.put("unique", a.unique());
    e.put("optional", a.optional());
    e.put("branch", "aware");
    e.put("order_weight", weight);
    e.put("default_value", a.defaultValue());
    e.put("inherited", a.inherited());
    e.put("allow_override", "any");
    e.put("deprecation", null);
    return e;
  }

  private static Map<String, @Nullable Object> relationshipEntry(
      KindSchema k, RelationshipSchema r, int weight) {
    Map<String, @Nullable Object> e = new LinkedHashMap<>();
    e.put("id", uuid("relationship:" + k.kind() + "." + r.name()));
    e.put("state", "present");
    e.put("name", r.name());
    e.put("peer", r.peer());
    e.put("kind", r.kind());
    e.put("label", label(r.name()));
    e.put("description", null);
    e.put("identifier", r.identifier());
    e.put("cardinality", r.cardinality().wire());
    e.put("min_count", r.optional() ? 0 : 1);
    e.put("max_count", r.cardinality() == Cardinality.ONE ? 1 : 0);
    e.put("order_weight", weight);
    e.put("optional", r.optional());
    e.put("branch", "aware");
    e.put("inherited", r.inherited());
    e.put("direction", "bidirectional");
    e.put("hierarchical", null);
    e.put("on_delete", "no-action");
    e.put("allow_override", "any");
    e.put("read_only", false);
    e.put("deprecation", null);
    return e;
  }

  private static String label(String name) {
    StringBuilder out = new StringBuilder();
    for (String word : name.split("_")) {
      if (word.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
    }
    return out.toString();
  }

  private static Map<String, @Nullable Object> ordered(@Nullable Object... keyValues) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
    }
    return m;
  }

  static String uuid(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is not available", e);
    }
  }
}
