package io.infrasync.benchmarks;

import io.infrasync.testkit.nautobot.NautobotServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A Nautobot inventory shaped like the public Nautobot demo without interfaces (the dataset of
 * infrahub-sync 2.0's published benchmark): tags, statuses, roles, tenancy, locations, racks,
 * manufacturers, platforms, device types, devices, circuits, namespaces, route targets, VRFs, VLAN
 * groups, VLANs, prefixes and IP addresses, the 23 endpoints the upstream {@code
 * nautobot-v2_to_infrahub} mapping reads besides interfaces, front/rear ports and the BGP plugin.
 *
 * <p>Deterministic: the same scale and seed give the same objects (Nautobot's UUIDs too, when the
 * server was built with {@link NautobotServer.Builder#seed(long)}). Names are unique where the
 * mapping's identifiers need them to be (a rack, a VLAN and a location by name alone).
 */
final class NautobotDemoDataset {
  /** Objects per endpoint at scale 1, in dependency order (about 5,000 objects). */
  static final Map<String, Integer> BASE = base();

  /** Objects were created and last edited over the 30 days before the load time. */
  static final java.time.Duration HISTORY = java.time.Duration.ofDays(30);
  private static final java.time.format.DateTimeFormatter WIRE = java.time.format.DateTimeFormatter
      .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

  private final NautobotServer server;
  private final SplittableRandom random;
  private final java.time.Instant loadedAt;
  private final Map<String, List<String>> ids = new HashMap<>();
  private final List<String> rackLocation = new ArrayList<>();

  private NautobotDemoDataset(NautobotServer server, long seed, java.time.Instant loadedAt) {
    this.server = server;
    this.random = new SplittableRandom(seed);
    this.loadedAt = loadedAt;
  }

  private static Map<String, Integer> base() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("extras/tags", 12);
    m.put("extras/statuses", 8);
    m.put("extras/roles", 12);
    m.put("tenancy/tenant-groups", 4);
    m.put("tenancy/tenants", 20);
    m.put("dcim/location-types", 5);
    m.put("dcim/locations", 60);
    m.put("dcim/racks", 120);
    m.put("dcim/manufacturers", 10);
    m.put("dcim/platforms", 12);
    m.put("dcim/device-types", 40);
    m.put("dcim/devices", 600);
    m.put("circuits/providers", 8);
    m.put("circuits/provider-networks", 10);
    m.put("circuits/circuit-types", 5);
    m.put("circuits/circuits", 80);
    m.put("ipam/namespaces", 3);
    m.put("ipam/route-targets", 30);
    m.put("ipam/vrfs", 15);
    m.put("ipam/vlan-groups", 10);
    m.put("ipam/vlans", 400);
    m.put("ipam/prefixes", 1200);
    m.put("ipam/ip-addresses", 2400);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** How many objects of an endpoint a scale asks for (at least 2, so every reference has a choice). */
  static int size(String endpoint, double scale) {
    return Math.max(2, (int) Math.round(Objects.requireNonNull(BASE.get(endpoint), endpoint) * scale));
  }

  /**
   * Seeds the server with the dataset and returns the number of objects per endpoint. Each object's
   * {@code created} and {@code last_updated} fall in the {@link #HISTORY} before {@code loadedAt}, as
   * in an inventory edited over time (not all within a cursor's overlap window).
   *
   * @param scale 1 gives about 5,000 objects; sizes scale linearly
   */
  static Map<String, Integer> seed(NautobotServer server, double scale, long seed, java.time.Instant loadedAt) {
    NautobotDemoDataset d = new NautobotDemoDataset(server, seed, loadedAt);
    d.generate(scale);
    Map<String, Integer> counts = new LinkedHashMap<>();
    BASE.keySet().forEach(e -> counts.put(e, server.count(e)));
    return counts;
  }

  private void generate(double scale) {
    for (int i = 0; i < size("extras/tags", scale); i++) {
      put("extras/tags", "name", "tag-" + i, "description", "Tag " + i);
    }
    String[] statuses = {"Active", "Planned", "Staged", "Offline", "Decommissioning", "Reserved", "Deprecated",
        "Available"};
    for (int i = 0; i < size("extras/statuses", scale); i++) {
      put("extras/statuses", "name", i < statuses.length ? statuses[i] : "status-" + i, "description", "");
    }
    for (int i = 0; i < size("extras/roles", scale); i++) {
      put("extras/roles", "name", "role-" + i, "description", "Role " + i);
    }
    for (int i = 0; i < size("tenancy/tenant-groups", scale); i++) {
      put("tenancy/tenant-groups", "name", "tenant-group-" + i, "description", "");
    }
    for (int i = 0; i < size("tenancy/tenants", scale); i++) {
      put("tenancy/tenants", "name", "tenant-" + i, "description", "Tenant " + i,
          "tenant_group", pick("tenancy/tenant-groups"), "tags", List.of(pick("extras/tags")));
    }
    String[] types = {"Region", "Site", "Building", "Floor", "Room"};
    for (int i = 0; i < size("dcim/location-types", scale); i++) {
      put("dcim/location-types", "name", i < types.length ? types[i] : "type-" + i, "description", "");
    }
    for (int i = 0; i < size("dcim/locations", scale); i++) {
      put("dcim/locations", "name", String.format(Locale.ROOT, "loc-%03d", i), "location_type",
          pick("dcim/location-types"), "status", first("extras/statuses"), "tenant", pick("tenancy/tenants"),
          "description", "Location " + i, "tags", List.of(pick("extras/tags")));
    }
    for (int i = 0; i < size("dcim/racks", scale); i++) {
      String location = pick("dcim/locations");
      rackLocation.add(location);
      put("dcim/racks", "name", String.format(Locale.ROOT, "rack-%04d", i), "location", location,
          "status", first("extras/statuses"), "role", pick("extras/roles"), "serial", "RK" + (100000 + i),
          "asset_tag", "AT-R" + i, "facility_id", "F" + i, "u_height", 42, "tags", List.of(pick("extras/tags")));
    }
    for (int i = 0; i < size("dcim/manufacturers", scale); i++) {
      put("dcim/manufacturers", "name", "vendor-" + i, "description", "");
    }
    String[] drivers = {"eos", "junos", "ios", "nxos", "iosxr"};
    for (int i = 0; i < size("dcim/platforms", scale); i++) {
      put("dcim/platforms", "name", "platform-" + i, "manufacturer", pick("dcim/manufacturers"),
          "napalm_driver", drivers[i % drivers.length], "description", "");
    }
    for (int i = 0; i < size("dcim/device-types", scale); i++) {
      put("dcim/device-types", "manufacturer", pick("dcim/manufacturers"), "model", "model-" + i,
          "part_number", "PN-" + i, "u_height", 1 + random.nextInt(4), "is_full_depth", random.nextBoolean());
    }
    int racks = size("dcim/racks", scale);
    for (int i = 0; i < size("dcim/devices", scale); i++) {
      int rack = random.nextInt(racks);
      put("dcim/devices", "name", String.format(Locale.ROOT, "dev-%05d", i), "device_type", pick("dcim/device-types"),
          "role", pick("extras/roles"), "tenant", pick("tenancy/tenants"), "platform", pick("dcim/platforms"),
          "serial", "SN" + (1000000 + i), "asset_tag", "AT-D" + i, "location", rackLocation.get(rack),
          "rack", at("dcim/racks", rack), "status", pick("extras/statuses"), "tags", List.of(pick("extras/tags")));
    }
    for (int i = 0; i < size("circuits/providers", scale); i++) {
      put("circuits/providers", "name", "provider-" + i, "asn", 64500 + i);
    }
    for (int i = 0; i < size("circuits/provider-networks", scale); i++) {
      put("circuits/provider-networks", "provider", pick("circuits/providers"), "name", "pnet-" + i,
          "description", "");
    }
    for (int i = 0; i < size("circuits/circuit-types", scale); i++) {
      put("circuits/circuit-types", "name", "ctype-" + i, "description", "");
    }
    for (int i = 0; i < size("circuits/circuits", scale); i++) {
      // half of them match the mapping's filter (cid contains "ntt")
      put("circuits/circuits", "cid", (i % 2 == 0 ? "ntt-" : "cogent-") + (10000 + i),
          "provider", pick("circuits/providers"), "circuit_type", pick("circuits/circuit-types"),
          "status", pick("extras/statuses"), "description", "Circuit " + i, "tags", List.of(pick("extras/tags")));
    }
    for (int i = 0; i < size("ipam/namespaces", scale); i++) {
      put("ipam/namespaces", "name", i == 0 ? "Global" : "ns-" + i, "description", "");
    }
    for (int i = 0; i < size("ipam/route-targets", scale); i++) {
      put("ipam/route-targets", "name", "65000:" + i, "description", "", "tenant", pick("tenancy/tenants"));
    }
    for (int i = 0; i < size("ipam/vrfs", scale); i++) {
      put("ipam/vrfs", "name", "vrf-" + i, "rd", "65000:" + (1000 + i), "namespace", pick("ipam/namespaces"),
          "tenant", pick("tenancy/tenants"), "description", "",
          "import_targets", List.of(pick("ipam/route-targets")), "export_targets", List.of(pick("ipam/route-targets")));
    }
    for (int i = 0; i < size("ipam/vlan-groups", scale); i++) {
      put("ipam/vlan-groups", "name", "vlan-group-" + i, "description", "");
    }
    int groups = size("ipam/vlan-groups", scale);
    for (int i = 0; i < size("ipam/vlans", scale); i++) {
      put("ipam/vlans", "vid", 100 + i / groups, "name", "vlan-" + i, "vlan_group", at("ipam/vlan-groups", i % groups),
          "locations", List.of(pick("dcim/locations")), "status", first("extras/statuses"),
          "tenant", pick("tenancy/tenants"), "role", pick("extras/roles"), "description", "");
    }
    int prefixes = size("ipam/prefixes", scale);
    for (int i = 0; i < prefixes; i++) {
      put("ipam/prefixes", "prefix", String.format(Locale.ROOT, "10.%d.%d.0/24", i / 256, i % 256),
          "namespace", first("ipam/namespaces"), "status", first("extras/statuses"), "tenant", pick("tenancy/tenants"),
          "vlan", pick("ipam/vlans"), "role", pick("extras/roles"), "locations", List.of(pick("dcim/locations")),
          "description", "Prefix " + i);
    }
    for (int i = 0; i < size("ipam/ip-addresses", scale); i++) {
      int p = i % prefixes;
      int host = 1 + i / prefixes;
      put("ipam/ip-addresses", "address", String.format(Locale.ROOT, "10.%d.%d.%d/24", p / 256, p % 256, host),
          "parent", at("ipam/prefixes", p), "status", first("extras/statuses"), "role", pick("extras/roles"),
          "tenant", pick("tenancy/tenants"), "dns_name", "host-" + i + ".example.net", "description", "");
    }
  }

  private void put(String endpoint, Object... kv) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      fields.put((String) kv[i], kv[i + 1]);
    }
    String at = WIRE.format(loadedAt.minusMillis(random.nextLong(HISTORY.toMillis())));
    fields.put("created", at);
    fields.put("last_updated", at);
    Object id = server.seed(endpoint, fields).get("id");
    ids.computeIfAbsent(endpoint, k -> new ArrayList<>()).add(String.valueOf(id));
  }

  private String pick(String endpoint) {
    List<String> list = Objects.requireNonNull(ids.get(endpoint), endpoint);
    return list.get(random.nextInt(list.size()));
  }

  private String first(String endpoint) {
    return at(endpoint, 0);
  }

  private String at(String endpoint, int i) {
    return Objects.requireNonNull(ids.get(endpoint), endpoint).get(i);
  }
}
