package io.infrasync.adapters.infrahub;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.ConfigurationException;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.testkit.infrahub.InfrahubNode;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.Cardinality;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
 * NetBox → Infrahub through the engine with the upstream {@code netbox_to_infrahub} example mapping,
 * unchanged: the NetBox adapter against the NetBox emulator, this adapter against the Infrahub
 * emulator.
 */
@Timeout(120)
class NetboxToInfrahubSyncTest {
  /**
   * The emulator's example schema, with the two changes the upstream NetBox mapping needs to be
   * accepted: {@code InfraDevice} unique on all four identifiers of the mapping (#166: the example
   * schema's human friendly id [location, name] is coarser), and {@code InfraCircuit.type} a text
   * attribute (the mapping writes the plain {@code type.name}, without {@code reference}); and a
   * {@code parent}/{@code children} pair on {@code LocationGeneric} for the self-reference test.
   */
  static InfrahubSchema netboxSchema() {
    return InfrahubSchema.examples().toBuilder()
        .node("InfraDevice", k -> k.humanFriendlyId("location__name__value", "rack__name__value",
            "organization__name__value", "name__value"))
        .node("InfraCircuit", k -> k.optional("type", "Text"))
        .node("LocationGeneric", k -> k
            .relationship(new RelationshipSchema("parent", "LocationGeneric", Cardinality.ONE, "location__parent",
                true, "Parent", false))
            .relationship(new RelationshipSchema("children", "LocationGeneric", Cardinality.MANY,
                "location__parent", true, "Component", false)))
        .build();
  }

  @RegisterExtension static final InfrahubServer infrahub = InfrahubServer.builder().schema(netboxSchema()).build();
  @RegisterExtension static final NetBoxServer netbox = NetBoxServer.builder().build();

  static Path shared() {
    String dir = System.getProperty("infrasync.shared.dir");
    return dir != null ? Path.of(dir) : Path.of("../../shared");
  }

  static final Path EXAMPLE = shared().resolve("upstream-examples/netbox_to_infrahub/config.yml");

  Function<String, @Nullable String> env() {
    Map<String, String> env = Map.of(
        "NETBOX_URL", netbox.baseUrl().toString(), "NETBOX_TOKEN", NetBoxServer.DEFAULT_TOKEN,
        "INFRAHUB_ADDRESS", infrahub.baseUrl().toString(), "INFRAHUB_API_TOKEN", InfrahubServer.DEFAULT_TOKEN);
    return env::get;
  }

  SyncEngine engine(SyncConfig config) {
    return SyncEngine.builder().config(config).environment(env()).inMemoryCache().build();
  }

  /** An engine whose guardrails let a run delete most of the destination. */
  SyncEngine deletingEngine(SyncConfig config) {
    return SyncEngine.builder().config(config).environment(env()).inMemoryCache()
        .guardrails(io.infrasync.Guardrails.NONE).build();
  }

  SyncConfig example(String extra) throws Exception {
    return ConfigLoader.parse(Files.readString(EXAMPLE) + extra, EXAMPLE.toString(), EXAMPLE.getParent(), env());
  }

  final Map<String, Long> ids = new java.util.HashMap<>();

  long seed(String key, String endpoint, Object... kv) {
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      Object v = kv[i + 1];
      fields.put((String) kv[i], v instanceof Ref r ? id(r.key()) : v instanceof Refs r
          ? r.keys().stream().map(this::id).toList() : v);
    }
    long id = ((Number) Objects.requireNonNull(netbox.seed(endpoint, fields).get("id"))).longValue();
    ids.put(key, id);
    return id;
  }

  long id(String key) {
    return Objects.requireNonNull(ids.get(key), key);
  }

  record Ref(String key) {}

  record Refs(List<String> keys) {}

  static Ref ref(String key) {
    return new Ref(key);
  }

  static Refs refs(String... keys) {
    return new Refs(List.of(keys));
  }

  @BeforeEach
  void seedNetbox() {
    infrahub.clear();
    netbox.clear();
    infrahub.requestLog().reset();
    infrahub.graphqlLog().clear();
    seed("core", "extras/tags", "name", "core", "slug", "core", "description", "Core");
    seed("edge", "extras/tags", "name", "edge", "slug", "edge");
    seed("router", "dcim/device-roles", "name", "router", "slug", "router", "description", "Routers");
    seed("network", "dcim/rack-roles", "name", "network", "slug", "network");
    seed("p2p", "ipam/roles", "name", "p2p", "slug", "p2p");
    seed("customers", "tenancy/tenant-groups", "name", "customers", "slug", "customers");
    seed("acme", "tenancy/tenants", "name", "acme", "slug", "acme", "group", ref("customers"));
    seed("europe", "dcim/site-groups", "name", "europe", "slug", "europe");
    seed("emea", "dcim/regions", "name", "EMEA", "slug", "emea", "tags", refs("core"));
    seed("ams1", "dcim/sites", "name", "Amsterdam 1", "slug", "ams1", "region", ref("emea"), "group", ref("europe"),
        "tenant", ref("acme"), "tags", refs("edge"));
    seed("fra1", "dcim/sites", "name", "Frankfurt 1", "slug", "fra1");
    seed("room1", "dcim/locations", "name", "Room 1", "slug", "room1", "site", ref("ams1"), "tenant", ref("acme"));
    seed("r1", "dcim/racks", "name", "r1", "site", ref("ams1"), "role", ref("network"), "serial", "SN1",
        "tags", refs("core"));
    seed("r2", "dcim/racks", "name", "r2", "site", ref("fra1"));
    seed("arista", "dcim/manufacturers", "name", "Arista", "slug", "arista");
    seed("7050", "dcim/device-types", "manufacturer", ref("arista"), "model", "DCS-7050", "slug", "dcs-7050",
        "part_number", "P-7050", "u_height", 1.0, "tags", refs("core"));
    seed("sw1", "dcim/devices", "name", "Ams1-dmi01-SW1", "device_type", ref("7050"), "role", ref("router"),
        "site", ref("ams1"), "rack", ref("r1"), "tenant", ref("acme"), "tags", refs("core", "edge"));
    seed("sw2", "dcim/devices", "name", "ams1-dmi01-sw2", "device_type", ref("7050"), "role", ref("router"),
        "site", ref("ams1"));
    seed("pdu", "dcim/devices", "name", "ams1-dmi01-pdu1", "device_type", ref("7050"), "role", ref("router"),
        "site", ref("ams1"));
    seed("other", "dcim/devices", "name", "fra1-core1", "device_type", ref("7050"), "role", ref("router"),
        "site", ref("fra1"));
    seed("vg1", "ipam/vlan-groups", "name", "vg1", "slug", "vg1");
    seed("v10", "ipam/vlans", "vid", 10, "name", "v10", "site", ref("ams1"), "group", ref("vg1"), "tenant",
        ref("acme"));
    seed("v20", "ipam/vlans", "vid", 20, "name", "v20", "site", ref("ams1"), "group", ref("vg1"));
    seed("sw1-eth0", "dcim/interfaces", "device", ref("sw1"), "name", "eth0", "type", "1000base-t", "mode", "tagged",
        "untagged_vlan", ref("v10"), "tagged_vlans", refs("v10", "v20"), "tags", refs("core"));
    seed("sw1-eth1", "dcim/interfaces", "device", ref("sw1"), "name", "eth1", "type", "1000base-t", "mode", "access",
        "mgmt_only", true, "description", "uplink");
    seed("sw2-eth0", "dcim/interfaces", "device", ref("sw2"), "name", "eth0", "type", "1000base-t");
    seed("pdu-eth0", "dcim/interfaces", "device", ref("pdu"), "name", "eth0", "type", "1000base-t");
    seed("other-eth0", "dcim/interfaces", "device", ref("other"), "name", "eth0", "type", "1000base-t");
    seed("ntt", "circuits/providers", "name", "NTT", "slug", "ntt");
    seed("backbone", "circuits/provider-networks", "provider", ref("ntt"), "name", "backbone", "service_id", "S-1",
        "tags", refs("core"));
    seed("transit", "circuits/circuit-types", "name", "transit", "slug", "transit");
    seed("cid1", "circuits/circuits", "cid", "CID-1", "provider", ref("ntt"), "type", ref("transit"));
    seed("rt1", "ipam/route-targets", "name", "65000:1", "tenant", ref("acme"));
    seed("rt2", "ipam/route-targets", "name", "65000:2");
    seed("blue", "ipam/vrfs", "name", "blue", "rd", "65000:100", "tenant", ref("acme"),
        "import_targets", refs("rt1", "rt2"), "export_targets", refs("rt1"));
    seed("pfx1", "ipam/prefixes", "prefix", "10.0.0.0/24", "vrf", ref("blue"), "tenant", ref("acme"),
        "role", ref("p2p"));
    seed("pfx2", "ipam/prefixes", "prefix", "10.1.0.0/24");
    seed("ip1", "ipam/ip-addresses", "address", "10.0.0.1/24", "vrf", ref("blue"), "tenant", ref("acme"));
    seed("ip2", "ipam/ip-addresses", "address", "10.1.0.1/24");
  }

  InfrahubNode node(String kind, String attribute, Object value) {
    return infrahub.find(kind, attribute, value).orElseThrow(() -> new AssertionError(kind + " " + value));
  }

  String idOf(String kind, String attribute, Object value) {
    return node(kind, attribute, value).id();
  }

  @Test
  void theUpstreamExampleMappingCreatesEveryKindWithItsReferencesAndListReferences() throws Exception {
    SyncReport report;
    try (SyncEngine engine = engine(example(""))) {
      report = engine.sync();
    }

    assertThat(report.success()).as(report.errors().toString()).isTrue();
    Map<String, Integer> expected = new java.util.LinkedHashMap<>();
    expected.put("BuiltinTag", 2);
    expected.put("RoleGeneric", 3);
    expected.put("CoreStandardGroup", 3);
    expected.put("OrganizationGeneric", 3);
    expected.put("LocationGeneric", 4);
    expected.put("InfraRack", 2);
    expected.put("ChoiceDeviceType", 1);
    expected.put("InfraDevice", 2);
    expected.put("InfraInterfaceL2L3", 3);
    expected.put("InfraProviderNetwork", 1);
    expected.put("ChoiceCircuitType", 1);
    expected.put("InfraCircuit", 1);
    expected.put("InfraRouteTarget", 2);
    expected.put("InfraVRF", 1);
    expected.put("InfraVLAN", 2);
    expected.put("InfraPrefix", 2);
    expected.put("InfraIPAddress", 2);
    expected.forEach((kind, n) -> assertThat(infrahub.count(kind)).as(kind).isEqualTo(n));

    String acme = idOf("OrganizationGeneric", "name", "acme");
    InfrahubNode ams1 = node("LocationGeneric", "name", "ams1");
    assertThat(ams1.attributes()).containsEntry("description", "Amsterdam 1").containsEntry("type", "Site");
    assertThat(ams1.peer("organization")).isEqualTo(acme);
    assertThat(ams1.peer("group")).isEqualTo(idOf("CoreStandardGroup", "name", "europe"));
    assertThat(ams1.peers("tags")).containsExactly(idOf("BuiltinTag", "name", "edge"));
    assertThat(node("LocationGeneric", "name", "emea").attributes()).containsEntry("type", "Region");
    assertThat(node("LocationGeneric", "name", "room1").attributes()).containsEntry("type", "Location");

    InfrahubNode sw1 = node("InfraDevice", "name", "ams1-dmi01-sw1"); // lower-cased by the transform
    assertThat(sw1.peer("location")).isEqualTo(ams1.id());
    assertThat(sw1.peer("rack")).isEqualTo(idOf("InfraRack", "name", "r1"));
    assertThat(sw1.peer("organization")).isEqualTo(acme);
    assertThat(sw1.peer("role")).isEqualTo(idOf("RoleGeneric", "name", "router"));
    assertThat(sw1.peer("model")).isEqualTo(idOf("ChoiceDeviceType", "name", "DCS-7050"));
    assertThat(sw1.peers("tags")).containsExactlyInAnyOrder(idOf("BuiltinTag", "name", "core"),
        idOf("BuiltinTag", "name", "edge"));
    assertThat(node("InfraDevice", "name", "ams1-dmi01-sw2").peer("rack")).isNull();

    InfrahubNode eth0 = infrahub.nodes("InfraInterfaceL2L3").stream()
        .filter(n -> "eth0".equals(n.attribute("name")) && sw1.id().equals(n.peer("device"))).findFirst().orElseThrow();
    String v10 = idOf("InfraVLAN", "name", "v10");
    assertThat(eth0.peer("untagged_vlan")).isEqualTo(v10);
    assertThat(eth0.peers("tagged_vlan")).containsExactlyInAnyOrder(v10, idOf("InfraVLAN", "name", "v20"));
    assertThat(eth0.attributes()).containsEntry("l2_mode", "Tagged");
    InfrahubNode vrf = node("InfraVRF", "name", "blue");
    assertThat(vrf.peers("import_rt")).hasSize(2);
    assertThat(vrf.peers("export_rt")).containsExactly(idOf("InfraRouteTarget", "name", "65000:1"));
    assertThat(node("InfraVLAN", "name", "v10").peer("vlan_group")).isEqualTo(idOf("CoreStandardGroup", "name", "vg1"));
    assertThat(node("InfraIPAddress", "address", "10.0.0.1/24").peer("vrf")).isEqualTo(vrf.id());
    assertThat(node("InfraCircuit", "circuit_id", "CID-1").peer("provider")).isEqualTo(idOf("OrganizationGeneric",
        "name", "NTT"));
    // one request per kind and tier at most: the cold destination holds far fewer records than a batch
    assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(expected.size());
  }

  @Test
  void aRunOnABranchLeavesMainUntouched() throws Exception {
    infrahub.createBranch("b1");
    try (SyncEngine engine = SyncEngine.builder().config(example("")).environment(env()).inMemoryCache()
        .branch("b1").build()) {
      assertThat(engine.sync().success()).isTrue();
    }
    assertThat(infrahub.count("b1", "InfraDevice")).isEqualTo(2);
    assertThat(infrahub.count("b1", "InfraInterfaceL2L3")).isEqualTo(3);
    for (String kind : List.of("BuiltinTag", "LocationGeneric", "InfraDevice", "InfraInterfaceL2L3", "InfraVRF")) {
      assertThat(infrahub.count(kind)).as(kind).isZero();
    }
    assertThat(infrahub.requestLog().entries()).extracting(e -> e.path())
        .filteredOn(p -> p.startsWith("/graphql")).isNotEmpty().allMatch("/graphql/b1"::equals);
  }

  @Test
  void aSecondRunWritesNothing() throws Exception {
    try (SyncEngine engine = engine(example(""))) {
      assertThat(engine.sync().success()).isTrue();
      infrahub.graphqlLog().clear();
      SyncReport second = engine.sync();
      assertThat(second.plan().changes()).as(second.plan().render()).isEmpty();
    }
    assertThat(infrahub.graphqlLog().mutationRequests()).isZero();
  }

  @Test
  void recordsDeletedAtTheSourceAreDeletedChildrenFirst() throws Exception {
    SyncConfig config = example("\ndiffsync_flags: [CONTINUE_ON_FAILURE]\n");
    try (SyncEngine engine = deletingEngine(config)) {
      assertThat(engine.sync().success()).isTrue();
      String sw1 = idOf("InfraDevice", "name", "ams1-dmi01-sw1");
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      infrahub.faults().on(r -> {
        String body = r.bodyText();
        if (body.contains("Delete(")) {
          order.add(body.contains("InfraDeviceDelete") ? "device" : body.contains("InfraInterfaceL2L3Delete")
              ? "interface" : "other");
        }
        return false;
      }).always(io.infrasync.testkit.Fault.latency(java.time.Duration.ZERO));
      netbox.clear(); // everything is gone at the source except what we seed again
      ids.clear();
      seed("core", "extras/tags", "name", "core", "slug", "core", "description", "Core");

      SyncReport report = engine.sync();

      assertThat(report.success()).as(report.errors().toString()).isTrue();
      assertThat(report.plan().count("InfraDevice", Action.DELETE)).isEqualTo(2);
      assertThat(infrahub.node(sw1)).isEmpty();
      assertThat(infrahub.count("InfraInterfaceL2L3")).isZero();
      assertThat(infrahub.count("InfraDevice")).isZero();
      assertThat(infrahub.nodes("BuiltinTag")).extracting(n -> n.attribute("name")).containsExactly("core");
      assertThat(order).containsSubsequence("interface", "device");
      assertThat(order.indexOf("device")).isGreaterThan(order.lastIndexOf("interface"));
    } finally {
      infrahub.faults().clear();
    }
  }

  @Test
  void theUnchangedExampleSchemaIsRefusedBeforeAnyNodeIsRead() throws Exception {
    try (InfrahubServer plain = InfrahubServer.builder().schema(InfrahubSchema.examples()).build().start()) {
      Map<String, String> env = Map.of("NETBOX_URL", netbox.baseUrl().toString(), "NETBOX_TOKEN",
          NetBoxServer.DEFAULT_TOKEN, "INFRAHUB_ADDRESS", plain.baseUrl().toString(), "INFRAHUB_API_TOKEN",
          InfrahubServer.DEFAULT_TOKEN);
      SyncConfig config = ConfigLoader.parse(Files.readString(EXAMPLE), EXAMPLE.toString(), EXAMPLE.getParent(),
          env::get);
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
        try (SyncEngine engine = SyncEngine.builder().config(config).environment(env::get).inMemoryCache().build()) {
          engine.sync();
        }
      });
      assertThat(thrown).isInstanceOf(ConfigurationException.class);
      assertThat(((ConfigurationException) thrown).problems()).extracting(ConfigurationException.Problem::message)
          .anySatisfy(m -> assertThat(m).contains("`InfraDevice` are finer than Infrahub's human friendly id"))
          .anySatisfy(m -> assertThat(m).contains("`InfraCircuit.type` is a relationship"));
      assertThat(plain.requestLog().count("POST", "/graphql")).isZero();
    }
  }

  @Test
  void aSelfReferencingKindIsWrittenParentsFirstAndReparented() throws Exception {
    netbox.clear();
    ids.clear();
    seed("emea", "dcim/regions", "name", "EMEA", "slug", "emea");
    seed("nl", "dcim/regions", "name", "Netherlands", "slug", "nl", "parent", ref("emea"));
    seed("ams", "dcim/regions", "name", "Amsterdam", "slug", "ams", "parent", ref("nl"));
    SyncConfig config = ConfigLoader.parse("""
        name: regions
        source: {name: netbox, settings: {url: "http://netbox.invalid", token: "x"}}
        destination: {name: infrahub, settings: {url: "http://infrahub.invalid"}}
        schema_mapping:
          - name: LocationGeneric
            mapping: dcim.regions
            identifiers: [name]
            fields:
              - {name: name, mapping: slug}
              - {name: type, static: Region}
              - {name: parent, mapping: parent, reference: LocationGeneric}
        """, "regions.yml", null, env());
    try (SyncEngine engine = engine(config)) {
      SyncReport report = engine.sync();
      assertThat(report.success()).as(report.errors().toString()).isTrue();
      String emea = idOf("LocationGeneric", "name", "emea");
      String nl = idOf("LocationGeneric", "name", "nl");
      assertThat(node("LocationGeneric", "name", "emea").peer("parent")).isNull();
      assertThat(node("LocationGeneric", "name", "nl").peer("parent")).isEqualTo(emea);
      assertThat(node("LocationGeneric", "name", "ams").peer("parent")).isEqualTo(nl);
      assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(3); // one level per request

      netbox.clear(); // the same regions again, Amsterdam now directly under EMEA
      seed("emea", "dcim/regions", "name", "EMEA", "slug", "emea");
      seed("nl", "dcim/regions", "name", "Netherlands", "slug", "nl", "parent", ref("emea"));
      seed("ams", "dcim/regions", "name", "Amsterdam", "slug", "ams", "parent", ref("emea"));
      infrahub.graphqlLog().clear();
      assertThat(engine.sync().plan().changes()).hasSize(1);
      assertThat(node("LocationGeneric", "name", "ams").peer("parent")).isEqualTo(emea);
      assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(1);
    }
  }
}
