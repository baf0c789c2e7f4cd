package io.infrasync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.Plan;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.AdapterConfig;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.DiffFlag;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.SyncListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A file-to-file sync with the mapping of the upstream NetBox example: the source directory holds
 * NetBox-shaped records (nested related objects with id, url and brief fields) in one file per
 * mapping path; the destination holds one file per kind.
 */
class NetboxExampleFileSyncTest {
  static final ObjectMapper JSON = JsonMapper.builder().build();
  static final String API = "https://netbox.example.com/api/";

  @TempDir Path tmp;

  /** A NetBox brief nested object. */
  static Map<String, Object> nested(String endpoint, int id, String... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("url", API + endpoint + "/" + id + "/");
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    m.put("display", kv.length > 1 ? kv[1] : String.valueOf(id));
    return m;
  }

  static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  final Map<String, List<Map<String, Object>>> netbox = new LinkedHashMap<>();

  void add(String resource, Map<String, Object> record) {
    netbox.computeIfAbsent(resource, r -> new ArrayList<>()).add(record);
  }

  void seed() {
    for (String r : List.of("extras.tags", "dcim.device_roles", "dcim.rack_roles", "ipam.roles", "tenancy.tenant-groups",
        "tenancy.tenants", "dcim.site-groups", "dcim.regions", "dcim.sites", "dcim.locations", "dcim.racks",
        "dcim.manufacturers", "dcim.device-types", "dcim.devices", "dcim.interfaces", "circuits.providers",
        "circuits.provider-networks", "circuits.circuit-types", "circuits.circuits", "ipam.route-targets", "ipam.vrfs",
        "ipam.vlan-groups", "ipam.vlans", "ipam.prefixes", "ipam.ip-addresses")) {
      netbox.put(r, new ArrayList<>());
    }
    var core = nested("extras/tags", 1, "name", "core", "slug", "core");
    var edge = nested("extras/tags", 2, "name", "edge", "slug", "edge");
    add("extras.tags", obj("id", 1, "name", "core", "slug", "core", "description", "Core"));
    add("extras.tags", obj("id", 2, "name", "edge", "slug", "edge", "description", ""));
    add("dcim.device_roles", obj("id", 1, "name", "router", "description", "Routers"));
    add("dcim.rack_roles", obj("id", 1, "name", "network", "description", "Network racks"));
    add("ipam.roles", obj("id", 1, "name", "p2p", "description", "Point to point"));
    add("tenancy.tenant-groups", obj("id", 1, "name", "customers", "description", ""));
    add("tenancy.tenants", obj("id", 1, "name", "Acme", "description", "",
        "group", nested("tenancy/tenant-groups", 1, "name", "customers", "slug", "customers")));
    add("tenancy.tenants", obj("id", 2, "name", "Globex", "description", "", "group", null));
    add("dcim.site-groups", obj("id", 1, "name", "europe", "description", "EU"));
    add("dcim.regions", obj("id", 1, "name", "France", "slug", "fr", "tags", List.of(core)));
    add("dcim.sites", obj("id", 1, "name", "Paris DC1", "slug", "par1",
        "group", nested("dcim/site-groups", 1, "name", "europe", "slug", "europe"),
        "tenant", nested("tenancy/tenants", 1, "name", "Acme", "slug", "acme"), "tags", List.of(edge, core)));
    add("dcim.sites", obj("id", 2, "name", "Oslo DC1", "slug", "osl1", "group", null, "tenant", null, "tags", List.of()));
    add("dcim.locations", obj("id", 1, "name", "Room 1", "slug", "par1-room1",
        "tenant", nested("tenancy/tenants", 2, "name", "Globex", "slug", "globex"), "tags", List.of()));
    var par1 = nested("dcim/sites", 1, "name", "Paris DC1", "slug", "par1");
    var osl1 = nested("dcim/sites", 2, "name", "Oslo DC1", "slug", "osl1");
    add("dcim.racks", obj("id", 1, "name", "R01", "site", par1, "u_height", 42, "serial", "SN-R01", "asset_tag", null,
        "facility_id", "F1", "role", nested("dcim/rack-roles", 1, "name", "network", "slug", "network"),
        "tags", List.of(core)));
    add("dcim.racks", obj("id", 2, "name", "R01", "site", osl1, "u_height", 48, "serial", "", "asset_tag", null,
        "facility_id", null, "role", null, "tags", List.of()));
    add("dcim.manufacturers", obj("id", 1, "name", "Arista", "description", ""));
    add("dcim.manufacturers", obj("id", 2, "name", "Cisco", "description", ""));
    var arista = nested("dcim/manufacturers", 1, "name", "Arista", "slug", "arista");
    add("dcim.device-types", obj("id", 1, "model", "DCS-7050", "part_number", "7050SX", "is_full_depth", true,
        "u_height", 1.0, "manufacturer", arista, "tags", List.of()));
    add("dcim.device-types", obj("id", 2, "model", "PDU-8", "part_number", "", "is_full_depth", false,
        "u_height", 0.5, "manufacturer", nested("dcim/manufacturers", 2, "name", "Cisco", "slug", "cisco"),
        "tags", List.of()));
    var router = nested("dcim/device-roles", 1, "name", "router", "slug", "router");
    var acme = nested("tenancy/tenants", 1, "name", "Acme", "slug", "acme");
    var r01par = nested("dcim/racks", 1, "name", "R01");
    var dt7050 = nested("dcim/device-types", 1, "model", "DCS-7050", "slug", "dcs-7050");
    add("dcim.devices", obj("id", 1, "name", "dmi01-PAR-RTR01", "serial", "ABC1", "asset_tag", null,
        "description", "core router", "device_type", dt7050, "tenant", acme, "role", router, "site", par1,
        "rack", r01par, "tags", List.of(core)));
    add("dcim.devices", obj("id", 2, "name", "dmi01-par-rtr02", "serial", "", "asset_tag", "A2", "description", "",
        "device_type", dt7050, "tenant", acme, "role", router, "site", par1, "rack", null, "tags", List.of()));
    add("dcim.devices", obj("id", 3, "name", "dmi01-osl-rtr01", "serial", "XYZ3", "asset_tag", null,
        "description", "", "device_type", dt7050, "tenant", null, "role", router, "site", osl1,
        "rack", nested("dcim/racks", 2, "name", "R01"), "tags", List.of()));
    add("dcim.devices", obj("id", 4, "name", "dmi01-par-pdu01", "serial", "P4", "asset_tag", null, "description", "",
        "device_type", nested("dcim/device-types", 2, "model", "PDU-8", "slug", "pdu-8"), "tenant", null,
        "role", router, "site", par1, "rack", r01par, "tags", List.of()));
    add("ipam.vlan-groups", obj("id", 1, "name", "par-vlans", "description", ""));
    add("ipam.vlans", obj("id", 1, "name", "users", "vid", 10, "tenant", acme, "description", "", "site", par1,
        "group", nested("ipam/vlan-groups", 1, "name", "par-vlans", "slug", "par-vlans")));
    add("ipam.vlans", obj("id", 2, "name", "voice", "vid", 20, "tenant", null, "description", "", "site", par1,
        "group", null));
    var users = nested("ipam/vlans", 1, "name", "users", "vid", "10");
    var voice = nested("ipam/vlans", 2, "name", "voice", "vid", "20");
    int itf = 0;
    for (int dev = 1; dev <= 4; dev++) {
      String devName = (String) netbox.get("dcim.devices").get(dev - 1).get("name");
      for (int port = 1; port <= 2; port++) {
        itf++;
        add("dcim.interfaces", obj("id", itf, "name", "Ethernet" + port, "description", port == 1 ? "uplink" : "",
            "type", obj("value", "1000base-t", "label", "1000BASE-T"),
            "mode", port == 1 ? obj("value", "tagged", "label", "Tagged") : null, "mac_address", null,
            "mgmt_only", false, "untagged_vlan", port == 1 ? users : null,
            "tagged_vlans", port == 1 ? List.of(voice, users) : List.of(),
            "device", nested("dcim/devices", dev, "name", devName), "tags", List.of()));
      }
    }
    add("circuits.providers", obj("id", 1, "name", "Zayo", "description", ""));
    var zayo = nested("circuits/providers", 1, "name", "Zayo", "slug", "zayo");
    add("circuits.provider-networks", obj("id", 1, "name", "Zayo MPLS", "service_id", "Z-1", "provider", zayo,
        "description", "", "tags", List.of()));
    add("circuits.circuit-types", obj("id", 1, "name", "Transit", "description", "", "tags", List.of()));
    add("circuits.circuits", obj("id", 1, "cid", "CID-001", "provider", zayo, "description", "",
        "type", nested("circuits/circuit-types", 1, "name", "Transit", "slug", "transit"), "tags", List.of()));
    add("ipam.route-targets", obj("id", 1, "name", "65000:1", "description", "", "tenant", acme));
    var rt = nested("ipam/route-targets", 1, "name", "65000:1");
    add("ipam.vrfs", obj("id", 1, "name", "blue", "description", "", "tenant", acme, "rd", "65000:1",
        "import_targets", List.of(rt), "export_targets", List.of(rt)));
    var blue = nested("ipam/vrfs", 1, "name", "blue");
    add("ipam.prefixes", obj("id", 1, "prefix", "10.0.0.0/24", "description", "", "tenant", acme,
        "role", nested("ipam/roles", 1, "name", "p2p", "slug", "p2p"), "vrf", blue, "site", par1));
    add("ipam.prefixes", obj("id", 2, "prefix", "192.0.2.0/24", "description", "docs", "tenant", null, "role", null,
        "vrf", null, "site", null));
    add("ipam.ip-addresses", obj("id", 1, "address", "10.0.0.1/24", "description", "", "tenant", acme, "vrf", blue));
    add("ipam.ip-addresses", obj("id", 2, "address", "192.0.2.1/24", "description", "", "tenant", null, "vrf", null));
  }

  void writeSource(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (var e : netbox.entrySet()) {
      StringBuilder sb = new StringBuilder();
      for (var rec : e.getValue()) {
        sb.append(JSON.writeValueAsString(rec)).append('\n');
      }
      Files.writeString(dir.resolve(e.getKey() + ".jsonl"), sb.toString());
    }
  }

  List<Map<String, Object>> destination(Path dir, String kind) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    Path f = dir.resolve(kind + ".jsonl");
    if (Files.exists(f)) {
      for (String line : Files.readAllLines(f)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.readValue(line, Map.class);
        out.add(m);
      }
    }
    return out;
  }

  SyncConfig config(Path src, Path dst) {
    SyncConfig upstream = ConfigLoader.load(BenchDataset.shared().resolve("upstream-examples/netbox_to_infrahub/config.yml"));
    return new SyncConfig(upstream.name(), upstream.description(), null,
        new AdapterConfig("file", Map.of("directory", src.toString())),
        new AdapterConfig("file", Map.of("directory", dst.toString())),
        List.of(), List.of(), upstream.schemaMapping(), Set.of(DiffFlag.CONTINUE_ON_FAILURE),
        upstream.incremental(), null, null);
  }

  /** The order in which kinds were written, per action. */
  static final class Writes implements SyncListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void writeProgress(String kind, Action action, long done, long total) {
      events.add(action.wireName() + " " + kind);
    }
  }

  @Test
  void upstreamNetboxMappingSyncsFileToFileCreatesUpdatesDeletesAndConverges() throws Exception {
    seed();
    Path src = tmp.resolve("netbox");
    Path dst = tmp.resolve("infrahub");
    writeSource(src);
    SyncConfig config = config(src, dst);

    try (SyncEngine engine = SyncEngine.builder().config(config).inMemoryCache().build()) {
      SyncReport first = engine.sync();
      assertThat(first.errors()).isEmpty();
      assertThat(first.success()).isTrue();
      assertThat(first.counts("InfraDevice").created()).isEqualTo(3); // the pdu is filtered out
      assertThat(first.counts("InfraInterfaceL2L3").created()).isEqualTo(6);
      assertThat(first.counts("LocationGeneric").created()).isEqualTo(4);
      assertThat(first.counts("RoleGeneric").created()).isEqualTo(3);
      assertThat(first.counts("OrganizationGeneric").created()).isEqualTo(5);
    }
    List<Map<String, Object>> devices = destination(dst, "InfraDevice");
    assertThat(devices).extracting(d -> d.get("name"))
        .containsExactlyInAnyOrder("dmi01-par-rtr01", "dmi01-par-rtr02", "dmi01-osl-rtr01");
    Map<String, Object> rtr01 = devices.stream().filter(d -> d.get("name").equals("dmi01-par-rtr01")).findFirst().orElseThrow();
    assertThat(rtr01.get("location")).isEqualTo("par1");
    assertThat(rtr01.get("rack")).isEqualTo("R01__par1");
    assertThat(rtr01.get("organization")).isEqualTo("Acme");
    assertThat(rtr01.get("role")).isEqualTo("router");
    assertThat(rtr01.get("model")).isEqualTo("DCS-7050__Arista");
    assertThat(rtr01.get("tags")).isEqualTo(List.of("core"));
    List<Map<String, Object>> itfs = destination(dst, "InfraInterfaceL2L3");
    Map<String, Object> uplink = itfs.stream()
        .filter(i -> i.get("device").equals("par1__R01__par1__Acme__dmi01-par-rtr01") && i.get("name").equals("Ethernet1"))
        .findFirst().orElseThrow();
    assertThat(uplink.get("interface_type")).isEqualTo("1000BASE-T");
    assertThat(uplink.get("l2_mode")).isEqualTo("Tagged");
    assertThat(uplink.get("tagged_vlan")).isEqualTo(List.of("users__10__par1__par-vlans", "voice__20__par1__None"));
    assertThat(destination(dst, "ChoiceDeviceType")).anySatisfy(t -> {
      assertThat(t.get("name")).isEqualTo("DCS-7050");
      assertThat(((Number) t.get("height")).doubleValue()).isEqualTo(1.0);
    });
    assertThat(destination(dst, "InfraVRF")).singleElement().satisfies(v -> assertThat(v.get("import_rt"))
        .isEqualTo(List.of("65000:1__Acme")));

    try (SyncEngine engine = SyncEngine.builder().config(config).inMemoryCache().build()) {
      Plan second = engine.diff();
      assertThat(second.isEmpty()).as("a second run finds nothing to do: %s", second.render()).isTrue();
    }

    // The source changes: one device's description, one device removed with its interfaces.
    netbox.get("dcim.devices").get(2).put("description", "moved");
    netbox.get("dcim.devices").remove(1);
    netbox.get("dcim.interfaces").removeIf(i -> ((Map<?, ?>) i.get("device")).get("id").equals(2));
    writeSource(src);
    Writes writes = new Writes();
    try (SyncEngine engine = SyncEngine.builder().config(config).inMemoryCache().listener(writes).build()) {
      Plan plan = engine.diff();
      assertThat(plan.count("InfraDevice", Action.UPDATE)).isEqualTo(1);
      assertThat(plan.count("InfraDevice", Action.DELETE)).isEqualTo(1);
      assertThat(plan.count("InfraInterfaceL2L3", Action.DELETE)).isEqualTo(2);
      SyncReport third = engine.apply(plan);
      assertThat(third.errors()).isEmpty();
      assertThat(third.success()).isTrue();
    }
    assertThat(writes.events.indexOf("delete InfraInterfaceL2L3"))
        .as("children are deleted before their parents")
        .isLessThan(writes.events.indexOf("delete InfraDevice"));
    assertThat(destination(dst, "InfraDevice")).hasSize(2);
    assertThat(destination(dst, "InfraInterfaceL2L3")).hasSize(4);
    try (SyncEngine engine = SyncEngine.builder().config(config).inMemoryCache().build()) {
      assertThat(engine.diff().isEmpty()).isTrue();
    }
  }
}
