package io.infrasync.adapters.infrahub;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.testkit.infrahub.InfrahubNode;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.nautobot.NautobotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nautobot 2 → Infrahub through the engine with the upstream {@code nautobot-v2_to_infrahub} example
 * mapping, unchanged.
 */
@Timeout(120)
class NautobotToInfrahubSyncTest {
  /**
   * The emulator's example schema with {@code InfraDevice} unique on the mapping's three identifiers
   * (the example schema's human friendly id [location, name] is coarser: #166).
   */
  static InfrahubSchema nautobotSchema() {
    return InfrahubSchema.examples().toBuilder()
        .node("InfraDevice", k -> k.humanFriendlyId("location__name__value", "organization__name__value",
            "name__value"))
        .build();
  }

  @RegisterExtension
  static final InfrahubServer infrahub = InfrahubServer.builder().schema(nautobotSchema()).build();
  @RegisterExtension static final NautobotServer nautobot = NautobotServer.builder().build();

  static final Path EXAMPLE = NetboxToInfrahubSyncTest.shared()
      .resolve("upstream-examples/nautobot-v2_to_infrahub/config.yml");

  final Map<String, String> ids = new HashMap<>();

  Function<String, @Nullable String> env() {
    Map<String, String> env = Map.of(
        "NAUTOBOT_URL", nautobot.baseUrl().toString(), "NAUTOBOT_TOKEN", NautobotServer.DEFAULT_TOKEN,
        "INFRAHUB_ADDRESS", infrahub.baseUrl().toString(), "INFRAHUB_API_TOKEN", InfrahubServer.DEFAULT_TOKEN);
    return env::get;
  }

  void seed(String key, String endpoint, Object... kv) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      Object v = kv[i + 1];
      if (v instanceof String s && s.startsWith("@")) {
        v = id(s.substring(1));
      } else if (v instanceof List<?> l) {
        v = l.stream().map(x -> id(((String) x).substring(1))).toList();
      }
      fields.put((String) kv[i], v);
    }
    ids.put(key, String.valueOf(nautobot.seed(endpoint, fields).get("id")));
  }

  String id(String key) {
    return Objects.requireNonNull(ids.get(key), key);
  }

  @BeforeEach
  void seedNautobot() {
    infrahub.clear();
    nautobot.clear();
    infrahub.graphqlLog().clear();
    seed("core", "extras/tags", "name", "core", "description", "Core");
    seed("active", "extras/statuses", "name", "Active");
    seed("router", "extras/roles", "name", "router");
    seed("customers", "tenancy/tenant-groups", "name", "customers");
    seed("acme", "tenancy/tenants", "name", "acme", "tenant_group", "@customers");
    seed("site", "dcim/location-types", "name", "Site");
    seed("ams1", "dcim/locations", "name", "ams1", "location_type", "@site", "status", "@active",
        "tags", List.of("@core"));
    seed("r1", "dcim/racks", "name", "r1", "location", "@ams1", "status", "@active", "serial", "SN1");
    seed("arista", "dcim/manufacturers", "name", "Arista");
    seed("eos", "dcim/platforms", "name", "eos", "manufacturer", "@arista", "napalm_driver", "eos");
    seed("7050", "dcim/device-types", "manufacturer", "@arista", "model", "DCS-7050", "u_height", 1);
    seed("sw1", "dcim/devices", "name", "sw1", "device_type", "@7050", "role", "@router", "location", "@ams1",
        "status", "@active", "tenant", "@acme", "rack", "@r1", "platform", "@eos", "tags", List.of("@core"));
    seed("vg1", "ipam/vlan-groups", "name", "vg1");
    seed("v10", "ipam/vlans", "vid", 10, "name", "v10", "vlan_group", "@vg1", "locations", List.of("@ams1"),
        "status", "@active");
    seed("eth0", "dcim/interfaces", "device", "@sw1", "name", "eth0", "type", "1000base-t", "status", "@active",
        "mode", "tagged", "untagged_vlan", "@v10", "tagged_vlans", List.of("@v10"));
    seed("eth1", "dcim/interfaces", "device", "@sw1", "name", "eth1", "type", "1000base-t", "status", "@active");
    seed("rp1", "dcim/rear-ports", "device", "@sw1", "name", "rp1", "type", "8p8c");
    seed("fp1", "dcim/front-ports", "device", "@sw1", "name", "fp1", "type", "8p8c", "rear_port", "@rp1");
    seed("ntt", "circuits/providers", "name", "ntt");
    seed("backbone", "circuits/provider-networks", "provider", "@ntt", "name", "backbone");
    seed("transit", "circuits/circuit-types", "name", "transit");
    seed("c1", "circuits/circuits", "cid", "ntt-001", "provider", "@ntt", "circuit_type", "@transit",
        "status", "@active");
    seed("c2", "circuits/circuits", "cid", "other-002", "provider", "@ntt", "circuit_type", "@transit",
        "status", "@active");
    seed("global", "ipam/namespaces", "name", "Global");
    seed("rt1", "ipam/route-targets", "name", "65000:1", "tenant", "@acme");
    seed("blue", "ipam/vrfs", "name", "blue", "namespace", "@global", "import_targets", List.of("@rt1"),
        "export_targets", List.of("@rt1"));
    seed("pfx", "ipam/prefixes", "prefix", "10.0.0.0/24", "namespace", "@global", "status", "@active",
        "vlan", "@v10", "locations", List.of("@ams1"));
    seed("ip", "ipam/ip-addresses", "address", "10.0.0.1/24", "parent", "@pfx", "status", "@active",
        "interfaces", List.of("@eth0"));
  }

  InfrahubNode node(String kind, String attribute, Object value) {
    return infrahub.find(kind, attribute, value).orElseThrow(() -> new AssertionError(kind + " " + value));
  }

  @Test
  void theUpstreamExampleMappingCreatesEveryKindAndASecondRunWritesNothing() throws Exception {
    SyncConfig config = ConfigLoader.parse(Files.readString(EXAMPLE), EXAMPLE.toString(), EXAMPLE.getParent(), env());
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env()).inMemoryCache().build()) {
      SyncReport report = engine.sync();
      assertThat(report.success()).as(report.errors().toString()).isTrue();

      Map<String, Integer> expected = new LinkedHashMap<>();
      for (String one : List.of("BuiltinTag", "RoleGeneric", "StatusGeneric", "ChoiceLocationType", "LocationGeneric",
          "InfraRack", "InfraPlatform", "ChoiceDeviceType", "InfraDevice", "InfraRearPort", "InfraFrontPort",
          "InfraProviderNetwork", "ChoiceCircuitType", "InfraCircuit", "NautobotNamespace", "InfraRouteTarget",
          "InfraVRF", "InfraVLAN", "InfraPrefix", "InfraIPAddress")) {
        expected.put(one, 1);
      }
      expected.put("CoreStandardGroup", 2);
      expected.put("OrganizationGeneric", 3);
      expected.put("InfraInterfaceL2L3", 2);
      expected.put("InfraAutonomousSystem", 0);
      expected.forEach((kind, n) -> assertThat(infrahub.count(kind)).as(kind).isEqualTo(n));

      String active = node("StatusGeneric", "name", "Active").id();
      InfrahubNode sw1 = node("InfraDevice", "name", "sw1");
      assertThat(sw1.peer("status")).isEqualTo(active);
      assertThat(sw1.peer("platform")).isEqualTo(node("InfraPlatform", "name", "eos").id());
      assertThat(sw1.peer("organization")).isEqualTo(node("OrganizationGeneric", "name", "acme").id());
      assertThat(node("OrganizationGeneric", "name", "acme").attributes()).containsEntry("type", "Tenant");
      assertThat(node("OrganizationGeneric", "name", "Arista").attributes()).containsEntry("type", "Manufacturer");
      InfrahubNode fp1 = node("InfraFrontPort", "name", "fp1");
      assertThat(fp1.peer("rear_port")).isEqualTo(node("InfraRearPort", "name", "rp1").id());
      assertThat(fp1.peer("device")).isEqualTo(sw1.id());
      InfrahubNode vrf = node("InfraVRF", "name", "blue");
      assertThat(vrf.peer("ip_namespace")).isEqualTo(node("NautobotNamespace", "name", "Global").id());
      assertThat(vrf.peers("import_rt")).containsExactly(node("InfraRouteTarget", "name", "65000:1").id());
      String ams1 = node("LocationGeneric", "name", "ams1").id();
      assertThat(node("InfraVLAN", "name", "v10").peers("locations")).containsExactly(ams1);
      InfrahubNode ip = node("InfraIPAddress", "address", "10.0.0.1/24");
      assertThat(ip.peer("ip_prefix")).isEqualTo(node("InfraPrefix", "prefix", "10.0.0.0/24").id());
      String eth0 = infrahub.nodes("InfraInterfaceL2L3").stream().filter(n -> "eth0".equals(n.attribute("name")))
          .findFirst().orElseThrow().id();
      assertThat(ip.peers("interfaces")).containsExactly(eth0);
      assertThat(node("InfraCircuit", "circuit_id", "ntt-001").peer("type"))
          .isEqualTo(node("ChoiceCircuitType", "name", "transit").id());

      infrahub.graphqlLog().clear();
      SyncReport second = engine.sync();
      assertThat(second.plan().changes()).as(second.plan().render()).isEmpty();
      assertThat(infrahub.graphqlLog().mutationRequests()).isZero();
    }
  }
}
