package io.infrasync.testkit.infrahub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.testkit.infrahub.InfrahubSchema.Cardinality;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InfrahubSchemaTest {

  /** One {@code schema_mapping[].fields[]} entry of an upstream config.yml. */
  record MappedField(String kind, String field, String reference) {}

  /**
   * Reads kind, field name and reference of every mapped field. The upstream files are indented
   * uniformly: mappings at two spaces, fields at six, field keys at eight.
   */
  static List<MappedField> mappedFields(Path config) throws IOException {
    List<MappedField> out = new ArrayList<>();
    String kind = "";
    String field = null;
    String reference = "";
    for (String line : Files.readAllLines(config)) {
      if (line.startsWith("  - name: ")) {
        if (field != null) {
          out.add(new MappedField(kind, field, reference));
        }
        kind = line.substring("  - name: ".length()).trim();
        field = null;
      } else if (line.startsWith("      - name: ")) {
        if (field != null) {
          out.add(new MappedField(kind, field, reference));
        }
        field = line.substring("      - name: ".length()).trim();
        reference = "";
      } else if (line.startsWith("        reference: ")) {
        reference = line.substring("        reference: ".length()).trim();
      } else if (!line.startsWith("   ")
          && !line.startsWith("  - ")
          && !line.isBlank()
          && !line.startsWith("#")
          && field != null) {
        out.add(new MappedField(kind, field, reference));
        field = null;
      }
    }
    if (field != null) {
      out.add(new MappedField(kind, field, reference));
    }
    return out;
  }

  @Test
  void examplesHoldEveryKindAndFieldTheUpstreamInfrahubExamplesWrite() throws IOException {
    InfrahubSchema schema = InfrahubSchema.examples();
    // The NetBox example maps a plain circuit type name onto InfraCircuit.type, which the Nautobot
    // example (and this schema) treat as a relationship to ChoiceCircuitType.
    Set<MappedField> knownConflicts = Set.of(new MappedField("InfraCircuit", "type", ""));
    int checked = 0;
    for (String example : List.of("netbox_to_infrahub", "nautobot-v2_to_infrahub")) {
      List<MappedField> fields =
          mappedFields(
              Gql.shared().resolve("upstream-examples").resolve(example).resolve("config.yml"));
      assertThat(fields).hasSizeGreaterThan(50);
      // A field mapped twice (nautobot InfraProviderNetwork.provider) counts as a reference when
      // one of its mappings has one.
      Set<String> referenced = new java.util.HashSet<>();
      fields.stream()
          .filter(f -> !f.reference().isEmpty())
          .forEach(f -> referenced.add(f.kind() + "." + f.field()));
      for (MappedField f : fields) {
        if (f.reference().isEmpty() && referenced.contains(f.kind() + "." + f.field())) {
          continue;
        }
        KindSchema k =
            schema
                .kind(f.kind())
                .orElseThrow(() -> new AssertionError(example + ": no kind " + f.kind()));
        assertThat(k.generic()).as(f.toString()).isFalse();
        if (knownConflicts.contains(f)) {
          continue;
        }
        if (f.reference().isEmpty()) {
          assertThat(k.attribute(f.field())).as(example + " " + f).isPresent();
        } else {
          RelationshipSchema r =
              k.relationship(f.field())
                  .orElseThrow(() -> new AssertionError(example + ": no relationship " + f));
          assertThat(schema.isA(f.reference(), r.peer()) || f.reference().equals(r.peer()))
              .as(example + " " + f + " peer " + r.peer())
              .isTrue();
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(150);
  }

  @Test
  void benchSchemaUsesTheDatasetIdentifiersAsHumanFriendlyIds() {
    InfrahubSchema bench = InfrahubSchema.bench();

    assertThat(bench.nodes())
        .extracting(KindSchema::kind)
        .containsExactly(
            "LocationSite",
            "OrganizationTenant",
            "InfraDeviceType",
            "InfraDevice",
            "InfraInterface",
            "IpamIPAddress");
    assertThat(bench.kind("InfraInterface").orElseThrow().humanFriendlyId())
        .containsExactly("device__name__value", "name__value");
    assertThat(bench.kind("IpamIPAddress").orElseThrow().humanFriendlyId())
        .containsExactly("address__value");
    assertThat(
            bench
                .kind("InfraDevice")
                .orElseThrow()
                .relationship("interfaces")
                .orElseThrow()
                .identifier())
        .isEqualTo(
            bench
                .kind("InfraInterface")
                .orElseThrow()
                .relationship("device")
                .orElseThrow()
                .identifier());
  }

  @Test
  void readsTheSdkSchemaFixturesDroppingDanglingReferences() {
    Path fixtures = Gql.shared().resolve("fixtures/infrahub");

    InfrahubSchema first = InfrahubSchema.fromJson(fixtures.resolve("schema_01.json"));
    InfrahubSchema ipam = InfrahubSchema.fromJson(fixtures.resolve("schema_ipam.json"));

    assertThat(first.nodes())
        .extracting(KindSchema::kind)
        .containsExactly("CoreGraphQLQuery", "CoreRepository", "BuiltinTag", "BuiltinLocation");
    assertThat(first.kind("CoreRepository").orElseThrow().inheritFrom()).isEmpty();
    RelationshipSchema tags =
        first.kind("BuiltinLocation").orElseThrow().relationship("tags").orElseThrow();
    assertThat(tags.peer()).isEqualTo("BuiltinTag");
    assertThat(tags.cardinality()).isEqualTo(Cardinality.MANY);
    KindSchema address = ipam.kind("IpamIPAddress").orElseThrow();
    assertThat(address.attribute("address").orElseThrow().kind()).isEqualTo("IPHost");
    assertThat(address.relationships()).isEmpty();
    assertThat(
            ipam.kind("IpamIPPrefix")
                .orElseThrow()
                .attribute("is_top_level")
                .orElseThrow()
                .readOnly())
        .isTrue();
    assertThat(address.orderBy()).containsExactly("address__version", "address__binary_address");
  }

  @Test
  void rejectsDuplicateKinds() {
    assertThatThrownBy(
            () -> InfrahubSchema.fromJson(Gql.shared().resolve("fixtures/infrahub/schema_02.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate kind CoreRepository in nodes[0] and nodes[3]");
  }

  @Test
  void jsonRoundTripIsLossless() {
    for (InfrahubSchema s : List.of(InfrahubSchema.examples(), InfrahubSchema.bench())) {
      assertThat(InfrahubSchema.fromJson(s.toJson())).isEqualTo(s);
    }
  }

  @Test
  void genericsListTheirUsersAndNodesInheritTheirFields() {
    InfrahubSchema s = InfrahubSchema.examples();

    KindSchema generic = s.kind("InfraInterface").orElseThrow();
    KindSchema node = s.kind("InfraInterfaceL2L3").orElseThrow();

    assertThat(generic.usedBy()).containsExactly("InfraInterfaceL2L3");
    assertThat(node.relationship("device").orElseThrow().inherited()).isTrue();
    assertThat(node.humanFriendlyId()).containsExactly("device__name__value", "name__value");
    assertThat(node.uniquenessConstraints()).containsExactly(List.of("device", "name__value"));
  }

  @Test
  void builderChecksPeersPathsAndKindNames() {
    assertThatThrownBy(
            () ->
                InfrahubSchema.builder()
                    .node(
                        "InfraThing", k -> k.attribute("name", "Text").one("owner", "InfraNobody"))
                    .build())
        .hasMessageContaining("InfraThing relationship 'owner' has unknown peer 'InfraNobody'");
    assertThatThrownBy(
            () ->
                InfrahubSchema.builder()
                    .node(
                        "InfraThing",
                        k -> k.attribute("name", "Text").humanFriendlyId("nme__value"))
                    .build())
        .hasMessageContaining("InfraThing human_friendly_id path 'nme__value': no attribute 'nme'");
    assertThatThrownBy(() -> InfrahubSchema.builder().node("thing", k -> {}))
        .hasMessageContaining("invalid kind 'thing'");
    assertThatThrownBy(
            () -> InfrahubSchema.builder().node("InfraThing", k -> k.attribute("name", "Colour")))
        .hasMessageContaining("unsupported kind 'Colour'");
  }

  @Test
  void ipamFixtureSchemaServesGraphqlWithIpAttributes() {
    InfrahubSchema ipam =
        InfrahubSchema.fromJson(Gql.shared().resolve("fixtures/infrahub/schema_ipam.json"));
    try (InfrahubServer server = InfrahubServer.builder().schema(ipam).build().start()) {
      server.create("IpamIPAddress", java.util.Map.of("address", "10.0.0.2/31"));
      server.create("IpamIPAddress", java.util.Map.of("address", "10.0.0.1/31"));

      Gql.Reply r =
          Gql.post(
              server.graphqlUrl(),
              null,
              "{ IpamIPAddress { edges { node { display_label address { value ip prefixlen version"
                  + " } } } } }");

      List<?> edges = Gql.list(Gql.map(r.data().get("IpamIPAddress")).get("edges"));
      var first = Gql.map(Gql.map(edges.get(0)).get("node"));
      assertThat(first).containsEntry("display_label", "10.0.0.1/31");
      assertThat(Gql.map(first.get("address")))
          .containsEntry("ip", "10.0.0.1")
          .containsEntry("prefixlen", 31)
          .containsEntry("version", 4);
    }
  }
}
