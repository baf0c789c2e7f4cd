package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.Cardinality;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindBuilder;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;

/** The schemas shipped with the emulator. */
final class BuiltinSchemas {
  private BuiltinSchemas() {}

  /**
   * Every kind and field written by the upstream examples {@code netbox_to_infrahub} and {@code
   * nautobot-v2_to_infrahub}. The examples treat {@code RoleGeneric}, {@code StatusGeneric}, {@code
   * OrganizationGeneric} and {@code LocationGeneric} as writable kinds, so they are nodes here.
   * Where the two configurations disagree the relationship wins: {@code InfraCircuit.type} is a
   * relationship to {@code ChoiceCircuitType} (the NetBox example maps a plain {@code type.name}
   * onto it). {@code InfraInterface} is a generic used by {@code InfraInterfaceL2L3}.
   */
  static final InfrahubSchema EXAMPLES = examplesSchema();

  /** The benchmark dataset's kinds; human friendly ids equal the dataset identifiers. */
  static final InfrahubSchema BENCH = benchSchema();

  private static InfrahubSchema examplesSchema() {
    return InfrahubSchema.builder()
        .node("BuiltinTag", k -> named(k).optional("description", "Text"))
        .node(
            "RoleGeneric", k -> named(k).optional("description", "Text").optional("label", "Text"))
        .node(
            "StatusGeneric",
            k -> named(k).optional("description", "Text").optional("label", "Text"))
        .node("CoreStandardGroup", k -> named(k).optional("description", "Text"))
        .node(
            "OrganizationGeneric",
            k ->
                named(k)
                    .optional("description", "Text")
                    .optional("type", "Text")
                    .one("group", "CoreStandardGroup"))
        .node("ChoiceLocationType", k -> named(k).optional("description", "Text"))
        .node(
            "LocationGeneric",
            k ->
                named(k)
                    .optional("description", "Text")
                    .optional("type", "Text")
                    .one("group", "CoreStandardGroup")
                    .one("organization", "OrganizationGeneric")
                    .one("location_type", "ChoiceLocationType")
                    .one("status", "StatusGeneric")
                    .many("tags", "BuiltinTag"))
        .node(
            "InfraRack",
            k ->
                k.attribute("name", "Text")
                    .one("location", "LocationGeneric")
                    .optional("height", "Number")
                    .optional("serial_number", "Text")
                    .optional("asset_tag", "Text")
                    .optional("facility_id", "Text")
                    .one("role", "RoleGeneric")
                    .many("tags", "BuiltinTag")
                    .humanFriendlyId("location__name__value", "name__value")
                    .displayLabels("name__value"))
        .node(
            "ChoiceDeviceType",
            k ->
                k.attribute("name", "Text")
                    .optional("part_number", "Text")
                    .optional("full_depth", "Boolean")
                    .optional("height", "Number")
                    .many("tags", "BuiltinTag")
                    .one("manufacturer", "OrganizationGeneric")
                    .humanFriendlyId("manufacturer__name__value", "name__value")
                    .displayLabels("name__value"))
        .node(
            "InfraPlatform",
            k ->
                k.attribute("name", "Text")
                    .optional("description", "Text")
                    .optional("napalm_driver", "Text")
                    .one("manufacturer", "OrganizationGeneric")
                    .humanFriendlyId("manufacturer__name__value", "name__value")
                    .displayLabels("name__value"))
        .generic(
            "InfraInterface",
            k ->
                k.attribute("name", "Text")
                    .optional("description", "Text")
                    .optional("mgmt_only", "Boolean")
                    .requiredOne("device", "InfraDevice")
                    .many("tags", "BuiltinTag")
                    .one("status", "StatusGeneric")
                    .humanFriendlyId("device__name__value", "name__value")
                    .uniquenessConstraint("device", "name__value")
                    .displayLabels("name__value"))
        .node(
            "InfraDevice",
            k ->
                k.attribute("name", "Text")
                    .optional("serial_number", "Text")
                    .optional("asset_tag", "Text")
                    .optional("description", "Text")
                    .one("model", "ChoiceDeviceType")
                    .one("platform", "InfraPlatform")
                    .one("organization", "OrganizationGeneric")
                    .one("role", "RoleGeneric")
                    .one("status", "StatusGeneric")
                    .one("location", "LocationGeneric")
                    .one("rack", "InfraRack")
                    .many("tags", "BuiltinTag")
                    .relationship(
                        new RelationshipSchema(
                            "interfaces",
                            "InfraInterface",
                            Cardinality.MANY,
                            "infradevice__infrainterface",
                            true,
                            "Component",
                            false))
                    .humanFriendlyId("location__name__value", "name__value")
                    .displayLabels("name__value"))
        .node(
            "InfraInterfaceL2L3",
            k ->
                k.inheritFrom("InfraInterface")
                    .optional("interface_type", "Text")
                    .optional("l2_mode", "Text")
                    .optional("mac_address", "Text")
                    .relationship(
                        new RelationshipSchema(
                            "untagged_vlan",
                            "InfraVLAN",
                            Cardinality.ONE,
                            "interface__untagged_vlan",
                            true,
                            "Generic",
                            false))
                    .relationship(
                        new RelationshipSchema(
                            "tagged_vlan",
                            "InfraVLAN",
                            Cardinality.MANY,
                            "interface__tagged_vlans",
                            true,
                            "Generic",
                            false))
                    .relationship(
                        new RelationshipSchema(
                            "ip_addresses",
                            "InfraIPAddress",
                            Cardinality.MANY,
                            "infrainterface__ipaddress",
                            true,
                            "Generic",
                            false)))
        .node(
            "InfraProviderNetwork",
            k ->
                named(k)
                    .optional("vendor_id", "Text")
                    .optional("description", "Text")
                    .one("provider", "OrganizationGeneric")
                    .one("status", "StatusGeneric")
                    .many("tags", "BuiltinTag"))
        .node(
            "ChoiceCircuitType",
            k -> named(k).optional("description", "Text").many("tags", "BuiltinTag"))
        .node(
            "InfraCircuit",
            k ->
                k.unique("circuit_id", "Text")
                    .optional("vendor_id", "Text")
                    .optional("description", "Text")
                    .one("provider", "OrganizationGeneric")
                    .one("status", "StatusGeneric")
                    .one("type", "ChoiceCircuitType")
                    .many("tags", "BuiltinTag")
                    .humanFriendlyId("circuit_id__value")
                    .displayLabels("circuit_id__value"))
        .node(
            "InfraAutonomousSystem",
            k ->
                named(k)
                    .attribute("asn", "Number")
                    .optional("description", "Text")
                    .one("organization", "OrganizationGeneric"))
        .node("NautobotNamespace", k -> named(k).optional("description", "Text"))
        .node(
            "InfraRouteTarget",
            k ->
                k.attribute("name", "Text")
                    .optional("description", "Text")
                    .one("organization", "OrganizationGeneric")
                    .uniquenessConstraint("name__value", "organization")
                    .displayLabels("name__value"))
        .node(
            "InfraVRF",
            k ->
                k.attribute("name", "Text")
                    .optional("description", "Text")
                    .one("organization", "OrganizationGeneric")
                    .one("ip_namespace", "NautobotNamespace")
                    .optional("vrf_rd", "Text")
                    .relationship(
                        new RelationshipSchema(
                            "import_rt",
                            "InfraRouteTarget",
                            Cardinality.MANY,
                            "vrf__import_targets",
                            true,
                            "Generic",
                            false))
                    .relationship(
                        new RelationshipSchema(
                            "export_rt",
                            "InfraRouteTarget",
                            Cardinality.MANY,
                            "vrf__export_targets",
                            true,
                            "Generic",
                            false))
                    .uniquenessConstraint("name__value", "ip_namespace")
                    .displayLabels("name__value"))
        .node(
            "InfraVLAN",
            k ->
                k.attribute("name", "Text")
                    .attribute("vlan_id", "Number")
                    .optional("description", "Text")
                    .one("organization", "OrganizationGeneric")
                    .relationship(
                        new RelationshipSchema(
                            "location",
                            "LocationGeneric",
                            Cardinality.ONE,
                            "vlan__location",
                            true,
                            "Generic",
                            false))
                    .relationship(
                        new RelationshipSchema(
                            "locations",
                            "LocationGeneric",
                            Cardinality.MANY,
                            "vlan__locations",
                            true,
                            "Generic",
                            false))
                    .one("role", "RoleGeneric")
                    .one("status", "StatusGeneric")
                    .one("vlan_group", "CoreStandardGroup")
                    .displayLabels("name__value"))
        .node(
            "InfraPrefix",
            k ->
                k.attribute("prefix", "IPNetwork")
                    .optional("description", "Text")
                    .one("organization", "OrganizationGeneric")
                    .one("role", "RoleGeneric")
                    .one("vrf", "InfraVRF")
                    .one("ip_namespace", "NautobotNamespace")
                    .one("status", "StatusGeneric")
                    .one("vlan", "InfraVLAN")
                    .relationship(
                        new RelationshipSchema(
                            "location",
                            "LocationGeneric",
                            Cardinality.ONE,
                            "prefix__location",
                            true,
                            "Generic",
                            false))
                    .relationship(
                        new RelationshipSchema(
                            "locations",
                            "LocationGeneric",
                            Cardinality.MANY,
                            "prefix__locations",
                            true,
                            "Generic",
                            false))
                    .displayLabels("prefix__value"))
        .node(
            "InfraIPAddress",
            k ->
                k.attribute("address", "IPHost")
                    .optional("description", "Text")
                    .one("organization", "OrganizationGeneric")
                    .one("vrf", "InfraVRF")
                    .one("ip_prefix", "InfraPrefix")
                    .relationship(
                        new RelationshipSchema(
                            "interfaces",
                            "InfraInterfaceL2L3",
                            Cardinality.MANY,
                            "infrainterface__ipaddress",
                            true,
                            "Generic",
                            false))
                    .one("role", "RoleGeneric")
                    .one("status", "StatusGeneric")
                    .displayLabels("address__value"))
        .node("InfraRearPort", k -> port(k))
        .node("InfraFrontPort", k -> port(k).one("rear_port", "InfraRearPort"))
        .build();
  }

  private static KindBuilder named(KindBuilder k) {
    return k.unique("name", "Text").humanFriendlyId("name__value").displayLabels("name__value");
  }

  private static KindBuilder port(KindBuilder k) {
    return k.attribute("name", "Text")
        .optional("description", "Text")
        .optional("port_type", "Text")
        .requiredOne("device", "InfraDevice")
        .one("status", "StatusGeneric")
        .humanFriendlyId("device__name__value", "name__value")
        .uniquenessConstraint("device", "name__value")
        .displayLabels("name__value");
  }

  private static InfrahubSchema benchSchema() {
    return InfrahubSchema.builder()
        .node("LocationSite", k -> named(k).optional("description", "Text"))
        .node("OrganizationTenant", BuiltinSchemas::named)
        .node("InfraDeviceType", k -> named(k).optional("manufacturer", "Text"))
        .node(
            "InfraDevice",
            k ->
                named(k)
                    .one("site", "LocationSite")
                    .one("type", "InfraDeviceType")
                    .one("tenant", "OrganizationTenant")
                    .optional("serial", "Text")
                    .optional("status", "Text")
                    .relationship(
                        new RelationshipSchema(
                            "interfaces",
                            "InfraInterface",
                            Cardinality.MANY,
                            "infradevice__infrainterface",
                            true,
                            "Component",
                            false)))
        .node(
            "InfraInterface",
            k ->
                k.requiredOne("device", "InfraDevice")
                    .attribute("name", "Text")
                    .optional("description", "Text")
                    .optional("enabled", "Boolean")
                    .optional("mtu", "Number")
                    .optional("speed", "Number")
                    .many("ip_addresses", "IpamIPAddress")
                    .humanFriendlyId("device__name__value", "name__value")
                    .uniquenessConstraint("device", "name__value")
                    .displayLabels("name__value"))
        .node(
            "IpamIPAddress",
            k ->
                k.unique("address", "IPHost")
                    .one("interface", "InfraInterface")
                    .optional("description", "Text")
                    .humanFriendlyId("address__value")
                    .displayLabels("address__value"))
        .build();
  }
}
