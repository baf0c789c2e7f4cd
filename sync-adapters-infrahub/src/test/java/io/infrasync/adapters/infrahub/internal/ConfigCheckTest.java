package io.infrasync.adapters.infrahub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.ConfigurationException.Problem;
import io.infrasync.Side;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.http.HttpTransport;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {
  static Path shared() {
    String dir = System.getProperty("infrasync.shared.dir");
    return dir != null ? Path.of(dir) : Path.of("../../shared");
  }

  static SyncConfig upstream(String example) {
    return ConfigLoader.load(shared().resolve("upstream-examples").resolve(example).resolve("config.yml"),
        Map.of("NONE", "")::get);
  }

  static Schema schema(InfrahubSchema s) {
    return Schema.parse(HttpTransport.JSON.readTree(s.toJson()));
  }

  @Test
  void theNautobotV1KindTypoIsReportedWithItsLineAndASuggestion() throws Exception {
    SyncConfig config = upstream("nautobot-v1_to_infrahub");
    List<Problem> problems = ConfigCheck.check(config, Side.DESTINATION, schema(InfrahubSchema.examples()), "main");
    List<String> lines = Files.readAllLines(config.file());
    Problem typo = problems.stream().filter(p -> p.message().contains("OgranizationGeneric")).findFirst().orElseThrow();
    assertThat(typo.message()).contains("does not exist in Infrahub (branch main)")
        .contains("did you mean `OrganizationGeneric`?");
    assertThat(typo.line()).isPositive();
    assertThat(lines.get(typo.line() - 1)).contains("OgranizationGeneric");
    assertThat(typo.source()).endsWith("config.yml");
  }

  @Test
  void theExampleSchemaRefusesTheNetboxExampleOnExactlyItsTwoRealMismatches() {
    List<Problem> problems = ConfigCheck.check(upstream("netbox_to_infrahub"), Side.DESTINATION,
        schema(InfrahubSchema.examples()), "main");
    assertThat(problems).hasSize(2);
    assertThat(problems).anySatisfy(p -> assertThat(p.message())
        .contains("identifiers [location, rack, organization, name] of `InfraDevice` are finer than Infrahub's"
            + " human friendly id")
        .contains("[rack, organization]").contains("#166"));
    assertThat(problems).anySatisfy(p -> assertThat(p.message())
        .contains("`InfraCircuit.type` is a relationship to `ChoiceCircuitType`; add `reference: <kind>`"));
  }

  @Test
  void unknownFieldsAttributesWithReferencesAndPeerMismatchesAreAllReportedAtOnce() {
    SyncConfig config = ConfigLoader.parse("""
        name: checks
        source: {name: netbox, settings: {url: "http://x", token: t}}
        destination: {name: infrahub, settings: {url: "http://y"}}
        schema_mapping:
          - name: InfraRack
            mapping: dcim.racks
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: heigth, mapping: u_height}
              - {name: serial_number, mapping: serial, reference: BuiltinTag}
              - {name: role, mapping: role, reference: BuiltinTag}
          - name: BuiltinTag
            mapping: extras.tags
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
        """, "checks.yml", null, Map.<String, String>of()::get);
    List<Problem> problems = ConfigCheck.check(config, Side.DESTINATION, schema(InfrahubSchema.examples()), "b1");
    assertThat(problems).extracting(Problem::message).containsExactlyInAnyOrder(
        "infrahub: `InfraRack` has no attribute or relationship `heigth`; did you mean `height`?; it has: name,"
            + " height, serial_number, asset_tag, facility_id, location, role, tags",
        "infrahub: `InfraRack.serial_number` is an attribute (Text), not a relationship; remove"
            + " `reference: BuiltinTag`",
        "infrahub: `InfraRack.role` accepts peers of kind `RoleGeneric`, but the mapping references `BuiltinTag`,"
            + " which is not a `RoleGeneric`");
    assertThat(problems).allSatisfy(p -> assertThat(p.line()).isGreaterThan(5));
    assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder(
        "schema_mapping[0].fields[1].name", "schema_mapping[0].fields[2].reference",
        "schema_mapping[0].fields[3].reference");
  }

  @Test
  void referencesToNodesOfAGenericPeerFitAndGenericsCannotBeWritten() {
    Schema s = schema(InfrahubSchema.examples());
    assertThat(s.fits("InfraInterfaceL2L3", "InfraInterface")).isTrue();
    assertThat(s.fits("InfraInterface", "InfraInterfaceL2L3")).isFalse();
    assertThat(s.fits("InfraDevice", "InfraInterface")).isFalse();
    SyncConfig config = ConfigLoader.parse("""
        name: generic
        source: {name: netbox, settings: {url: "http://x", token: t}}
        destination: {name: infrahub, settings: {url: "http://y"}}
        schema_mapping:
          - name: InfraInterface
            mapping: dcim.interfaces
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
        """, "generic.yml", null, Map.<String, String>of()::get);
    assertThat(ConfigCheck.check(config, Side.DESTINATION, s, "main")).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("`InfraInterface` is a generic")
            .contains("[InfraInterfaceL2L3]"));
    assertThat(ConfigCheck.check(config, Side.SOURCE, s, "main")).isEmpty();
  }
}
