package io.infrasync.testkit.netbox;

import io.infrasync.testkit.internal.ModelSpec;
import io.infrasync.testkit.internal.RestEngine;
import io.infrasync.testkit.internal.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The NetBox 4.6 model table: the endpoints the upstream {@code netbox_to_infrahub} example reads
 * (plus platforms), with their serializer field order, references and delete rules, brief fields,
 * display strings, default ordering, uniqueness rules and choice sets.
 *
 * <p>Not modelled: counters ({@code device_count}, ...), {@code owner} (always null), cables, MAC
 * address objects ({@code mac_address} is a plain writable field here, read-only in 4.6), and the
 * extra brief fields of a device's {@code primary_ip*}.
 */
final class NetBoxModels {
  private NetBoxModels() {}

  static final String TAIL = " owner:json comments tags cf";

  static List<ModelSpec> models() {
    return List.of(
        ModelSpec.builder("extras/tags", "extras.tag", "Tag")
            .fields("name! slug! color=9e9e9e description weight:int=1000 object_types:list owner:json")
            .brief("name slug color description")
            .ordering("weight name")
            .unique("name")
            .unique("slug")
            .build(),
        tree("dcim/regions", "dcim.region", "Region"),
        tree("dcim/site-groups", "dcim.sitegroup", "SiteGroup"),
        ModelSpec.builder("dcim/sites", "dcim.site", "Site")
            .fields(
                "name! slug! status:choice(site-status)=active region:fk(dcim/regions,setnull)"
                    + " group:fk(dcim/site-groups,setnull) tenant:fk(tenancy/tenants) facility"
                    + " time_zone:str? description physical_address shipping_address latitude:num longitude:num"
                    + TAIL)
            .brief("name slug description")
            .ordering("name")
            .unique("name")
            .unique("slug")
            .build(),
        ModelSpec.builder("dcim/locations", "dcim.location", "Location")
            .fields(
                "name! slug! site!:fk(dcim/sites,cascade) parent:fk(dcim/locations,cascade)"
                    + " status:choice(location-status)=active tenant:fk(tenancy/tenants) facility description"
                    + TAIL
                    + " _depth:computed")
            .compute("_depth", NetBoxModels::depth)
            .brief("name slug description _depth")
            .ordering("site name")
            .uniqueTogether("A location with this name already exists within the specified site and parent.",
                "site", "parent?", "name")
            .build(),
        tree("tenancy/tenant-groups", "tenancy.tenantgroup", "TenantGroup"),
        ModelSpec.builder("tenancy/tenants", "tenancy.tenant", "Tenant")
            .fields("name! slug! group:fk(tenancy/tenant-groups) description" + TAIL)
            .brief("name slug description")
            .ordering("name")
            .unique("name")
            .unique("slug")
            .build(),
        simple("dcim/manufacturers", "dcim.manufacturer", "Manufacturer", "description"),
        ModelSpec.builder("dcim/device-types", "dcim.devicetype", "DeviceType")
            .verbose("device type")
            .fields(
                "manufacturer!:fk(dcim/manufacturers) default_platform:fk(dcim/platforms,setnull) model! slug!"
                    + " part_number u_height:num=1.0 exclude_from_utilization:bool is_full_depth:bool=true"
                    + " subdevice_role:choice(subdevice-role) airflow:choice(airflow) weight:num"
                    + " weight_unit:choice(weight-unit) description"
                    + TAIL)
            .brief("manufacturer model slug description")
            .display("{model}")
            .ordering("manufacturer model")
            .uniqueTogether("Device type with this Manufacturer and Model already exists.", "manufacturer", "model")
            .uniqueTogether("Device type with this Manufacturer and Slug already exists.", "manufacturer", "slug")
            .build(),
        ModelSpec.builder("dcim/device-roles", "dcim.devicerole", "DeviceRole")
            .verbose("device role")
            .fields(
                "name! slug! parent:fk(dcim/device-roles,cascade) color=9e9e9e vm_role:bool=true"
                    + " config_template:json description"
                    + TAIL
                    + " _depth:computed")
            .compute("_depth", NetBoxModels::depth)
            .brief("name slug description _depth")
            .ordering("name")
            .unique("name")
            .unique("slug")
            .build(),
        ModelSpec.builder("dcim/platforms", "dcim.platform", "Platform")
            .fields(
                "name! slug! parent:fk(dcim/platforms,cascade) manufacturer:fk(dcim/manufacturers)"
                    + " config_template:json description"
                    + TAIL
                    + " _depth:computed")
            .compute("_depth", NetBoxModels::depth)
            .brief("name slug description _depth")
            .ordering("name")
            .unique("name")
            .unique("slug")
            .build(),
        ModelSpec.builder("dcim/rack-roles", "dcim.rackrole", "RackRole")
            .verbose("rack role")
            .fields("name! slug! color=9e9e9e description" + TAIL)
            .brief("name slug description")
            .ordering("name")
            .unique("name")
            .unique("slug")
            .build(),
        ModelSpec.builder("dcim/racks", "dcim.rack", "Rack")
            .fields(
                "name! facility_id:str? site!:fk(dcim/sites) location:fk(dcim/locations,setnull)"
                    + " tenant:fk(tenancy/tenants) status:choice(rack-status)=active role:fk(dcim/rack-roles)"
                    + " serial asset_tag:str? width:choice(rack-width)=19 u_height:int=42 starting_unit:int=1"
                    + " desc_units:bool airflow:choice(airflow) description"
                    + TAIL)
            .brief("name description")
            .ordering("site location name")
            .uniqueTogether("Rack with this Location and Name already exists.", "location", "name")
            .unique("asset_tag")
            .build(),
        ModelSpec.builder("dcim/devices", "dcim.device", "Device")
            .fields(
                "name:str? device_type!:fk(dcim/device-types) role!:fk(dcim/device-roles)"
                    + " tenant:fk(tenancy/tenants) platform:fk(dcim/platforms,setnull) serial asset_tag:str?"
                    + " site!:fk(dcim/sites) location:fk(dcim/locations) rack:fk(dcim/racks) position:num"
                    + " face:choice(device-face) latitude:num longitude:num parent_device:json"
                    + " status:choice(device-status)=active airflow:choice(airflow) primary_ip:computed"
                    + " primary_ip4:fk(ipam/ip-addresses,setnull) primary_ip6:fk(ipam/ip-addresses,setnull)"
                    + " oob_ip:fk(ipam/ip-addresses,setnull) cluster:json virtual_chassis:json"
                    + " vc_position:int vc_priority:int description owner:json comments config_template:json"
                    + " config_context:computed local_context_data:json tags cf")
            .compute("primary_ip", (row, engine) -> {
              Object v4 = row.get("primary_ip4");
              return engine.row("ipam/ip-addresses", v4 != null ? v4 : row.get("primary_ip6"));
            })
            .compute("config_context", (row, engine) -> {
              Object local = row.get("local_context_data");
              return local instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : new LinkedHashMap<>();
            })
            .brief("name description")
            .display("{name}|{device_type.manufacturer} {device_type.model} ({id})")
            .ordering("name")
            .uniqueTogether("Device name must be unique per site.", "site", "tenant?", "name")
            .unique("asset_tag")
            .build(),
        ModelSpec.builder("dcim/interfaces", "dcim.interface", "Interface")
            .fields(
                "device!:fk(dcim/devices,cascade) vdcs:list module:json name! label type!:choice(interface-type)"
                    + " enabled:bool=true parent:fk(dcim/interfaces,setnull) bridge:fk(dcim/interfaces,setnull)"
                    + " lag:fk(dcim/interfaces,setnull) mtu:int mac_address:str? speed:int"
                    + " duplex:choice(interface-duplex) wwn:str? mgmt_only:bool description"
                    + " mode:choice(interface-mode) untagged_vlan:fk(ipam/vlans,setnull) tagged_vlans:m2m(ipam/vlans)"
                    + " mark_connected:bool cable:json vrf:fk(ipam/vrfs,setnull) owner:json tags cf"
                    + " _occupied:computed")
            .compute("_occupied", (row, engine) -> Boolean.FALSE)
            .brief("device name description cable _occupied")
            .ordering("device name")
            .uniqueTogether("Interface with this Device and Name already exists.", "device", "name")
            .build(),
        ModelSpec.builder("ipam/vrfs", "ipam.vrf", "VRF")
            .verbose("VRF")
            .fields(
                "name! rd:str? tenant:fk(tenancy/tenants) enforce_unique:bool=true description"
                    + " owner:json comments import_targets:m2m(ipam/route-targets)"
                    + " export_targets:m2m(ipam/route-targets) tags cf")
            .brief("name rd description")
            .ordering("name")
            .unique("rd")
            .build(),
        ModelSpec.builder("ipam/route-targets", "ipam.routetarget", "RouteTarget")
            .verbose("route target")
            .fields("name! tenant:fk(tenancy/tenants) description" + TAIL)
            .brief("name description")
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("ipam/roles", "ipam.role", "Role")
            .fields("name! slug! weight:int=1000 description" + TAIL)
            .brief("name slug description")
            .ordering("weight name")
            .unique("name")
            .unique("slug")
            .build(),
        ModelSpec.builder("ipam/vlan-groups", "ipam.vlangroup", "VLANGroup")
            .verbose("VLAN group")
            .fields("name! slug! scope:gfk(setnull) vid_ranges:list description" + TAIL)
            .brief("name slug description")
            .ordering("name")
            .build(),
        ModelSpec.builder("ipam/vlans", "ipam.vlan", "VLAN")
            .verbose("VLAN")
            .fields(
                "site:fk(dcim/sites) group:fk(ipam/vlan-groups) vid!:int name! tenant:fk(tenancy/tenants)"
                    + " status:choice(vlan-status)=active role:fk(ipam/roles,setnull) description"
                    + TAIL)
            .brief("vid name description")
            .display("{name} ({vid})")
            .ordering("site group vid")
            .uniqueTogether("VLAN with this Group and VLAN ID already exists.", "group", "vid")
            .build(),
        ModelSpec.builder("ipam/prefixes", "ipam.prefix", "Prefix")
            .fields(
                "family:computed prefix! vrf:fk(ipam/vrfs) scope:gfk(setnull) tenant:fk(tenancy/tenants)"
                    + " vlan:fk(ipam/vlans,setnull) status:choice(prefix-status)=active role:fk(ipam/roles,setnull)"
                    + " is_pool:bool mark_utilized:bool description"
                    + TAIL
                    + " _depth:computed")
            .compute("family", (row, engine) -> family(row.get("prefix")))
            .compute("_depth", (row, engine) -> 0)
            .brief("family prefix description _depth")
            .display("{prefix}")
            .ordering("vrf prefix")
            .build(),
        ModelSpec.builder("ipam/ip-addresses", "ipam.ipaddress", "IPAddress")
            .verbose("IP address")
            .fields(
                "family:computed address! vrf:fk(ipam/vrfs) tenant:fk(tenancy/tenants)"
                    + " status:choice(ip-status)=active role:choice(ip-role) assigned_object:gfk"
                    + " nat_inside:fk(ipam/ip-addresses,setnull) dns_name description"
                    + TAIL)
            .compute("family", (row, engine) -> family(row.get("address")))
            .brief("family address description")
            .display("{address}")
            .ordering("address")
            .alias("interface_id", "assigned_object")
            .alias("device_id", "assigned_object.device")
            .build(),
        simple("circuits/providers", "circuits.provider", "Provider", "description"),
        ModelSpec.builder("circuits/provider-networks", "circuits.providernetwork", "ProviderNetwork")
            .verbose("provider network")
            .fields("provider!:fk(circuits/providers) name! service_id description" + TAIL)
            .brief("name description")
            .ordering("provider name")
            .uniqueTogether("Provider network with this Provider and Name already exists.", "provider", "name")
            .build(),
        ModelSpec.builder("circuits/circuit-types", "circuits.circuittype", "CircuitType")
            .verbose("circuit type")
            .fields("name! slug! color description" + TAIL)
            .brief("name slug description")
            .ordering("name")
            .unique("name")
            .unique("slug")
            .build(),
        ModelSpec.builder("circuits/circuits", "circuits.circuit", "Circuit")
            .fields(
                "cid! provider!:fk(circuits/providers) provider_account:json type!:fk(circuits/circuit-types)"
                    + " status:choice(circuit-status)=active tenant:fk(tenancy/tenants) install_date:str?"
                    + " termination_date:str? commit_rate:int description termination_a:json termination_z:json"
                    + TAIL)
            .brief("cid provider description")
            .display("{cid}")
            .ordering("provider cid")
            .uniqueTogether("Circuit with this Provider and Circuit ID already exists.", "provider", "cid")
            .build());
  }

  private static ModelSpec simple(String endpoint, String type, String name, String extra) {
    return ModelSpec.builder(endpoint, type, name)
        .fields("name! slug! " + extra + TAIL)
        .brief("name slug description")
        .ordering("name")
        .unique("name")
        .unique("slug")
        .build();
  }

  private static ModelSpec tree(String endpoint, String type, String name) {
    return ModelSpec.builder(endpoint, type, name)
        .fields("name! slug! parent:fk(" + endpoint + ",cascade) description" + TAIL + " _depth:computed")
        .compute("_depth", NetBoxModels::depth)
        .brief("name slug description _depth")
        .ordering("name")
        .unique("name")
        .unique("slug")
        .build();
  }

  /** The depth of a tree node: 0 at the root. */
  static int depth(Row row, RestEngine<?> engine) {
    int depth = 0;
    Row current = row;
    while (current != null && current.get("parent") != null && depth < 100) {
      current = engine.row(row.spec().endpoint(), current.get("parent"));
      depth++;
    }
    return depth;
  }

  static @Nullable Map<String, Object> family(@Nullable Object address) {
    if (address == null) {
      return null;
    }
    boolean v6 = String.valueOf(address).contains(":");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("value", v6 ? 6 : 4);
    out.put("label", v6 ? "IPv6" : "IPv4");
    return out;
  }

  static Map<String, Map<Object, String>> choiceSets() {
    Map<String, Map<Object, String>> sets = new LinkedHashMap<>();
    Map<Object, String> siteStatus = set(
        "planned", "Planned", "staging", "Staging", "active", "Active",
        "decommissioning", "Decommissioning", "retired", "Retired");
    sets.put("site-status", siteStatus);
    sets.put("location-status", siteStatus);
    sets.put("rack-status", set(
        "reserved", "Reserved", "available", "Available", "planned", "Planned",
        "active", "Active", "deprecated", "Deprecated"));
    sets.put("device-status", set(
        "offline", "Offline", "active", "Active", "planned", "Planned", "staged", "Staged",
        "failed", "Failed", "inventory", "Inventory", "decommissioning", "Decommissioning"));
    sets.put("device-face", set("front", "Front", "rear", "Rear"));
    sets.put("airflow", set(
        "front-to-rear", "Front to rear", "rear-to-front", "Rear to front", "left-to-right", "Left to right",
        "right-to-left", "Right to left", "side-to-rear", "Side to rear", "passive", "Passive", "mixed", "Mixed"));
    sets.put("subdevice-role", set("parent", "Parent", "child", "Child"));
    sets.put("weight-unit", set("kg", "Kilograms", "g", "Grams", "lb", "Pounds", "oz", "Ounces"));
    Map<Object, String> width = new LinkedHashMap<>();
    width.put(10L, "10 inches");
    width.put(19L, "19 inches");
    width.put(21L, "21 inches");
    width.put(23L, "23 inches");
    sets.put("rack-width", width);
    sets.put("interface-type", set(
        "virtual", "Virtual", "bridge", "Bridge", "lag", "Link Aggregation Group (LAG)",
        "100base-tx", "100BASE-TX (10/100ME)", "1000base-t", "1000BASE-T (1GE)",
        "2.5gbase-t", "2.5GBASE-T (2.5GE)", "10gbase-t", "10GBASE-T (10GE)",
        "1000base-x-sfp", "SFP (1GE)", "10gbase-x-sfpp", "SFP+ (10GE)", "25gbase-x-sfp28", "SFP28 (25GE)",
        "40gbase-x-qsfpp", "QSFP+ (40GE)", "100gbase-x-qsfp28", "QSFP28 (100GE)",
        "400gbase-x-qsfpdd", "QSFP-DD (400GE)", "other", "Other"));
    sets.put("interface-mode", set(
        "access", "Access", "tagged", "Tagged", "tagged-all", "Tagged (All)", "q-in-q", "Q-in-Q (802.1ad)"));
    sets.put("interface-duplex", set("half", "Half", "full", "Full", "auto", "Auto"));
    sets.put("ip-status", set(
        "active", "Active", "reserved", "Reserved", "deprecated", "Deprecated", "dhcp", "DHCP", "slaac", "SLAAC"));
    sets.put("ip-role", set(
        "loopback", "Loopback", "secondary", "Secondary", "anycast", "Anycast", "vip", "VIP",
        "vrrp", "VRRP", "hsrp", "HSRP", "glbp", "GLBP", "carp", "CARP"));
    sets.put("prefix-status", set(
        "container", "Container", "active", "Active", "reserved", "Reserved", "deprecated", "Deprecated"));
    sets.put("vlan-status", set("active", "Active", "reserved", "Reserved", "deprecated", "Deprecated"));
    sets.put("circuit-status", set(
        "planned", "Planned", "provisioning", "Provisioning", "active", "Active", "offline", "Offline",
        "deprovisioning", "Deprovisioning", "decommissioned", "Decommissioned"));
    return sets;
  }

  private static Map<Object, String> set(String... pairs) {
    Map<Object, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
