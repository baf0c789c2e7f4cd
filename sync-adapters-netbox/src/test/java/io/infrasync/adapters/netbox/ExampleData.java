package io.infrasync.adapters.netbox;

import io.infrasync.testkit.netbox.NetBoxServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small NetBox inventory covering every endpoint of the upstream {@code netbox_to_infrahub}
 * example: tags, roles, tenancy, sites and regions, racks, device types, devices (one a PDU, which
 * the example filters out), interfaces with VLANs, circuits, VRFs with route targets, prefixes and
 * IP addresses.
 */
final class ExampleData {
  private ExampleData() {}

  static Path upstreamConfig() {
    String dir = System.getProperty("infrasync.shared.dir");
    Path shared = dir != null ? Path.of(dir) : Path.of("../../shared");
    return shared.resolve("upstream-examples/netbox_to_infrahub/config.yml");
  }

  static Map<String, Object> m(@Nullable Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        out.put((String) kv[i], kv[i + 1]);
      }
    }
    return out;
  }

  private static Object id(Map<String, Object> o) {
    return java.util.Objects.requireNonNull(o.get("id"));
  }

  /** Seeds the inventory; returns the devices by name. */
  static Map<String, Map<String, Object>> seed(NetBoxServer nb) {
    Map<String, Object> core = nb.seed("extras/tags", m("name", "core", "slug", "core", "description", "Core"));
    Map<String, Object> edge = nb.seed("extras/tags", m("name", "edge", "slug", "edge"));
    Map<String, Object> router = nb.seed("dcim/device-roles", m("name", "router", "slug", "router",
        "description", "Routers"));
    Map<String, Object> network = nb.seed("dcim/rack-roles", m("name", "network", "slug", "network",
        "description", "Network racks"));
    Map<String, Object> p2p = nb.seed("ipam/roles", m("name", "p2p", "slug", "p2p", "description", "Point to point"));
    Map<String, Object> customers = nb.seed("tenancy/tenant-groups", m("name", "customers", "slug", "customers"));
    Map<String, Object> acme = nb.seed("tenancy/tenants", m("name", "Acme", "slug", "acme", "group", id(customers)));
    Map<String, Object> globex = nb.seed("tenancy/tenants", m("name", "Globex", "slug", "globex"));
    Map<String, Object> europe = nb.seed("dcim/site-groups", m("name", "europe", "slug", "europe",
        "description", "EU"));
    nb.seed("dcim/regions", m("name", "France", "slug", "fr", "tags", List.of(id(core))));
    Map<String, Object> par1 = nb.seed("dcim/sites", m("name", "Paris DC1", "slug", "par1", "group", id(europe),
        "tenant", id(acme), "tags", List.of(id(edge), id(core))));
    Map<String, Object> osl1 = nb.seed("dcim/sites", m("name", "Oslo DC1", "slug", "osl1"));
    nb.seed("dcim/locations", m("name", "Room 1", "slug", "par1-room1", "site", id(par1), "tenant", id(globex)));
    Map<String, Object> r01par = nb.seed("dcim/racks", m("name", "R01", "site", id(par1), "u_height", 42,
        "serial", "SN-R01", "facility_id", "F1", "role", id(network), "tags", List.of(id(core))));
    Map<String, Object> r01osl = nb.seed("dcim/racks", m("name", "R01", "site", id(osl1), "u_height", 48));
    Map<String, Object> arista = nb.seed("dcim/manufacturers", m("name", "Arista", "slug", "arista"));
    Map<String, Object> cisco = nb.seed("dcim/manufacturers", m("name", "Cisco", "slug", "cisco"));
    Map<String, Object> dcs = nb.seed("dcim/device-types", m("model", "DCS-7050", "slug", "dcs-7050",
        "part_number", "7050SX", "is_full_depth", true, "u_height", 1.0, "manufacturer", id(arista)));
    Map<String, Object> pdu = nb.seed("dcim/device-types", m("model", "PDU-8", "slug", "pdu-8",
        "is_full_depth", false, "u_height", 0.5, "manufacturer", id(cisco)));
    Map<String, Map<String, Object>> devices = new LinkedHashMap<>();
    devices.put("dmi01-PAR-RTR01", nb.seed("dcim/devices", m("name", "dmi01-PAR-RTR01", "serial", "ABC1",
        "description", "core router", "device_type", id(dcs), "tenant", id(acme), "role", id(router),
        "site", id(par1), "rack", id(r01par), "tags", List.of(id(core)))));
    devices.put("dmi01-par-rtr02", nb.seed("dcim/devices", m("name", "dmi01-par-rtr02", "asset_tag", "A2",
        "device_type", id(dcs), "tenant", id(acme), "role", id(router), "site", id(par1))));
    devices.put("dmi01-osl-rtr01", nb.seed("dcim/devices", m("name", "dmi01-osl-rtr01", "serial", "XYZ3",
        "device_type", id(dcs), "role", id(router), "site", id(osl1), "rack", id(r01osl))));
    devices.put("dmi01-par-pdu01", nb.seed("dcim/devices", m("name", "dmi01-par-pdu01", "serial", "P4",
        "device_type", id(pdu), "role", id(router), "site", id(par1), "rack", id(r01par))));
    Map<String, Object> parVlans = nb.seed("ipam/vlan-groups", m("name", "par-vlans", "slug", "par-vlans"));
    Map<String, Object> users = nb.seed("ipam/vlans", m("name", "users", "vid", 10, "tenant", id(acme),
        "site", id(par1), "group", id(parVlans)));
    Map<String, Object> voice = nb.seed("ipam/vlans", m("name", "voice", "vid", 20, "site", id(par1)));
    for (Map<String, Object> d : devices.values()) {
      nb.seed("dcim/interfaces", m("device", id(d), "name", "Ethernet1", "type", "1000base-t",
          "description", "uplink", "mode", "tagged", "untagged_vlan", id(users),
          "tagged_vlans", List.of(id(voice), id(users))));
      nb.seed("dcim/interfaces", m("device", id(d), "name", "Ethernet2", "type", "1000base-t"));
    }
    Map<String, Object> zayo = nb.seed("circuits/providers", m("name", "Zayo", "slug", "zayo"));
    nb.seed("circuits/provider-networks", m("name", "Zayo MPLS", "service_id", "Z-1", "provider", id(zayo)));
    Map<String, Object> transit = nb.seed("circuits/circuit-types", m("name", "Transit", "slug", "transit"));
    nb.seed("circuits/circuits", m("cid", "CID-001", "provider", id(zayo), "type", id(transit)));
    Map<String, Object> rt = nb.seed("ipam/route-targets", m("name", "65000:1", "tenant", id(acme)));
    Map<String, Object> blue = nb.seed("ipam/vrfs", m("name", "blue", "tenant", id(acme), "rd", "65000:1",
        "import_targets", List.of(id(rt)), "export_targets", List.of(id(rt))));
    nb.seed("ipam/prefixes", m("prefix", "10.0.0.0/24", "tenant", id(acme), "role", id(p2p), "vrf", id(blue)));
    nb.seed("ipam/prefixes", m("prefix", "192.0.2.0/24", "description", "docs"));
    nb.seed("ipam/ip-addresses", m("address", "10.0.0.1/24", "tenant", id(acme), "vrf", id(blue)));
    nb.seed("ipam/ip-addresses", m("address", "192.0.2.1/24"));
    return devices;
  }
}
