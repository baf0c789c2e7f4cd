package io.infrasync.examples;

import io.infrasync.testkit.netbox.NetBoxServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Seeds a NetBox emulator with a realistic inventory, in the shape of what the upstream {@code
 * netbox_to_infrahub} example reads (device names follow demo.netbox.dev's {@code dmi01-<site>-...}
 * convention, which the example's filters select): regions, site groups and sites with one
 * location, three racks and four VLANs each; tenants in two groups; routers, core and access
 * switches, firewalls and PDUs (the mapping filters PDUs out), four interfaces per device
 * (access ports on VLANs, tagged uplinks, a management port), a management IP address per device
 * and a loopback per router, prefixes in two VRFs with route targets, and circuits.
 *
 * <p>The objects are stamped one minute apart, ending in the past, as if entered over a few days:
 * that is what makes a later incremental read of NetBox small (it asks for what changed since the
 * newest change it saw, minus an overlap of one minute).
 */
public final class NetBoxInventory {
  private static final String[][] CITIES = {
    {"akron", "amer"}, {"amsterdam", "emea"}, {"atlanta", "amer"}, {"berlin", "emea"}, {"boston", "amer"},
    {"dublin", "emea"}, {"frankfurt", "emea"}, {"london", "emea"}, {"madrid", "emea"}, {"mumbai", "apac"},
    {"osaka", "apac"}, {"paris", "emea"}, {"seattle", "amer"}, {"singapore", "apac"}, {"sydney", "apac"},
    {"tokyo", "apac"}, {"toronto", "amer"}, {"vienna", "emea"}};
  private static final String[] CUSTOMERS = {"acme", "globex", "initech", "umbrella", "hooli", "wonka"};

  private final NetBoxServer netbox;
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private final Map<String, Long> ids = new LinkedHashMap<>();

  private NetBoxInventory(NetBoxServer netbox) {
    this.netbox = netbox;
  }

  /** How many sites an inventory of {@code devices} devices spreads over: about 30 devices a site, 2 to 18 sites. */
  public static int sites(int devices) {
    return Math.max(2, Math.min(CITIES.length, devices / 30));
  }

  /** The name of a device the inventory seeds: {@code dmi01-<city>-<role><nn>}. */
  static String deviceName(String city, String role, int n) {
    return String.format(Locale.ROOT, "dmi01-%s-%s%02d", city, role, n);
  }

  /** The city of the {@code s}-th site. */
  static String city(int s) {
    return CITIES[s][0];
  }

  /**
   * Seeds {@code devices} devices (at least 20) with everything around them.
   *
   * @return objects created per NetBox endpoint, in creation order
   */
  public static Map<String, Integer> seed(NetBoxServer netbox, int devices) {
    if (devices < 20) {
      throw new IllegalArgumentException("devices must be >= 20, was " + devices);
    }
    NetBoxInventory inventory = new NetBoxInventory(netbox);
    // about 6 objects a device and 20 a site: start far enough back that the last stamp is in the past
    Duration span = Duration.ofMinutes(10L * devices + 1_000);
    netbox.clock().set(Instant.now().minus(span).truncatedTo(ChronoUnit.MINUTES));
    try {
      inventory.seed(devices);
    } finally {
      netbox.clock().release();
    }
    return Map.copyOf(inventory.counts);
  }

  private void seed(int devices) {
    for (String tag : List.of("core", "edge", "mgmt", "pci")) {
      add("tag:" + tag, "extras/tags", "name", tag, "slug", tag, "description", "tag " + tag);
    }
    for (String role : List.of("router", "core-switch", "access-switch", "firewall", "pdu")) {
      add(role, "dcim/device-roles", "name", role, "slug", role);
    }
    add("network", "dcim/rack-roles", "name", "network", "slug", "network", "description", "network racks");
    add("power", "dcim/rack-roles", "name", "power", "slug", "power");
    add("management", "ipam/roles", "name", "management", "slug", "management");
    add("loopback", "ipam/roles", "name", "loopback", "slug", "loopback");
    add("users", "ipam/roles", "name", "users", "slug", "users");
    add("customers", "tenancy/tenant-groups", "name", "customers", "slug", "customers");
    add("internal", "tenancy/tenant-groups", "name", "internal", "slug", "internal");
    for (String c : CUSTOMERS) {
      add(c, "tenancy/tenants", "name", c, "slug", c, "group", ref("customers"), "description", c + " corp");
    }
    add("noc", "tenancy/tenants", "name", "noc", "slug", "noc", "group", ref("internal"),
        "description", "network operations");
    add("data-centers", "dcim/site-groups", "name", "data-centers", "slug", "data-centers");
    add("campuses", "dcim/site-groups", "name", "campuses", "slug", "campuses");
    for (String region : List.of("emea", "amer", "apac")) {
      add(region, "dcim/regions", "name", region.toUpperCase(Locale.ROOT), "slug", region, "tags", refs("tag:core"));
    }
    add("Juniper", "dcim/manufacturers", "name", "Juniper", "slug", "juniper");
    add("Arista", "dcim/manufacturers", "name", "Arista", "slug", "arista");
    add("Cisco", "dcim/manufacturers", "name", "Cisco", "slug", "cisco");
    add("APC", "dcim/manufacturers", "name", "APC", "slug", "apc");
    deviceType("MX204", "Juniper", 1.0);
    deviceType("ASR-1001-X", "Cisco", 1.5);
    deviceType("DCS-7280SR-48C6", "Arista", 1.0);
    deviceType("EX4300-48T", "Juniper", 1.0);
    deviceType("SRX1500", "Juniper", 1.0);
    deviceType("AP8941", "APC", 0.0);
    add("prod-rt", "ipam/route-targets", "name", "65000:100", "tenant", ref("noc"));
    add("mgmt-rt", "ipam/route-targets", "name", "65000:999", "tenant", ref("noc"));
    add("vrf:prod", "ipam/vrfs", "name", "prod", "rd", "65000:100", "tenant", ref("noc"),
        "import_targets", refs("prod-rt"), "export_targets", refs("prod-rt"));
    add("vrf:mgmt", "ipam/vrfs", "name", "mgmt", "rd", "65000:999", "tenant", ref("noc"),
        "import_targets", refs("mgmt-rt", "prod-rt"), "export_targets", refs("mgmt-rt"), "description", "out of band");
    add("NTT", "circuits/providers", "name", "NTT", "slug", "ntt");
    add("Zayo", "circuits/providers", "name", "Zayo", "slug", "zayo");
    add("ntt-global-ip", "circuits/provider-networks", "provider", ref("NTT"), "name", "ntt-global-ip",
        "service_id", "AS2914", "tags", refs("tag:edge"));
    add("transit", "circuits/circuit-types", "name", "Internet Transit", "slug", "transit");
    add("mpls", "circuits/circuit-types", "name", "MPLS", "slug", "mpls");

    int sites = sites(devices);
    for (int s = 0; s < sites; s++) {
      site(s, devices / sites + (s < devices % sites ? 1 : 0));
    }
  }

  private void deviceType(String model, String manufacturer, double height) {
    add(model, "dcim/device-types", "manufacturer", ref(manufacturer), "model", model,
        "slug", model.toLowerCase(Locale.ROOT), "part_number", model + "-AC", "u_height", height);
  }

  private void site(int s, int devices) {
    String city = city(s);
    String site = "dm-" + city;
    add(site, "dcim/sites", "name", "DM " + capitalise(city), "slug", site, "region", ref(CITIES[s][1]),
        "group", ref(s % 3 == 0 ? "campuses" : "data-centers"), "tenant", ref("noc"), "tags", refs("tag:core"));
    String hall = site + "-hall-a";
    add(hall, "dcim/locations", "name", "Hall A", "slug", hall, "site", ref(site));
    for (int r = 1; r <= 3; r++) {
      add(site + "/R0" + r, "dcim/racks", "name", "R0" + r, "site", ref(site), "location", ref(hall),
          "role", ref(r == 3 ? "power" : "network"), "serial", String.format(Locale.ROOT, "RK-%02d-%d", s, r),
          "facility_id", city.substring(0, 3).toUpperCase(Locale.ROOT) + "-" + r);
    }
    String group = city + "-vlans";
    add(group, "ipam/vlan-groups", "name", group, "slug", group);
    String[][] vlans = {{"10", "users"}, {"20", "voice"}, {"30", "servers"}, {"99", "mgmt"}};
    for (String[] v : vlans) {
      add(site + "/vlan" + v[0], "ipam/vlans", "vid", Integer.parseInt(v[0]), "name", v[1], "site", ref(site),
          "group", ref(group), "description", v[1] + " in " + city);
    }
    add(site + "/agg", "ipam/prefixes", "prefix", "10." + s + ".0.0/16", "description", city + " aggregate");
    add(site + "/users", "ipam/prefixes", "prefix", "10." + s + ".10.0/24", "vrf", ref("vrf:prod"), "role", ref("users"),
        "tenant", ref(CUSTOMERS[s % CUSTOMERS.length]));
    add(site + "/mgmt", "ipam/prefixes", "prefix", "10." + s + ".96.0/20", "vrf", ref("vrf:mgmt"),
        "role", ref("management"));
    add(site + "/lo", "ipam/prefixes", "prefix", "10.255." + s + ".0/24", "vrf", ref("vrf:prod"), "role", ref("loopback"));
    add(site + "/ntt", "circuits/circuits", "cid", "NTT-" + city.toUpperCase(Locale.ROOT) + "-0001",
        "provider", ref("NTT"), "type", ref("transit"), "tenant", ref("noc"), "description", "transit " + city);
    add(site + "/zayo", "circuits/circuits", "cid", "ZAYO-" + city.toUpperCase(Locale.ROOT) + "-0002",
        "provider", ref("Zayo"), "type", ref("mpls"), "tenant", ref("noc"));

    Map<String, Integer> perRole = new LinkedHashMap<>();
    for (int j = 0; j < devices; j++) {
      String role = j < 2 ? "rtr" : j < 4 ? "csw" : j == 4 ? "fw" : j % 10 == 9 ? "pdu" : "asw";
      int n = perRole.merge(role, 1, Integer::sum);
      device(s, j, deviceName(city, role, n), role);
    }
  }

  private void device(int s, int j, String name, String role) {
    String site = "dm-" + city(s);
    String type = switch (role) {
      case "rtr" -> s % 2 == 0 ? "MX204" : "ASR-1001-X";
      case "csw" -> "DCS-7280SR-48C6";
      case "fw" -> "SRX1500";
      case "pdu" -> "AP8941";
      default -> "EX4300-48T";
    };
    String nbRole = switch (role) {
      case "rtr" -> "router";
      case "csw" -> "core-switch";
      case "fw" -> "firewall";
      case "pdu" -> "pdu";
      default -> "access-switch";
    };
    String tenant = role.equals("asw") ? CUSTOMERS[j % CUSTOMERS.length] : "noc";
    String rack = site + "/R0" + (role.equals("asw") || role.equals("pdu") ? 2 + j % 2 : 1);
    List<String> tags = switch (role) {
      case "rtr" -> List.of("tag:edge");
      case "csw" -> List.of("tag:core");
      case "fw" -> List.of("tag:pci", "tag:edge");
      default -> List.of();
    };
    add(name, "dcim/devices", "name", name, "device_type", ref(type), "role", ref(nbRole), "site", ref(site),
        "rack", ref(rack), "tenant", ref(tenant), "serial", String.format(Locale.ROOT, "SN%02d%04dX", s, j),
        "description", nbRole + " in " + city(s), "tags", refs(tags.toArray(String[]::new)));
    if (role.equals("pdu")) {
      add(name + "/eth0", "dcim/interfaces", "device", ref(name), "name", "eth0", "type", "100base-tx",
          "mgmt_only", true);
      return;
    }
    for (int p = 0; p < 3; p++) {
      switch (role) {
        case "asw" -> add(name + "/ge-0/0/" + p, "dcim/interfaces", "device", ref(name), "name", "ge-0/0/" + p,
            "type", "1000base-t", "mode", "access", "untagged_vlan", ref(site + "/vlan" + (10 * (p + 1))),
            "description", p == 2 ? "server port" : "");
        case "csw" -> add(name + "/Ethernet" + (p + 1), "dcim/interfaces", "device", ref(name),
            "name", "Ethernet" + (p + 1), "type", "25gbase-x-sfp28", "mode", "tagged",
            "untagged_vlan", ref(site + "/vlan99"), "tagged_vlans", refs(site + "/vlan10", site + "/vlan20",
                site + "/vlan30"), "description", "downlink " + (p + 1), "tags", refs("tag:core"));
        default -> add(name + "/xe-0/0/" + p, "dcim/interfaces", "device", ref(name), "name", "xe-0/0/" + p,
            "type", "10gbase-x-sfpp", "description", p == 0 ? "uplink to " + city(s) + " transit" : "");
      }
    }
    String mgmt = name + "/mgmt";
    add(mgmt, "dcim/interfaces", "device", ref(name), "name", role.equals("csw") ? "Management1" : "fxp0",
        "type", "1000base-t", "mgmt_only", true, "tags", refs("tag:mgmt"),
        "mac_address", String.format(Locale.ROOT, "00:1B:%02X:%02X:%02X:01", s, j / 256, j % 256));
    add(mgmt + "/ip", "ipam/ip-addresses", "address",
        String.format(Locale.ROOT, "10.%d.%d.%d/20", s, 96 + j / 250, j % 250 + 1), "vrf", ref("vrf:mgmt"),
        "assigned_object_type", "dcim.interface", "assigned_object_id", ref(mgmt), "description", name + " mgmt");
    if (role.equals("rtr")) {
      add(name + "/lo0", "ipam/ip-addresses", "address", "10.255." + s + "." + (j + 1) + "/32", "vrf", ref("vrf:prod"),
          "role", "loopback", "tenant", ref("noc"), "description", name + " loopback");
    }
  }

  /**
   * Edits a few records of the first site through NetBox's REST API, as a person would: new serials
   * on three access switches, new descriptions on five core-switch ports, a new access switch with
   * two ports, one access switch removed (NetBox deletes its interfaces and their IP addresses with
   * it) and a tenant's description.
   *
   * @return what was changed, one line each
   */
  public static List<String> changeSomeRecords(NetBoxServer netbox) {
    NetBoxApi api = new NetBoxApi(netbox);
    String city = city(0);
    for (int n = 1; n <= 3; n++) {
      api.patch("dcim/devices", deviceId(netbox, deviceName(city, "asw", n)), Map.of("serial", "RMA-" + city + "-" + n));
    }
    int ports = 0;
    for (int n = 1; n <= 2; n++) {
      long device = deviceId(netbox, deviceName(city, "csw", n));
      for (Map<String, @Nullable Object> itf : netbox.objects("dcim/interfaces")) {
        if (ports < 5 && itf.get("device") instanceof Map<?, ?> d && number(d.get("id")) == device
            && String.valueOf(itf.get("name")).startsWith("Ethernet")) {
          api.patch("dcim/interfaces", number(itf.get("id")), Map.of("description", "to rack R0" + (2 + ports % 2)));
          ports++;
        }
      }
    }
    String added = deviceName(city, "asw", 99);
    Map<String, @Nullable Object> template = netbox.find("dcim/devices", "name", deviceName(city, "asw", 1))
        .orElseThrow();
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("name", added);
    for (String ref : List.of("device_type", "role", "site", "rack", "tenant")) {
      device.put(ref, number(((Map<?, ?>) Objects.requireNonNull(template.get(ref))).get("id")));
    }
    device.put("serial", "NEW-" + city + "-99");
    api.post("dcim/devices", device);
    long addedId = deviceId(netbox, added);
    api.post("dcim/interfaces", List.of(
        Map.of("device", addedId, "name", "ge-0/0/0", "type", "1000base-t", "description", "new"),
        Map.of("device", addedId, "name", "ge-0/0/1", "type", "1000base-t", "description", "new")));
    String removed = deviceName(city, "asw", 4);
    api.delete("dcim/devices", deviceId(netbox, removed));
    long acme = number(netbox.find("tenancy/tenants", "name", "acme").orElseThrow().get("id"));
    api.patch("tenancy/tenants", acme, Map.of("description", "acme corp, renewed 2026"));
    return List.of(
        "new serials on " + deviceName(city, "asw", 1) + ", asw02, asw03",
        ports + " core-switch ports re-described",
        added + " added with 2 interfaces",
        removed + " removed (NetBox deletes its 4 interfaces and its IP address with it)",
        "tenant acme re-described");
  }

  private static long deviceId(NetBoxServer netbox, String name) {
    return number(netbox.find("dcim/devices", "name", name)
        .orElseThrow(() -> new IllegalStateException("no device " + name + " in NetBox")).get("id"));
  }

  private static long number(@Nullable Object id) {
    return ((Number) Objects.requireNonNull(id, "id")).longValue();
  }

  /**
   * Seeds one object stamped a minute after the previous one and remembers its id under {@code key};
   * {@link Ref} and {@link Refs} values become ids, and null values are left out.
   */
  private void add(String key, String endpoint, @Nullable Object... fieldsAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
      Object v = fieldsAndValues[i + 1];
      if (v instanceof Ref r) {
        v = id(r.key());
      } else if (v instanceof Refs r) {
        v = r.keys().stream().map(this::id).toList();
      }
      if (v != null) {
        fields.put(String.valueOf(fieldsAndValues[i]), v);
      }
    }
    netbox.clock().advance(Duration.ofMinutes(1));
    Object id = Objects.requireNonNull(netbox.seed(endpoint, fields).get("id"), "id");
    ids.put(key, ((Number) id).longValue());
    counts.merge(endpoint, 1, Integer::sum);
  }

  private long id(String key) {
    Long id = ids.get(key);
    if (id == null) {
      throw new IllegalStateException("nothing seeded under " + key);
    }
    return id;
  }

  private record Ref(String key) {}

  private record Refs(List<String> keys) {}

  private static Ref ref(String key) {
    return new Ref(key);
  }

  private static Refs refs(String... keys) {
    return new Refs(new ArrayList<>(List.of(keys)));
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
