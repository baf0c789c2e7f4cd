package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.Cardinality;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the GraphQL SDL of an Infrahub schema, following the type and field names of {@code
 * backend/infrahub/graphql/manager.py}: {@code Paginated<Kind>}, {@code Edged<Kind>}, {@code
 * NestedPaginated<Kind>}, {@code NestedEdged<Kind>}, {@code <Kind>Create/Update/Upsert/Delete} and
 * their {@code …Input} types.
 */
final class SdlWriter {
  private static final Pattern GRAPHQL_NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*");

  /** Names of the fixed types; a kind may not use them. */
  static final Set<String> FIXED_TYPES =
      Set.of(
          "Query",
          "Mutation",
          "BigInt",
          "GenericScalar",
          "DateTime",
          "LineageSource",
          "LineageOwner",
          "RelationshipProperty",
          "NodeMetadata",
          "CoreAccount",
          "OrderInput",
          "OrderMetadataInput",
          "OrderDirection",
          "RelatedNodeInput",
          "DeleteInput",
          "ContextInput",
          "ContextAccountInput",
          "Branch",
          "BranchCreateInput",
          "BranchCreate",
          "BranchDelete",
          "BranchNameInput",
          "RelationshipNodesInput",
          "RelationshipAdd",
          "RelationshipRemove",
          "TextAttribute",
          "NumberAttribute",
          "CheckboxAttribute",
          "Dropdown",
          "IPHost",
          "IPNetwork",
          "JSONAttribute",
          "ListAttribute",
          "AnyAttribute");

  private final Model model;
  private final StringBuilder out = new StringBuilder();
  private final Set<String> names = new HashSet<>(FIXED_TYPES);

  private SdlWriter(Model model) {
    this.model = model;
  }

  static String write(Model model) {
    return new SdlWriter(model).sdl();
  }

  private String sdl() {
    fixedTypes();
    List<String> queryFields = new ArrayList<>();
    List<String> mutationFields = new ArrayList<>();
    for (KindSchema k : model.schema.kindMap().values()) {
      String kind = k.kind();
      if (!GRAPHQL_NAME.matcher(kind).matches()) {
        throw new IllegalArgumentException("kind '" + kind + "' is not a valid GraphQL name");
      }
      for (String suffix :
          List.of(
              "",
              "Create",
              "Update",
              "Upsert",
              "Delete",
              "CreateInput",
              "UpdateInput",
              "UpsertInput")) {
        claim("", kind + suffix);
      }
      for (String prefix : List.of("Paginated", "Edged", "NestedPaginated", "NestedEdged")) {
        claim(prefix, kind);
      }
      nodeType(k);
      pageTypes(kind);
      queryFields.add(
          "  " + kind + "(" + String.join(", ", filterArgs(k, true)) + "): Paginated" + kind + "!");
      if (!k.generic()) {
        mutationTypes(k);
        for (String op : List.of("Create", "Update", "Upsert")) {
          mutationFields.add(
              "  "
                  + kind
                  + op
                  + "(data: "
                  + kind
                  + op
                  + "Input!, context: ContextInput): "
                  + kind
                  + op);
        }
        mutationFields.add(
            "  " + kind + "Delete(data: DeleteInput!, context: ContextInput): " + kind + "Delete");
      } else if (!k.attributes().isEmpty() || !k.relationships().isEmpty()) {
        input(k, "Update");
        line("type " + kind + "Update {\n  ok: Boolean\n  object: " + kind + "\n}");
        mutationFields.add(
            "  "
                + kind
                + "Update(data: "
                + kind
                + "UpdateInput!, context: ContextInput): "
                + kind
                + "Update");
      }
    }
    queryFields.add("  Branch(ids: [ID], name__value: String): [Branch]");
    mutationFields.add(
        "  BranchCreate(data: BranchCreateInput!, context: ContextInput,"
            + " background_execution: Boolean): BranchCreate");
    mutationFields.add(
        "  BranchDelete(data: BranchNameInput!, context: ContextInput,"
            + " wait_until_completion: Boolean): BranchDelete");
    mutationFields.add(
        "  RelationshipAdd(data: RelationshipNodesInput!, context: ContextInput):"
            + " RelationshipAdd");
    mutationFields.add(
        "  RelationshipRemove(data: RelationshipNodesInput!, context:"
            + " ContextInput): RelationshipRemove");
    line("type Query {\n" + String.join("\n", queryFields) + "\n}");
    line("type Mutation {\n" + String.join("\n", mutationFields) + "\n}");
    return out.toString();
  }

  private void claim(String prefix, String kind) {
    if (!names.add(prefix + kind)) {
      throw new IllegalArgumentException(
          "kind " + kind + " clashes with the GraphQL type name " + prefix + kind);
    }
  }

  private void line(String text) {
    out.append(text).append("\n\n");
  }

  private void fixedTypes() {
    line("scalar BigInt\nscalar GenericScalar\nscalar DateTime");
    line("type LineageSource {\n  id: String!\n  display_label: String\n}");
    line("type LineageOwner {\n  id: String!\n  display_label: String\n}");
    line("type CoreAccount {\n  id: String!\n  display_label: String\n}");
    line(
        "type NodeMetadata {\n  created_at: DateTime\n  created_by: CoreAccount\n"
            + "  updated_at: DateTime\n  updated_by: CoreAccount\n}");
    line(
        "type RelationshipProperty {\n  is_protected: Boolean\n  is_visible: Boolean\n"
            + "  updated_at: DateTime\n  source: LineageSource\n  owner: LineageOwner\n}");
    String common =
        "  id: String\n  is_default: Boolean\n  is_inherited: Boolean\n"
            + "  is_from_profile: Boolean\n  is_protected: Boolean\n  is_visible: Boolean\n"
            + "  updated_at: DateTime\n  source: LineageSource\n  owner: LineageOwner\n";
    for (AttrType t : AttrType.values()) {
      String extra =
          switch (t) {
            case DROPDOWN -> "  label: String\n  color: String\n  description: String\n";
            case IPHOST -> "  ip: String\n  prefixlen: Int\n  version: Int\n";
            case IPNETWORK -> "  prefixlen: Int\n  version: Int\n";
            default -> "";
          };
      line("type " + t.queryType + " {\n" + common + "  value: " + t.scalar + "\n" + extra + "}");
    }
    for (String prefix :
        List.of(
            "TextAttribute",
            "NumberAttribute",
            "CheckboxAttribute",
            "JSONAttribute",
            "ListAttribute",
            "AnyAttribute")) {
      String scalar =
          switch (prefix) {
            case "NumberAttribute" -> "BigInt";
            case "CheckboxAttribute" -> "Boolean";
            case "TextAttribute" -> "String";
            default -> "GenericScalar";
          };
      String base =
          "  value: "
              + scalar
              + "\n  is_visible: Boolean\n  is_protected: Boolean\n"
              + "  source: String\n  owner: String\n";
      names.add(prefix + "Create");
      names.add(prefix + "Update");
      line("input " + prefix + "Create {\n" + base + "}");
      line("input " + prefix + "Update {\n" + base + "  is_default: Boolean\n}");
    }
    line(
        "input RelatedNodeInput {\n  id: String\n  hfid: [String]\n"
            + "  _relation__is_visible: Boolean\n  _relation__is_protected: Boolean\n"
            + "  _relation__owner: String\n  _relation__source: String\n}");
    line("input DeleteInput {\n  id: String\n  hfid: [String]\n}");
    line("input ContextAccountInput {\n  id: String!\n}");
    line("input ContextInput {\n  account: ContextAccountInput\n}");
    line("enum OrderDirection {\n  ASC\n  DESC\n}");
    line(
        "input OrderMetadataInput {\n"
            + "  created_at: OrderDirection\n"
            + "  updated_at: OrderDirection\n"
            + "}");
    line("input OrderInput {\n  disable: Boolean\n  node_metadata: OrderMetadataInput\n}");
    line(
        "type Branch {\n  id: String\n  name: String\n  description: String\n"
            + "  origin_branch: String\n  branched_from: String\n  created_at: String\n"
            + "  sync_with_git: Boolean\n  is_default: Boolean\n  is_isolated: Boolean\n"
            + "  has_schema_changes: Boolean\n}");
    line(
        "input BranchCreateInput {\n  id: String\n  name: String!\n  description: String\n"
            + "  origin_branch: String\n  branched_from: String\n  sync_with_git: Boolean\n"
            + "  is_isolated: Boolean\n}");
    line("input BranchNameInput {\n  name: String\n}");
    line("type BranchCreate {\n  ok: Boolean\n  object: Branch\n}");
    line("type BranchDelete {\n  ok: Boolean\n}");
    line(
        "input RelationshipNodesInput {\n  id: String!\n  name: String!\n"
            + "  nodes: [RelatedNodeInput]\n}");
    line("type RelationshipAdd {\n  ok: Boolean\n}");
    line("type RelationshipRemove {\n  ok: Boolean\n}");
  }

  private void nodeType(KindSchema k) {
    StringBuilder b = new StringBuilder();
    if (k.generic()) {
      b.append("interface ").append(k.kind());
    } else {
      b.append("type ").append(k.kind());
      List<String> generics =
          k.inheritFrom().stream().filter(g -> model.schema.kind(g).isPresent()).toList();
      if (!generics.isEmpty()) {
        b.append(" implements ").append(String.join(" & ", generics));
      }
    }
    b.append(" {\n  id: String!\n  hfid: [String!]\n  display_label: String\n")
        .append("  _updated_at: DateTime\n");
    for (AttributeSchema a : k.attributes()) {
      b.append("  ").append(a.name()).append(": ").append(a.type().queryType).append('\n');
    }
    for (RelationshipSchema r : k.relationships()) {
      if (r.cardinality() == Cardinality.ONE) {
        b.append("  ").append(r.name()).append(": NestedEdged").append(r.peer()).append("!\n");
      } else {
        b.append("  ")
            .append(r.name())
            .append('(')
            .append(String.join(", ", filterArgs(model.kind(r.peer()), false)))
            .append("): NestedPaginated")
            .append(r.peer())
            .append("!\n");
      }
    }
    line(b.append('}').toString());
  }

  private void pageTypes(String kind) {
    line("type Paginated" + kind + " {\n  count: Int!\n  edges: [Edged" + kind + "!]!\n}");
    line("type Edged" + kind + " {\n  node: " + kind + "\n  node_metadata: NodeMetadata\n}");
    line(
        "type NestedPaginated"
            + kind
            + " {\n  count: Int!\n  edges: [NestedEdged"
            + kind
            + "!]!\n}");
    line(
        "type NestedEdged"
            + kind
            + " {\n  node: "
            + kind
            + "\n  node_metadata: NodeMetadata\n"
            + "  properties: RelationshipProperty\n}");
  }

  /** Arguments of a top-level query field, or of a nested cardinality-many field. */
  private List<String> filterArgs(KindSchema k, boolean topLevel) {
    List<String> args = new ArrayList<>(List.of("offset: Int", "limit: Int", "ids: [ID]"));
    if (k.humanFriendlyId() != null) {
      args.add("hfid: [String]");
    }
    if (topLevel) {
      args.add("order: OrderInput");
      args.add("partial_match: Boolean");
      args.add("any__value: String");
      args.add("any__values: [String]");
    }
    for (AttributeSchema a : k.attributes()) {
      String s = a.type().scalar;
      args.add(a.name() + "__value: " + s);
      args.add(a.name() + "__values: [" + s + "]");
      if (topLevel) {
        args.add(a.name() + "__isnull: Boolean");
      }
      args.add(a.name() + "__is_visible: Boolean");
      args.add(a.name() + "__is_protected: Boolean");
      args.add(a.name() + "__source__id: ID");
      args.add(a.name() + "__owner__id: ID");
    }
    if (topLevel) {
      for (RelationshipSchema r : k.relationships()) {
        args.add(r.name() + "__ids: [ID]");
        args.add(r.name() + "__isnull: Boolean");
        for (AttributeSchema pa : model.kind(r.peer()).attributes()) {
          args.add(r.name() + "__" + pa.name() + "__value: " + pa.type().scalar);
          args.add(r.name() + "__" + pa.name() + "__values: [" + pa.type().scalar + "]");
        }
      }
      for (String at : List.of("updated_at", "created_at")) {
        args.add("node_metadata__" + at + ": DateTime");
        args.add("node_metadata__" + at + "__after: DateTime");
        args.add("node_metadata__" + at + "__before: DateTime");
      }
      for (String by : List.of("updated_by", "created_by")) {
        args.add("node_metadata__" + by + "__id: ID");
        args.add("node_metadata__" + by + "__ids: [ID]");
      }
    }
    return args;
  }

  private void mutationTypes(KindSchema k) {
    String kind = k.kind();
    input(k, "Create");
    input(k, "Update");
    input(k, "Upsert");
    for (String op : List.of("Create", "Update", "Upsert")) {
      line("type " + kind + op + " {\n  ok: Boolean\n  object: " + kind + "\n}");
    }
    line("type " + kind + "Delete {\n  ok: Boolean\n}");
  }

  private void input(KindSchema k, String op) {
    StringBuilder b = new StringBuilder("input " + k.kind() + op + "Input {\n  id: String\n");
    if (!op.equals("Create")) {
      b.append("  hfid: [String]\n");
    }
    String suffix = op.equals("Create") ? "Create" : "Update";
    for (AttributeSchema a : k.attributes()) {
      if (a.readOnly()) {
        continue;
      }
      boolean required = op.equals("Upsert") && a.mandatory();
      b.append("  ")
          .append(a.name())
          .append(": ")
          .append(a.type().inputPrefix)
          .append(suffix)
          .append(required ? "!" : "")
          .append('\n');
    }
    for (RelationshipSchema r : k.relationships()) {
      boolean required = op.equals("Upsert") && !r.optional();
      String type = r.cardinality() == Cardinality.ONE ? "RelatedNodeInput" : "[RelatedNodeInput]";
      b.append("  ")
          .append(r.name())
          .append(": ")
          .append(type)
          .append(required ? "!" : "")
          .append('\n');
    }
    line(b.append('}').toString());
  }
}
