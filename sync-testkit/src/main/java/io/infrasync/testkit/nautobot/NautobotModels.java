package io.infrasync.testkit.nautobot;

import io.infrasync.testkit.internal.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Nautobot 2.4 model table: the endpoints the upstream {@code nautobot-v2_to_infrahub} example
 * reads (including the BGP plugin's {@code plugins/bgp/autonomous-systems}), plus namespaces and
 * dynamic groups (the fixtures). Status and role are references to {@code extras/statuses} and
 * {@code extras/roles}; writes may name them ({@code "status": "Active"}).
 *
 * <p>Not modelled: relationships, computed fields, config contexts, cables, IP-to-interface
 * assignment objects (an IP address's {@code interfaces} is a plain many-to-many here), automatic
 * parent prefixes of IP addresses.
 */
final class NautobotModels {
  private NautobotModels() {}

  private static final String PRIMARY = " tags cf";

  static List<ModelSpec> models() {
    return List.of(
        ModelSpec.builder("extras/tags", "extras.tag", "Tag")
            .fields("content_types:list name! color=9e9e9e description cf")
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("extras/statuses", "extras.status", "Status")
            .fields("content_types:list name! color=9e9e9e description cf")
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("extras/roles", "extras.role", "Role")
            .fields("content_types:list name! color=9e9e9e description weight:int cf")
            .ordering("weight name")
            .unique("name")
            .build(),
        ModelSpec.builder("extras/dynamic-groups", "extras.dynamicgroup", "DynamicGroup")
            .verbose("dynamic group")
            .fields("content_type! name! description filter:json children:list cf")
            .ordering("content_type name")
            .unique("name")
            .build(),
        ModelSpec.builder("tenancy/tenant-groups", "tenancy.tenantgroup", "TenantGroup")
            .verbose("tenant group")
            .fields("name! parent:fk(tenancy/tenant-groups,cascade) description cf")
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("tenancy/tenants", "tenancy.tenant", "Tenant")
            .fields("name! description comments tenant_group:fk(tenancy/tenant-groups)" + PRIMARY)
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("dcim/location-types", "dcim.locationtype", "LocationType")
            .verbose("location type")
            .fields("name! parent:fk(dcim/location-types,cascade) nestable:bool description content_types:list cf")
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("dcim/locations", "dcim.location", "Location")
            .fields(
                "name! location_type!:fk(dcim/location-types) parent:fk(dcim/locations,cascade)"
                    + " status!:fk(extras/statuses) tenant:fk(tenancy/tenants) facility asn:int time_zone:str?"
                    + " description physical_address shipping_address latitude:num longitude:num contact_name"
                    + " contact_phone contact_email comments"
                    + PRIMARY)
            .ordering("name")
            .uniqueTogether("Location with this Parent and Name already exists.", "parent?", "name")
            .build(),
        ModelSpec.builder("dcim/racks", "dcim.rack", "Rack")
            .fields(
                "name! facility_id:str? location!:fk(dcim/locations) tenant:fk(tenancy/tenants)"
                    + " status!:fk(extras/statuses) role:fk(extras/roles,setnull) serial asset_tag:str?"
                    + " type:choice(rack-type) width:choice(rack-width)=19 u_height:int=42 desc_units:bool comments"
                    + PRIMARY)
            .ordering("location name")
            .uniqueTogether("Rack with this Location and Name already exists.", "location", "name")
            .unique("asset_tag")
            .build(),
        ModelSpec.builder("dcim/manufacturers", "dcim.manufacturer", "Manufacturer")
            .fields("name! description cf")
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("dcim/platforms", "dcim.platform", "Platform")
            .fields(
                "name! manufacturer:fk(dcim/manufacturers) network_driver napalm_driver napalm_args:json description cf")
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("dcim/device-types", "dcim.devicetype", "DeviceType")
            .verbose("device type")
            .fields(
                "manufacturer!:fk(dcim/manufacturers) model! part_number u_height:int=1 is_full_depth:bool=true"
                    + " subdevice_role:choice(subdevice-role) comments"
                    + PRIMARY)
            .display("{model}")
            .naturalKey("manufacturer.name model")
            .ordering("manufacturer model")
            .uniqueTogether("Device type with this Manufacturer and Model already exists.", "manufacturer", "model")
            .build(),
        ModelSpec.builder("dcim/devices", "dcim.device", "Device")
            .fields(
                "name:str? device_type!:fk(dcim/device-types) role!:fk(extras/roles) tenant:fk(tenancy/tenants)"
                    + " platform:fk(dcim/platforms,setnull) serial asset_tag:str? location!:fk(dcim/locations)"
                    + " rack:fk(dcim/racks) position:int face:choice(device-face) status!:fk(extras/statuses)"
                    + " primary_ip4:fk(ipam/ip-addresses,setnull) primary_ip6:fk(ipam/ip-addresses,setnull)"
                    + " cluster:json virtual_chassis:json vc_position:int vc_priority:int comments"
                    + " local_config_context_data:json"
                    + PRIMARY)
            .display("{name}|{device_type} ({id})")
            .naturalKey("name tenant.name location.name")
            .ordering("name")
            .uniqueTogether("Device with this Location, Tenant and Name already exists.", "location", "tenant?", "name")
            .unique("asset_tag")
            .build(),
        ModelSpec.builder("dcim/interfaces", "dcim.interface", "Interface")
            .fields(
                "device!:fk(dcim/devices,cascade) name! label type!:choice(interface-type) enabled:bool=true"
                    + " mgmt_only:bool mtu:int mac_address:str? description mode:choice(interface-mode)"
                    + " lag:fk(dcim/interfaces,setnull) parent_interface:fk(dcim/interfaces,setnull)"
                    + " bridge:fk(dcim/interfaces,setnull) untagged_vlan:fk(ipam/vlans,setnull)"
                    + " tagged_vlans:m2m(ipam/vlans) status!:fk(extras/statuses) role:fk(extras/roles,setnull)"
                    + " vrf:fk(ipam/vrfs,setnull)"
                    + PRIMARY)
            .naturalKey("device.name name")
            .ordering("device name")
            .uniqueTogether("Interface with this Device and Name already exists.", "device", "name")
            .build(),
        ModelSpec.builder("dcim/rear-ports", "dcim.rearport", "RearPort")
            .verbose("rear port")
            .fields("device!:fk(dcim/devices,cascade) name! label type!:choice(port-type) positions:int=1 description"
                + PRIMARY)
            .naturalKey("device.name name")
            .ordering("device name")
            .uniqueTogether("Rear port with this Device and Name already exists.", "device", "name")
            .build(),
        ModelSpec.builder("dcim/front-ports", "dcim.frontport", "FrontPort")
            .verbose("front port")
            .fields(
                "device!:fk(dcim/devices,cascade) name! label type!:choice(port-type)"
                    + " rear_port!:fk(dcim/rear-ports,cascade) rear_port_position:int=1 description"
                    + PRIMARY)
            .naturalKey("device.name name")
            .ordering("device name")
            .uniqueTogether("Front port with this Device and Name already exists.", "device", "name")
            .build(),
        ModelSpec.builder("circuits/providers", "circuits.provider", "Provider")
            .fields("name! asn:int account portal_url noc_contact admin_contact comments" + PRIMARY)
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("circuits/provider-networks", "circuits.providernetwork", "ProviderNetwork")
            .verbose("provider network")
            .fields("provider!:fk(circuits/providers) name! description comments" + PRIMARY)
            .ordering("provider name")
            .uniqueTogether("Provider network with this Provider and Name already exists.", "provider", "name")
            .build(),
        ModelSpec.builder("circuits/circuit-types", "circuits.circuittype", "CircuitType")
            .verbose("circuit type")
            .fields("name! description cf")
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("circuits/circuits", "circuits.circuit", "Circuit")
            .fields(
                "cid! provider!:fk(circuits/providers) circuit_type!:fk(circuits/circuit-types)"
                    + " status!:fk(extras/statuses) tenant:fk(tenancy/tenants) install_date:str? commit_rate:int"
                    + " description comments"
                    + PRIMARY)
            .display("{cid}")
            .naturalKey("provider.name cid")
            .ordering("provider cid")
            .uniqueTogether("Circuit with this Provider and Circuit ID already exists.", "provider", "cid")
            .build(),
        ModelSpec.builder("plugins/bgp/autonomous-systems", "nautobot_bgp_models.autonomoussystem", "AutonomousSystem")
            .verbose("autonomous system")
            .fields("asn!:int description provider:fk(circuits/providers,setnull) status!:fk(extras/statuses)"
                + PRIMARY)
            .display("AS{asn}")
            .naturalKey("asn")
            .ordering("asn")
            .unique("asn")
            .build(),
        ModelSpec.builder("ipam/namespaces", "ipam.namespace", "Namespace")
            .fields("name! description location:fk(dcim/locations,setnull)" + PRIMARY)
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("ipam/route-targets", "ipam.routetarget", "RouteTarget")
            .verbose("route target")
            .fields("name! description tenant:fk(tenancy/tenants)" + PRIMARY)
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("ipam/vrfs", "ipam.vrf", "VRF")
            .verbose("VRF")
            .fields(
                "name! rd:str? namespace:fk(ipam/namespaces) tenant:fk(tenancy/tenants) status:fk(extras/statuses)"
                    + " description import_targets:m2m(ipam/route-targets) export_targets:m2m(ipam/route-targets)"
                    + PRIMARY)
            .naturalKey("name namespace.name")
            .ordering("namespace name")
            .uniqueTogether("VRF with this Namespace and Name already exists.", "namespace", "name")
            .build(),
        ModelSpec.builder("ipam/vlan-groups", "ipam.vlangroup", "VLANGroup")
            .verbose("VLAN group")
            .fields("name! location:fk(dcim/locations,setnull) description" + PRIMARY)
            .ordering("name")
            .unique("name")
            .build(),
        ModelSpec.builder("ipam/vlans", "ipam.vlan", "VLAN")
            .verbose("VLAN")
            .fields(
                "vid!:int name! vlan_group:fk(ipam/vlan-groups) locations:m2m(dcim/locations)"
                    + " status!:fk(extras/statuses) tenant:fk(tenancy/tenants) role:fk(extras/roles,setnull) description"
                    + PRIMARY)
            .display("{name} ({vid})")
            .naturalKey("vid vlan_group.name")
            .ordering("vlan_group vid")
            .uniqueTogether("VLAN with this VLAN group and VLAN ID already exists.", "vlan_group", "vid")
            .build(),
        ModelSpec.builder("ipam/prefixes", "ipam.prefix", "Prefix")
            .fields(
                "prefix! namespace:fk(ipam/namespaces) type:choice(prefix-type)=network status!:fk(extras/statuses)"
                    + " parent:fk(ipam/prefixes,setnull) ip_version:computed tenant:fk(tenancy/tenants)"
                    + " vlan:fk(ipam/vlans,setnull) role:fk(extras/roles,setnull) locations:m2m(dcim/locations)"
                    + " description"
                    + PRIMARY)
            .compute("ip_version", (row, engine) -> ipVersion(row.get("prefix")))
            .display("{prefix}")
            .naturalKey("namespace.name prefix")
            .ordering("namespace prefix")
            .uniqueTogether("Prefix with this Namespace and Prefix already exists.", "namespace", "prefix")
            .build(),
        ModelSpec.builder("ipam/ip-addresses", "ipam.ipaddress", "IPAddress")
            .verbose("IP address")
            .fields(
                "address! ip_version:computed parent:fk(ipam/prefixes) type:choice(ip-type)=host"
                    + " status!:fk(extras/statuses) role:fk(extras/roles,setnull) tenant:fk(tenancy/tenants)"
                    + " nat_inside:fk(ipam/ip-addresses,setnull) dns_name description"
                    + " interfaces:m2m(dcim/interfaces)"
                    + PRIMARY)
            .compute("ip_version", (row, engine) -> ipVersion(row.get("address")))
            .display("{address}")
            .naturalKey("parent.namespace.name address")
            .ordering("address")
            .build());
  }

  private static Object ipVersion(@org.jspecify.annotations.Nullable Object address) {
    return address != null && String.valueOf(address).contains(":") ? 6 : 4;
  }

  static Map<String, Map<Object, String>> choiceSets() {
    Map<String, Map<Object, String>> sets = new LinkedHashMap<>();
    sets.put("device-face", set("front", "Front", "rear", "Rear"));
    sets.put("subdevice-role", set("parent", "Parent", "child", "Child"));
    sets.put("rack-type", set(
        "2-post-frame", "2-post frame", "4-post-frame", "4-post frame", "4-post-cabinet", "4-post cabinet",
        "wall-frame", "Wall-mounted frame", "wall-cabinet", "Wall-mounted cabinet"));
    Map<Object, String> width = new LinkedHashMap<>();
    width.put(10L, "10 inches");
    width.put(19L, "19 inches");
    width.put(21L, "21 inches");
    width.put(23L, "23 inches");
    sets.put("rack-width", width);
    sets.put("interface-type", set(
        "virtual", "Virtual", "bridge", "Bridge", "lag", "Link Aggregation Group (LAG)",
        "100base-tx", "100BASE-TX (10/100ME)", "1000base-t", "1000BASE-T (1GE)",
        "10gbase-t", "10GBASE-T (10GE)", "1000base-x-sfp", "SFP (1GE)", "10gbase-x-sfpp", "SFP+ (10GE)",
        "25gbase-x-sfp28", "SFP28 (25GE)", "40gbase-x-qsfpp", "QSFP+ (40GE)",
        "100gbase-x-qsfp28", "QSFP28 (100GE)", "400gbase-x-qsfpdd", "QSFP-DD (400GE)", "other", "Other"));
    sets.put("interface-mode", set("access", "Access", "tagged", "Tagged", "tagged-all", "Tagged (All)"));
    sets.put("port-type", set(
        "8p8c", "8P8C", "110-punch", "110 Punch", "bnc", "BNC", "lc", "LC", "lc-apc", "LC/APC", "mpo", "MPO",
        "sc", "SC", "sc-apc", "SC/APC", "st", "ST", "other", "Other"));
    sets.put("prefix-type", set("container", "Container", "network", "Network", "pool", "Pool"));
    sets.put("ip-type", set("dhcp", "DHCP", "host", "Host", "slaac", "SLAAC"));
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
