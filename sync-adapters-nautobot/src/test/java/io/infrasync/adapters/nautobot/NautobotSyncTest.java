package io.infrasync.adapters.nautobot;

import static io.infrasync.adapters.nautobot.Fixtures.m;
import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.AdapterConfig;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.testkit.RequestLog;
import io.infrasync.testkit.nautobot.NautobotServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Whole syncs through the engine with Nautobot (the emulator) as source and as destination. */
class NautobotSyncTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  @TempDir Path tmp;
  private NautobotServer nautobot;

  @BeforeEach
  void start() {
    nautobot = NautobotServer.builder().build().start();
  }

  @AfterEach
  void stop() {
    nautobot.close();
  }

  static Path upstream(String example) {
    String dir = System.getProperty("infrasync.shared.dir");
    Path shared = dir != null ? Path.of(dir) : Path.of("../../shared");
    return shared.resolve("upstream-examples/" + example + "/config.yml");
  }

  private static Object id(Map<String, Object> o) {
    return Objects.requireNonNull(o.get("id"));
  }

  /** A small inventory covering the endpoints of the upstream nautobot-v2 example. */
  private void seed() {
    Map<String, Object> core = nautobot.seed("extras/tags", m("name", "core", "description", "Core"));
    Map<String, Object> active = nautobot.seed("extras/statuses", m("name", "Active"));
    nautobot.seed("extras/statuses", m("name", "NULL"));
    Map<String, Object> router = nautobot.seed("extras/roles", m("name", "router", "description", "Routers"));
    Map<String, Object> customers = nautobot.seed("tenancy/tenant-groups", m("name", "customers"));
    Map<String, Object> acme = nautobot.seed("tenancy/tenants", m("name", "Acme", "tenant_group", id(customers)));
    Map<String, Object> siteType = nautobot.seed("dcim/location-types", m("name", "Site"));
    Map<String, Object> par1 = nautobot.seed("dcim/locations", m("name", "PAR1", "location_type", id(siteType),
        "status", id(active), "tags", List.of(id(core))));
    Map<String, Object> osl1 = nautobot.seed("dcim/locations", m("name", "OSL1", "location_type", id(siteType),
        "status", id(active)));
    Map<String, Object> rack = nautobot.seed("dcim/racks", m("name", "R01", "location", id(par1), "status", id(active),
        "role", id(router)));
    Map<String, Object> arista = nautobot.seed("dcim/manufacturers", m("name", "Arista"));
    Map<String, Object> eos = nautobot.seed("dcim/platforms", m("name", "eos", "manufacturer", id(arista),
        "napalm_driver", "eos"));
    Map<String, Object> dcs = nautobot.seed("dcim/device-types", m("model", "DCS-7050", "manufacturer", id(arista),
        "part_number", "7050SX"));
    Map<String, Object> rtr01 = nautobot.seed("dcim/devices", m("name", "rtr01", "device_type", id(dcs),
        "role", id(router), "location", id(par1), "rack", id(rack), "status", id(active), "tenant", id(acme),
        "platform", id(eos), "serial", "ABC1", "tags", List.of(id(core))));
    nautobot.seed("dcim/devices", m("name", "rtr02", "device_type", id(dcs), "role", id(router),
        "location", id(osl1), "status", id(active)));
    Map<String, Object> ntt = nautobot.seed("circuits/providers", m("name", "NTT"));
    Map<String, Object> zayo = nautobot.seed("circuits/providers", m("name", "Zayo"));
    Map<String, Object> transit = nautobot.seed("circuits/circuit-types", m("name", "Transit"));
    nautobot.seed("circuits/circuits", m("cid", "ntt-001", "provider", id(ntt), "circuit_type", id(transit),
        "status", id(active)));
    nautobot.seed("circuits/circuits", m("cid", "z-1", "provider", id(zayo), "circuit_type", id(transit),
        "status", id(active)));
    nautobot.seed("plugins/bgp/autonomous-systems", m("asn", 65000, "provider", id(ntt), "status", id(active)));
    Map<String, Object> global = nautobot.seed("ipam/namespaces", m("name", "Global"));
    Map<String, Object> rt = nautobot.seed("ipam/route-targets", m("name", "65000:1", "tenant", id(acme)));
    nautobot.seed("ipam/vrfs", m("name", "blue", "namespace", id(global), "tenant", id(acme),
        "import_targets", List.of(id(rt)), "export_targets", List.of(id(rt))));
    Map<String, Object> vg = nautobot.seed("ipam/vlan-groups", m("name", "vg1"));
    Map<String, Object> users = nautobot.seed("ipam/vlans", m("vid", 10, "name", "users", "vlan_group", id(vg),
        "locations", List.of(id(par1)), "status", id(active), "role", id(router)));
    Map<String, Object> prefix = nautobot.seed("ipam/prefixes", m("prefix", "10.0.0.0/24", "namespace", id(global),
        "status", id(active), "locations", List.of(id(par1)), "vlan", id(users)));
    nautobot.seed("ipam/ip-addresses", m("address", "10.0.0.1/24", "parent", id(prefix), "status", id(active),
        "tenant", id(acme)));
    nautobot.seed("dcim/interfaces", m("device", id(rtr01), "name", "Ethernet1", "type", "1000base-t",
        "status", id(active), "mode", "access", "untagged_vlan", id(users)));
  }

  static List<Map<String, Object>> lines(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = JSON.readValue(line, Map.class);
        out.add(row);
      }
    }
    return out;
  }

  private static Map<String, Object> one(List<Map<String, Object>> rows, String field, Object value) {
    return rows.stream().filter(r -> value.equals(r.get(field))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + field + "=" + value + " in " + rows));
  }

  @Test
  void upstreamNautobotExampleReadsEachEndpointOnceAtDepthOneAndASecondRunFindsNothing() throws IOException {
    seed();
    Path dst = tmp.resolve("infrahub");
    SyncConfig up = ConfigLoader.load(upstream("nautobot-v2_to_infrahub"));
    SyncConfig config = new SyncConfig(up.name(), up.description(), null, up.source(),
        new AdapterConfig("file", Map.of("directory", dst.toString())), List.of(), List.of(), up.schemaMapping(),
        up.diffsyncFlags(), up.incremental(), null, null);
    Map<String, String> vars = Map.of("NAUTOBOT_URL", nautobot.baseUrl().toString(), "NAUTOBOT_TOKEN",
        nautobot.token());
    Function<String, @Nullable String> env = vars::get;
    nautobot.requestLog().reset();

    SyncReport first;
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env).inMemoryCache().build()) {
      first = engine.sync();
    }

    assertThat(first.success()).as(first.errors().toString()).isTrue();
    Set<String> endpoints = new java.util.TreeSet<>();
    config.schemaMapping().forEach(e -> endpoints.add(
        "GET " + io.infrasync.internal.rest.ApiPath.of("nautobot", Objects.requireNonNull(e.mapping()))));
    assertThat(nautobot.requestLog().countsByEndpoint().keySet()).isEqualTo(endpoints);
    assertThat(nautobot.requestLog().countsByEndpoint().values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
    assertThat(nautobot.requestLog().entries()).allSatisfy(e -> assertThat(e.query()).contains("depth=1"));

    List<Map<String, Object>> devices = lines(dst.resolve("InfraDevice.jsonl"));
    assertThat(devices).hasSize(2);
    assertThat(one(devices, "name", "rtr01")).containsEntry("location", "PAR1").containsEntry("organization", "Acme")
        .containsEntry("role", "router").containsEntry("status", "Active").containsEntry("platform", "eos__Arista")
        .containsEntry("model", "DCS-7050__Arista").containsEntry("rack", "R01").containsEntry("tags", List.of("core"));
    assertThat(lines(dst.resolve("InfraCircuit.jsonl"))).singleElement()
        .satisfies(c -> assertThat(c).containsEntry("vendor_id", "ntt-001").containsEntry("provider", "NTT")
            .containsEntry("type", "Transit"));
    assertThat(one(lines(dst.resolve("InfraAutonomousSystem.jsonl")), "asn", 65000))
        .containsEntry("organization", "NTT");
    assertThat(one(lines(dst.resolve("InfraPrefix.jsonl")), "prefix", "10.0.0.0/24"))
        .containsEntry("ip_namespace", "Global").containsEntry("locations", List.of("PAR1"))
        .containsEntry("vlan", "users");
    assertThat(one(lines(dst.resolve("InfraIPAddress.jsonl")), "address", "10.0.0.1/24"))
        .containsEntry("ip_prefix", "10.0.0.0/24__Global");
    assertThat(lines(dst.resolve("StatusGeneric.jsonl"))).extracting(s -> s.get("name"))
        .containsExactlyInAnyOrder("Active", "default");
    Map<String, Object> eth1 = one(lines(dst.resolve("InfraInterfaceL2L3.jsonl")), "name", "Ethernet1");
    assertThat(eth1).containsEntry("device", "PAR1__Acme__rtr01").containsEntry("untagged_vlan", "users")
        .containsEntry("status", "Active");
    assertThat(String.valueOf(eth1.get("interface_type"))).containsIgnoringCase("1000");

    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env).inMemoryCache().build()) {
      assertThat(engine.diff().isEmpty()).as("a second run finds nothing to do").isTrue();
    }
  }

  /**
   * The entries of the upstream nautobot-v2 example whose paths mean the same on NetBox and on
   * Nautobot (tags, tenancy, manufacturers, device types, providers, circuit types, route targets).
   */
  static SyncConfig netboxToNautobot() {
    SyncConfig up = ConfigLoader.load(upstream("nautobot-v2_to_infrahub"));
    Set<String> shared = Set.of("extras.tags", "tenancy.tenant-groups", "tenancy.tenants", "dcim.manufacturers",
        "dcim.device-types", "circuits.providers", "circuits.circuit-types", "ipam.route-targets");
    List<SchemaMapping> entries = up.schemaMapping().stream().filter(e -> shared.contains(e.mapping())).toList();
    return new SyncConfig("netbox-to-nautobot", null, null,
        new AdapterConfig("netbox", Map.of("url", "http://set.by.env", "token", "x")),
        new AdapterConfig("nautobot", Map.of("url", "http://set.by.env", "token", "x")),
        List.of(), List.of(), entries, up.diffsyncFlags(), up.incremental(), null, null);
  }

  @Test
  void netboxToNautobotCreatesEverySharedRecordThenWritesNothing() {
    try (NetBoxServer netbox = NetBoxServer.builder().build().start()) {
      Map<String, Object> core = netbox.seed("extras/tags", m("name", "core", "slug", "core", "description", "Core"));
      Map<String, Object> customers = netbox.seed("tenancy/tenant-groups", m("name", "customers", "slug", "customers",
          "description", "Paying"));
      netbox.seed("tenancy/tenants", m("name", "Acme", "slug", "acme", "group", id(customers)));
      Map<String, Object> globex = netbox.seed("tenancy/tenants", m("name", "Globex", "slug", "globex",
          "description", "second"));
      Map<String, Object> arista = netbox.seed("dcim/manufacturers", m("name", "Arista", "slug", "arista"));
      netbox.seed("dcim/device-types", m("model", "DCS-7050", "slug", "dcs-7050", "part_number", "7050SX",
          "u_height", 1.0, "manufacturer", id(arista), "tags", List.of(id(core))));
      netbox.seed("circuits/providers", m("name", "Zayo", "slug", "zayo"));
      netbox.seed("circuits/circuit-types", m("name", "Transit", "slug", "transit", "description", "IP transit"));
      netbox.seed("ipam/route-targets", m("name", "65000:1", "tenant", id(globex)));
      Map<String, String> vars = new HashMap<>();
      vars.put("NETBOX_URL", netbox.baseUrl().toString());
      vars.put("NETBOX_TOKEN", NetBoxServer.DEFAULT_TOKEN);
      vars.put("NAUTOBOT_URL", nautobot.baseUrl().toString());
      vars.put("NAUTOBOT_TOKEN", nautobot.token());
      Function<String, @Nullable String> env = vars::get;
      SyncConfig config = netboxToNautobot();

      SyncReport first;
      try (SyncEngine engine = SyncEngine.builder().config(config).environment(env).inMemoryCache().build()) {
        first = engine.sync();
      }

      assertThat(first.success()).as(first.errors().toString()).isTrue();
      assertThat(first.total(Action.CREATE)).isEqualTo(1 + 1 + 2 + 1 + 1 + 1 + 1 + 1);
      assertThat(nautobot.find("tenancy/tenants", "name", "Acme")).isPresent();
      assertThat(nautobot.find("tenancy/tenants", "name", "Globex").orElseThrow())
          .containsEntry("description", "second");
      Map<String, Object> type = nautobot.find("dcim/device-types", "model", "DCS-7050").orElseThrow();
      assertThat(type).containsEntry("part_number", "7050SX");
      assertThat(type.get("manufacturer")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("id", nautobot.find("dcim/manufacturers", "name", "Arista").orElseThrow().get("id"));
      assertThat(nautobot.find("ipam/route-targets", "name", "65000:1").orElseThrow().get("tenant"))
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("id", nautobot.find("tenancy/tenants", "name", "Globex").orElseThrow().get("id"));
      assertThat(nautobot.count("circuits/providers")).isEqualTo(1);
      assertThat(netbox.requestLog().entries()).allSatisfy(e -> assertThat(e.method()).isEqualTo("GET"));
      assertThat(nautobot.requestLog().entries()).filteredOn(e -> e.method().equals("POST"))
          .extracting(RequestLog.Entry::path).doesNotHaveDuplicates();

      nautobot.requestLog().reset();
      SyncReport second;
      try (SyncEngine engine = SyncEngine.builder().config(config).environment(env).inMemoryCache().build()) {
        second = engine.sync();
      }
      assertThat(second.plan().isEmpty()).as(second.plan().render()).isTrue();
      Map<String, Long> methods = new TreeMap<>(nautobot.requestLog().countsByMethod());
      assertThat(methods).containsOnlyKeys("GET");
    }
  }
}
