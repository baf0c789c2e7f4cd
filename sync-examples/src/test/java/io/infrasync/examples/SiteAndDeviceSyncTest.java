package io.infrasync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.testkit.infrahub.InfrahubNode;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unit test of sync logic to copy into your project: your mapping, run end to end over HTTP
 * against the testkit's NetBox and Infrahub emulators (no servers needed), with assertions on what
 * Infrahub holds afterwards and on how many requests it took. Needs {@code sync-testkit} (test
 * scope) and the adapters your {@code config.yml} names.
 */
class SiteAndDeviceSyncTest {
  @RegisterExtension static final NetBoxServer netbox = NetBoxServer.builder().build();
  @RegisterExtension static final InfrahubServer infrahub =
      InfrahubServer.builder().schema(InfrahubSchema.examples()).build(); // or InfrahubSchema.fromJson(yours)

  /** The mapping under test: tags, sites and devices; PDUs stay out; device names are lower-cased. */
  static final String CONFIG = """
      name: sites-and-devices
      source: {name: netbox, settings: {url: "${NETBOX_URL}", token: "${NETBOX_TOKEN}"}}
      destination: {name: infrahub, settings: {url: "${INFRAHUB_URL}", token: "${INFRAHUB_TOKEN}"}}
      diffsync_flags: [CONTINUE_ON_FAILURE]
      schema_mapping:
        - name: BuiltinTag
          mapping: extras.tags
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
        - name: LocationGeneric
          mapping: dcim.sites
          identifiers: [name]
          fields:
            - {name: name, mapping: slug}
            - {name: description, mapping: name}
            - {name: type, static: Site}
            - {name: tags, mapping: tags, reference: BuiltinTag}
        - name: InfraDevice
          mapping: dcim.devices
          identifiers: [location, name]
          fields:
            - {name: name, mapping: name}
            - {name: location, mapping: site, reference: LocationGeneric}
            - {name: serial_number, mapping: serial}
          filters:
            - {field: name, operation: "not contains", value: pdu}
          transforms:
            - {field: name, expression: "{{ name.lower() }}"}
      """;

  @TempDir Path dir;

  @BeforeEach
  void seedNetBox() {
    netbox.clear();
    infrahub.clear();
    Object core = netbox.seed("extras/tags", Map.of("name", "core", "slug", "core")).get("id");
    Object ams = netbox.seed("dcim/sites", Map.of("name", "Amsterdam", "slug", "ams1", "tags", List.of(core)))
        .get("id");
    Object fra = netbox.seed("dcim/sites", Map.of("name", "Frankfurt", "slug", "fra1")).get("id");
    Object vendor = netbox.seed("dcim/manufacturers", Map.of("name", "Arista", "slug", "arista")).get("id");
    Object type = netbox.seed("dcim/device-types", Map.of("manufacturer", vendor, "model", "DCS-7050", "slug", "7050"))
        .get("id");
    Object role = netbox.seed("dcim/device-roles", Map.of("name", "leaf", "slug", "leaf")).get("id");
    for (Object[] d : new Object[][] {{"AMS1-LEAF1", ams}, {"ams1-pdu1", ams}, {"fra1-leaf1", fra}}) {
      netbox.seed("dcim/devices", Map.of("name", d[0], "site", d[1], "device_type", type, "role", role,
          "serial", "SN-" + d[0]));
    }
    netbox.requestLog().reset();
    infrahub.requestLog().reset();
    infrahub.graphqlLog().clear();
  }

  private SyncReport sync() throws Exception {
    Path config = Files.writeString(dir.resolve("config.yml"), CONFIG);
    Map<String, String> env = Map.of(
        "NETBOX_URL", netbox.baseUrl().toString(), "NETBOX_TOKEN", NetBoxServer.DEFAULT_TOKEN,
        "INFRAHUB_URL", infrahub.baseUrl().toString(), "INFRAHUB_TOKEN", InfrahubServer.DEFAULT_TOKEN);
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env::get).inMemoryCache().build()) {
      return engine.sync();
    }
  }

  @Test
  void copiesSitesAndDevicesWithoutPdusInOneRequestPerResourceAndTier() throws Exception {
    SyncReport report = sync();

    assertThat(report.success()).as(report.errors().toString()).isTrue();
    InfrahubNode ams1 = infrahub.find("LocationGeneric", "name", "ams1").orElseThrow();
    assertThat(ams1.attributes()).containsEntry("description", "Amsterdam").containsEntry("type", "Site");
    assertThat(ams1.peers("tags")).containsExactly(infrahub.find("BuiltinTag", "name", "core").orElseThrow().id());
    assertThat(infrahub.nodes("InfraDevice")).extracting(n -> n.attribute("name"))
        .containsExactlyInAnyOrder("ams1-leaf1", "fra1-leaf1");
    InfrahubNode leaf = infrahub.find("InfraDevice", "name", "ams1-leaf1").orElseThrow();
    assertThat(leaf.peer("location")).isEqualTo(ams1.id());
    assertThat(leaf.attribute("serial_number")).isEqualTo("SN-AMS1-LEAF1");

    // one list request per NetBox resource; one mutation request per tier (tags, sites, devices)
    assertThat(netbox.requestLog().count("GET", "/api/dcim/devices/")).isEqualTo(1);
    assertThat(netbox.requestLog().countsByMethod()).containsOnlyKeys("GET");
    assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(3);
    assertThat(infrahub.graphqlLog().writes("InfraDevice")).isEqualTo(2);
  }

  @Test
  void aSecondRunFindsNothingToDoAndWritesNothing() throws Exception {
    assertThat(sync().success()).isTrue();
    infrahub.graphqlLog().clear();

    SyncReport second = sync();

    assertThat(second.plan().isEmpty()).as(second.plan().render()).isTrue();
    assertThat(infrahub.graphqlLog().mutationRequests()).isZero();
    assertThat(Objects.requireNonNull(second.counts("InfraDevice")).unchanged()).isEqualTo(2);
  }
}
