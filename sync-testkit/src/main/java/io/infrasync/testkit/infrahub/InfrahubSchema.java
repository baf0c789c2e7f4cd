package io.infrasync.testkit.infrahub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The schema an {@link InfrahubServer} serves: node kinds and generics with their attributes,
 * relationships, human friendly ids and uniqueness constraints. Immutable and thread-safe.
 *
 * <p>Build one with {@link #builder()}, read one from an {@code /api/schema} JSON body with {@link
 * #fromJson(String)}, or use a built-in: {@link #examples()} (every kind the upstream
 * NetBox→Infrahub and Nautobot→Infrahub example configurations write) or {@link #bench()} (the
 * benchmark dataset's kinds). The two built-ins cannot be one schema: both define {@code
 * InfraDevice}, and its {@code status} is a relationship to {@code StatusGeneric} in the examples
 * but a text attribute in the benchmark dataset.
 *
 * <p>Nodes inherit the attributes and relationships of the generics they list in {@code
 * inherit_from} (and of generics whose {@code used_by} names them); a node without its own human
 * friendly id, display labels, uniqueness constraints or order also inherits those.
 */
public final class InfrahubSchema {

  /** Cardinality of a relationship. */
  public enum Cardinality {
    /** At most one peer; read as {@code rel { node {…} }}. */
    ONE,
    /** Any number of peers; read as {@code rel { count edges { node {…} } }}. */
    MANY;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Pattern KIND = Pattern.compile("([A-Z][a-z0-9]+)([A-Z][A-Za-z0-9]*)");

  /**
   * One attribute of a kind.
   *
   * @param name attribute name ({@code [a-z_][a-z0-9_]*})
   * @param kind Infrahub attribute kind: Text, TextArea, String, Number, Boolean, Checkbox,
   *     Dropdown, IPHost, IPNetwork, JSON, List, DateTime, Email, URL, MacAddress, …
   * @param optional whether a node may leave it empty
   * @param unique whether two nodes of the kind may share a value
   * @param readOnly computed attributes; not settable through mutations
   * @param defaultValue value used on create when none is given
   * @param choices allowed values of a Dropdown (empty: any)
   * @param regex a pattern every non-null text value must match entirely
   * @param minLength minimum length of a text value
   * @param maxLength maximum length of a text value
   * @param inherited whether the attribute comes from a generic
   */
  public record AttributeSchema(
      String name,
      String kind,
      boolean optional,
      boolean unique,
      boolean readOnly,
      @Nullable Object defaultValue,
      List<String> choices,
      @Nullable String regex,
      @Nullable Integer minLength,
      @Nullable Integer maxLength,
      boolean inherited) {

    /** Validates names and kinds. */
    public AttributeSchema {
      requireName(name, "attribute");
      Objects.requireNonNull(kind, "kind");
      if (AttrType.ofKind(kind) == null) {
        throw new IllegalArgumentException(
            "attribute '"
                + name
                + "' has unsupported kind '"
                + kind
                + "'; supported: "
                + AttrType.supportedKinds());
      }
      choices = List.copyOf(choices);
      if (regex != null) {
        Pattern.compile(regex);
      }
    }

    /** A required, non-unique attribute without default. */
    public static AttributeSchema of(String name, String kind) {
      return new AttributeSchema(
          name, kind, false, false, false, null, List.of(), null, null, null, false);
    }

    /** This attribute, optional. */
    public AttributeSchema asOptional() {
      return new AttributeSchema(
          name,
          kind,
          true,
          unique,
          readOnly,
          defaultValue,
          choices,
          regex,
          minLength,
          maxLength,
          inherited);
    }

    /** This attribute, unique. */
    public AttributeSchema asUnique() {
      return new AttributeSchema(
          name,
          kind,
          optional,
          true,
          readOnly,
          defaultValue,
          choices,
          regex,
          minLength,
          maxLength,
          inherited);
    }

    /** This attribute, read-only (not part of mutation inputs). */
    public AttributeSchema asReadOnly() {
      return new AttributeSchema(
          name,
          kind,
          optional,
          unique,
          true,
          defaultValue,
          choices,
          regex,
          minLength,
          maxLength,
          inherited);
    }

    /** This attribute with a default value. */
    public AttributeSchema withDefault(@Nullable Object value) {
      return new AttributeSchema(
          name, kind, optional, unique, readOnly, value, choices, regex, minLength, maxLength,
          inherited);
    }

    /** This attribute restricted to the given Dropdown choices. */
    public AttributeSchema withChoices(String... values) {
      return new AttributeSchema(
          name,
          kind,
          optional,
          unique,
          readOnly,
          defaultValue,
          List.of(values),
          regex,
          minLength,
          maxLength,
          inherited);
    }

    /** This attribute with a regex and length bounds (nulls: no bound). */
    public AttributeSchema withConstraints(
        @Nullable String pattern, @Nullable Integer min, @Nullable Integer max) {
      return new AttributeSchema(
          name,
          kind,
          optional,
          unique,
          readOnly,
          defaultValue,
          choices,
          pattern,
          min,
          max,
          inherited);
    }

    AttributeSchema asInherited() {
      return new AttributeSchema(
          name,
          kind,
          optional,
          unique,
          readOnly,
          defaultValue,
          choices,
          regex,
          minLength,
          maxLength,
          true);
    }

    AttrType type() {
      return Objects.requireNonNull(AttrType.ofKind(kind));
    }

    /** Whether a create must provide a value: mandatory and without default. */
    boolean mandatory() {
      return !optional && defaultValue == null;
    }
  }

  /**
   * One relationship of a kind.
   *
   * @param name relationship name
   * @param peer kind of the peers (a node or a generic)
   * @param cardinality one or many
   * @param identifier the edge identifier; relationships with the same identifier on the two kinds
   *     are the two ends of the same edges
   * @param optional whether a node may have no peer
   * @param kind Infrahub relationship kind (Generic, Attribute, Component, Parent, …)
   * @param inherited whether the relationship comes from a generic
   */
  public record RelationshipSchema(
      String name,
      String peer,
      Cardinality cardinality,
      String identifier,
      boolean optional,
      String kind,
      boolean inherited) {

    /** Validates names. */
    public RelationshipSchema {
      requireName(name, "relationship");
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(cardinality, "cardinality");
      Objects.requireNonNull(identifier, "identifier");
      Objects.requireNonNull(kind, "kind");
    }

    RelationshipSchema asInherited() {
      return new RelationshipSchema(name, peer, cardinality, identifier, optional, kind, true);
    }
  }

  /**
   * A node kind or a generic.
   *
   * @param namespace e.g. {@code Infra}
   * @param name e.g. {@code Device}
   * @param generic whether this is a generic (an interface other kinds inherit from)
   * @param label human label
   * @param description free text
   * @param attributes attributes, own and inherited
   * @param relationships relationships, own and inherited
   * @param inheritFrom generics this node inherits from
   * @param usedBy for a generic, the node kinds that inherit from it
   * @param humanFriendlyId paths such as {@code name__value} or {@code device__name__value}, or
   *     null
   * @param uniquenessConstraints groups of paths ({@code name__value}, {@code device}) that must be
   *     unique together
   * @param displayLabels paths joined with a space into {@code display_label}
   * @param defaultFilter the path upserts look nodes up by, or null
   * @param orderBy sort order of query results (by id when empty)
   */
  public record KindSchema(
      String namespace,
      String name,
      boolean generic,
      @Nullable String label,
      @Nullable String description,
      List<AttributeSchema> attributes,
      List<RelationshipSchema> relationships,
      List<String> inheritFrom,
      List<String> usedBy,
      @Nullable List<String> humanFriendlyId,
      List<List<String>> uniquenessConstraints,
      List<String> displayLabels,
      @Nullable String defaultFilter,
      List<String> orderBy) {

    /** Copies the lists and checks for duplicate field names. */
    public KindSchema {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      attributes = List.copyOf(attributes);
      relationships = List.copyOf(relationships);
      inheritFrom = List.copyOf(inheritFrom);
      usedBy = List.copyOf(usedBy);
      humanFriendlyId = humanFriendlyId == null ? null : List.copyOf(humanFriendlyId);
      List<List<String>> constraints = new ArrayList<>();
      for (List<String> c : uniquenessConstraints) {
        constraints.add(List.copyOf(c));
      }
      uniquenessConstraints = List.copyOf(constraints);
      displayLabels = List.copyOf(displayLabels);
      orderBy = List.copyOf(orderBy);
      Set<String> seen = new LinkedHashSet<>();
      for (AttributeSchema a : attributes) {
        if (!seen.add(a.name())) {
          throw new IllegalArgumentException(
              namespace + name + ": field '" + a.name() + "' is defined twice");
        }
      }
      for (RelationshipSchema r : relationships) {
        if (!seen.add(r.name())) {
          throw new IllegalArgumentException(
              namespace + name + ": field '" + r.name() + "' is defined twice");
        }
      }
    }

    /** The kind name, namespace + name (e.g. {@code InfraDevice}). */
    public String kind() {
      return namespace + name;
    }

    /** The attribute with this name. */
    public Optional<AttributeSchema> attribute(String attributeName) {
      for (AttributeSchema a : attributes) {
        if (a.name().equals(attributeName)) {
          return Optional.of(a);
        }
      }
      return Optional.empty();
    }

    /** The relationship with this name. */
    public Optional<RelationshipSchema> relationship(String relationshipName) {
      for (RelationshipSchema r : relationships) {
        if (r.name().equals(relationshipName)) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }
  }

  private final Map<String, KindSchema> kinds;

  private InfrahubSchema(Map<String, KindSchema> kinds) {
    this.kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
  }

  /** A new, empty schema builder. */
  public static Builder builder() {
    return new Builder(Map.of());
  }

  /** A builder holding this schema's kinds, to amend or extend it. */
  public Builder toBuilder() {
    return new Builder(kinds);
  }

  /**
   * Reads an {@code /api/schema}-shaped JSON body ({@code nodes}, {@code generics}). Entries
   * without {@code kind} get namespace + name. Relationships whose peer is not in the document are
   * dropped (the real endpoint drops relationships to internal kinds the same way), and so are
   * unknown {@code inherit_from} generics; both are logged. Duplicate kinds, unsupported attribute
   * kinds and paths naming unknown fields are errors.
   *
   * @throws IllegalArgumentException naming the entry at fault
   */
  public static InfrahubSchema fromJson(String json) {
    return SchemaJson.parse(json);
  }

  /** Reads an {@code /api/schema}-shaped JSON file; see {@link #fromJson(String)}. */
  public static InfrahubSchema fromJson(Path file) {
    try {
      return SchemaJson.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Infrahub schema " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The demo schema holding every kind, attribute and relationship that the upstream example
   * configurations {@code netbox_to_infrahub} and {@code nautobot-v2_to_infrahub} write.
   */
  public static InfrahubSchema examples() {
    return BuiltinSchemas.EXAMPLES;
  }

  /**
   * The benchmark dataset's kinds ({@code LocationSite}, {@code OrganizationTenant}, {@code
   * InfraDeviceType}, {@code InfraDevice}, {@code InfraInterface}, {@code IpamIPAddress}), with
   * human friendly ids equal to the dataset's identifiers.
   */
  public static InfrahubSchema bench() {
    return BuiltinSchemas.BENCH;
  }

  /** Node kinds (not generics), in definition order. */
  public List<KindSchema> nodes() {
    return kinds.values().stream().filter(k -> !k.generic()).toList();
  }

  /** Generics, in definition order. */
  public List<KindSchema> generics() {
    return kinds.values().stream().filter(KindSchema::generic).toList();
  }

  /** The node kind or generic with this name. */
  public Optional<KindSchema> kind(String kind) {
    return Optional.ofNullable(kinds.get(kind));
  }

  /** This schema as an {@code /api/schema} JSON body. */
  public String toJson() {
    return SchemaJson.write(this);
  }

  Map<String, KindSchema> kindMap() {
    return kinds;
  }

  KindSchema require(String kind) {
    KindSchema k = kinds.get(kind);
    if (k == null) {
      throw new IllegalArgumentException(
          "unknown kind '" + kind + "'; the schema has: " + String.join(", ", kinds.keySet()));
    }
    return k;
  }

  /** Node kinds a peer of this kind may be: the kind itself, or a generic's {@code used_by}. */
  List<String> concreteKinds(String kind) {
    KindSchema k = require(kind);
    return k.generic() ? k.usedBy() : List.of(kind);
  }

  /** Whether a node of kind {@code concrete} satisfies a peer declared as {@code declared}. */
  boolean isA(String concrete, String declared) {
    if (concrete.equals(declared)) {
      return true;
    }
    KindSchema d = kinds.get(declared);
    return d != null && d.generic() && d.usedBy().contains(concrete);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InfrahubSchema s && s.kinds.equals(kinds);
  }

  @Override
  public int hashCode() {
    return kinds.hashCode();
  }

  @Override
  public String toString() {
    return "InfrahubSchema" + kinds.keySet();
  }

  static void requireName(String name, String what) {
    Objects.requireNonNull(name, what + " name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid " + what + " name '" + name + "': expected [a-z_][a-z0-9_]*");
    }
  }

  /** Splits {@code InfraDevice} into {@code Infra} and {@code Device}. */
  static String[] splitKind(String kind) {
    var m = KIND.matcher(kind);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid kind '" + kind + "': expected a namespace and a name such as InfraDevice");
    }
    return new String[] {m.group(1), m.group(2)};
  }

  /** Infrahub's default relationship identifier: the two kinds, lower case, sorted, joined. */
  static String defaultIdentifier(String kind, String peer) {
    String a = kind.toLowerCase(Locale.ROOT);
    String b = peer.toLowerCase(Locale.ROOT);
    return a.compareTo(b) <= 0 ? a + "__" + b : b + "__" + a;
  }

  /** Builds a schema; kinds may be defined, amended and removed before {@link #build()}. */
  public static final class Builder {
    private final Map<String, KindSchema> kinds = new LinkedHashMap<>();
    private boolean lenient;

    Builder(Map<String, KindSchema> initial) {
      kinds.putAll(initial);
    }

    /**
     * Defines the node kind {@code kind} (e.g. {@code "InfraDevice"}) or, if it exists, amends it.
     */
    public Builder node(String kind, Consumer<KindBuilder> spec) {
      return define(kind, false, spec);
    }

    /** Defines or amends the generic {@code kind}. */
    public Builder generic(String kind, Consumer<KindBuilder> spec) {
      return define(kind, true, spec);
    }

    /** Adds or replaces a fully built kind. */
    public Builder add(KindSchema kind) {
      kinds.put(kind.kind(), kind);
      return this;
    }

    /** Removes a kind. */
    public Builder remove(String kind) {
      if (kinds.remove(kind) == null) {
        throw new IllegalArgumentException("cannot remove unknown kind '" + kind + "'");
      }
      return this;
    }

    Builder lenient() {
      lenient = true;
      return this;
    }

    private Builder define(String kind, boolean generic, Consumer<KindBuilder> spec) {
      KindSchema existing = kinds.get(kind);
      if (existing != null && existing.generic() != generic) {
        throw new IllegalArgumentException(
            "kind '"
                + kind
                + "' is already defined as a "
                + (existing.generic() ? "generic" : "node"));
      }
      KindBuilder b = existing == null ? new KindBuilder(kind, generic) : new KindBuilder(existing);
      spec.accept(b);
      kinds.put(kind, b.build());
      return this;
    }

    /**
     * Resolves inheritance, checks every peer, path and name, and returns the schema.
     *
     * @throws IllegalArgumentException naming the kind and field at fault
     */
    public InfrahubSchema build() {
      return new InfrahubSchema(SchemaResolver.resolve(kinds, lenient));
    }
  }

  /** Defines one node kind or generic; see {@link Builder#node(String, Consumer)}. */
  public static final class KindBuilder {
    private final String namespace;
    private final String name;
    private final boolean generic;
    private @Nullable String label;
    private @Nullable String description;
    private final Map<String, AttributeSchema> attributes = new LinkedHashMap<>();
    private final Map<String, RelationshipSchema> relationships = new LinkedHashMap<>();
    private final List<String> inheritFrom = new ArrayList<>();
    private final List<String> usedBy = new ArrayList<>();
    private @Nullable List<String> humanFriendlyId;
    private final List<List<String>> uniqueness = new ArrayList<>();
    private final List<String> displayLabels = new ArrayList<>();
    private @Nullable String defaultFilter;
    private final List<String> orderBy = new ArrayList<>();

    KindBuilder(String kind, boolean generic) {
      String[] parts = splitKind(kind);
      this.namespace = parts[0];
      this.name = parts[1];
      this.generic = generic;
      this.label = parts[1];
    }

    KindBuilder(KindSchema k) {
      this.namespace = k.namespace();
      this.name = k.name();
      this.generic = k.generic();
      this.label = k.label();
      this.description = k.description();
      k.attributes().stream().filter(a -> !a.inherited()).forEach(a -> attributes.put(a.name(), a));
      k.relationships().stream()
          .filter(r -> !r.inherited())
          .forEach(r -> relationships.put(r.name(), r));
      inheritFrom.addAll(k.inheritFrom());
      usedBy.addAll(k.usedBy());
      humanFriendlyId = k.humanFriendlyId();
      uniqueness.addAll(k.uniquenessConstraints());
      displayLabels.addAll(k.displayLabels());
      defaultFilter = k.defaultFilter();
      orderBy.addAll(k.orderBy());
    }

    /** A required attribute. */
    public KindBuilder attribute(String attrName, String kind) {
      return attribute(AttributeSchema.of(attrName, kind));
    }

    /** An optional attribute. */
    public KindBuilder optional(String attrName, String kind) {
      return attribute(AttributeSchema.of(attrName, kind).asOptional());
    }

    /** A required, unique attribute. */
    public KindBuilder unique(String attrName, String kind) {
      return attribute(AttributeSchema.of(attrName, kind).asUnique());
    }

    /** Adds or replaces an attribute. */
    public KindBuilder attribute(AttributeSchema attribute) {
      relationships.remove(attribute.name());
      attributes.put(attribute.name(), attribute);
      return this;
    }

    /** An optional cardinality-one relationship with the default identifier. */
    public KindBuilder one(String relName, String peer) {
      return relationship(relName, peer, Cardinality.ONE, true);
    }

    /** A required cardinality-one relationship (kind Parent) with the default identifier. */
    public KindBuilder requiredOne(String relName, String peer) {
      return relationship(
          new RelationshipSchema(
              relName,
              peer,
              Cardinality.ONE,
              defaultIdentifier(kind(), peer),
              false,
              "Parent",
              false));
    }

    /** An optional cardinality-many relationship with the default identifier. */
    public KindBuilder many(String relName, String peer) {
      return relationship(relName, peer, Cardinality.MANY, true);
    }

    /** A relationship with the default identifier and kind Generic. */
    public KindBuilder relationship(
        String relName, String peer, Cardinality cardinality, boolean isOptional) {
      return relationship(
          new RelationshipSchema(
              relName,
              peer,
              cardinality,
              defaultIdentifier(kind(), peer),
              isOptional,
              "Generic",
              false));
    }

    /** Adds or replaces a relationship. */
    public KindBuilder relationship(RelationshipSchema relationship) {
      attributes.remove(relationship.name());
      relationships.put(relationship.name(), relationship);
      return this;
    }

    /** Removes an attribute or relationship. */
    public KindBuilder removeField(String fieldName) {
      if (attributes.remove(fieldName) == null && relationships.remove(fieldName) == null) {
        throw new IllegalArgumentException(kind() + " has no field '" + fieldName + "'");
      }
      return this;
    }

    /** The human friendly id paths, e.g. {@code "device__name__value", "name__value"}. */
    public KindBuilder humanFriendlyId(String... paths) {
      humanFriendlyId = List.of(paths);
      return this;
    }

    /** Adds a uniqueness constraint, e.g. {@code "device", "name__value"}. */
    public KindBuilder uniquenessConstraint(String... paths) {
      uniqueness.add(List.of(paths));
      return this;
    }

    /** The display label paths. */
    public KindBuilder displayLabels(String... paths) {
      displayLabels.clear();
      displayLabels.addAll(List.of(paths));
      return this;
    }

    /** The default filter path (used by upserts). */
    public KindBuilder defaultFilter(@Nullable String path) {
      defaultFilter = path;
      return this;
    }

    /** The sort order of query results. */
    public KindBuilder orderBy(String... paths) {
      orderBy.clear();
      orderBy.addAll(List.of(paths));
      return this;
    }

    /** Generics this node inherits from. */
    public KindBuilder inheritFrom(String... generics) {
      for (String g : generics) {
        if (!inheritFrom.contains(g)) {
          inheritFrom.add(g);
        }
      }
      return this;
    }

    /** The human label. */
    public KindBuilder label(@Nullable String text) {
      label = text;
      return this;
    }

    /** The description. */
    public KindBuilder description(@Nullable String text) {
      description = text;
      return this;
    }

    KindBuilder usedBy(List<String> kinds) {
      usedBy.addAll(kinds);
      return this;
    }

    private String kind() {
      return namespace + name;
    }

    KindSchema build() {
      return new KindSchema(
          namespace,
          name,
          generic,
          label,
          description,
          new ArrayList<>(attributes.values()),
          new ArrayList<>(relationships.values()),
          inheritFrom,
          usedBy,
          humanFriendlyId,
          uniqueness,
          displayLabels,
          defaultFilter,
          orderBy);
    }
  }
}
