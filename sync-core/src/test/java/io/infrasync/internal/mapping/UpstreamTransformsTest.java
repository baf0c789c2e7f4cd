package io.infrasync.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.config.TransformSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Every {@code expression:} of the upstream example configs, evaluated in its entry's transform
 * chain over a realistic record of that source. ACI's {@code aci_device_name} filter and
 * Prometheus' {@code lookup(...)} are simple registered stand-ins.
 */
class UpstreamTransformsTest {
  private static final Pattern EXPRESSION_LINE = Pattern.compile("^\\s*expression:\\s*\"(.*)\"\\s*$");

  /** A record of an entry's source, and what each transform field holds afterwards. */
  private record Case(Map<String, @Nullable Object> record, Map<String, @Nullable Object> expected) {}

  static Path examples() {
    String dir = System.getProperty("infrasync.shared.dir");
    return (dir != null ? Path.of(dir) : Path.of("../../shared")).toAbsolutePath().normalize().resolve("upstream-examples");
  }

  private static @Nullable String env(String name) {
    return name.endsWith("_URL") ? "https://example.test" : name.endsWith("_VERIFY") ? "false" : "stand-in";
  }

  private static Map<String, @Nullable Object> map(@Nullable Object... kv) {
    Map<String, @Nullable Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  // ---- adapter functions -------------------------------------------------------------------

  /** ACI: node id -> device name, as the ACI adapter builds it from fabricNode. */
  private static final TransformFunctions ACI = TransformFunctions.builder()
      .filter("aci_device_name", (value, args, record) -> Map.of("101", "leaf-101", "201", "spine-201").get(String.valueOf(value)))
      .build();

  /** One node_exporter scrape: metric -> samples (labels, value). */
  private static final Map<String, List<Map<String, Object>>> SCRAPE = Map.of(
      "node_memory_MemTotal_bytes", List.of(Map.of("labels", Map.of(), "value", 8245678080.0)),
      "node_netstat_Ip_Forwarding", List.of(Map.of("labels", Map.of(), "value", 1.0)),
      "node_time_seconds", List.of(Map.of("labels", Map.of(), "value", 1.7e9)),
      "node_uname_info", List.of(Map.of("labels", Map.of("nodename", "vm-01", "sysname", "Linux"), "value", 1.0)),
      "node_network_info", List.of(
          Map.of("labels", Map.of("device", "eth0", "address", "52:54:00:AB:CD:EF", "duplex", "FULL"), "value", 1.0),
          Map.of("labels", Map.of("device", "lo", "address", "00:00:00:00:00:00", "duplex", ""), "value", 1.0)),
      "node_network_speed_bytes", List.of(
          Map.of("labels", Map.of("device", "eth0"), "value", 125000000.0),
          Map.of("labels", Map.of("device", "lo"), "value", -1.0)),
      "node_network_up", List.of(Map.of("labels", Map.of("device", "eth0"), "value", 1.0)),
      "node_network_carrier", List.of(Map.of("labels", Map.of("device", "eth0"), "value", 1.0)),
      "node_filesystem_readonly", List.of(Map.of("labels", Map.of("device", "/dev/sda1", "mountpoint", "/"), "value", 0.0)),
      "node_disk_info", List.of(Map.of("labels", Map.of("device", "sda", "rotational", "1"), "value", 1.0)));

  /** Prometheus' {@code lookup(metric, labels, path)}: the first matching sample's value at {@code path}. */
  private static final TransformFunctions PROMETHEUS = TransformFunctions.builder()
      .function("lookup", (args, record) -> {
        Map<?, ?> want = (Map<?, ?>) args.get(1);
        for (Map<String, Object> sample : SCRAPE.getOrDefault((String) args.get(0), List.of())) {
          Map<?, ?> labels = (Map<?, ?>) java.util.Objects.requireNonNull(sample.get("labels"));
          if (want.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            Object v = FieldPath.of((String) args.get(2)).get(sample);
            return v;
          }
        }
        return null;
      })
      .build();

  // ---- the cases: "<example dir>|<kind>|<mapping>" -----------------------------------------

  private static final Map<String, Case> CASES = new HashMap<>();

  static {
    CASES.put("aci_to_infrahub|OrganizationCustomer|class/fvTenant.json", new Case(
        map("fvTenant", map("attributes", map("name", "acme", "descr", "", "dn", "uni/tn-acme"))),
        map("customer_id", "CUST-ACME", "description", "acme")));
    CASES.put("aci_to_infrahub|LocationBuilding|class/fabricTopology.json", new Case(
        map("fabricTopology", map("attributes", map("fabricId", "1", "dn", "topology"))),
        map("name", "MUC-1", "shortname", "MUC-1", "description", "ACI Fabric 1 in Munich")));
    CASES.put("aci_to_infrahub|DcimPhysicalInterface|class/l1PhysIf.json", new Case(
        map("l1PhysIf", map("attributes", map("id", "eth1/1", "adminSt", "up", "descr", "",
            "dn", "topology/pod-1/node-101/sys/phys-[eth1/1]"))),
        map("device", "leaf-101", "status", "active")));
    CASES.put("ipfabric_to_infrahub|InfraIPAddress|tables/addressing/managed-devs", new Case(
        map("ip", "10.0.0.1", "net", "10.0.0.0/24", "hostname", "sw1", "intName", "Gi0/1"),
        map("address", "10.0.0.1/24")));
    CASES.put("nautobot-v2_to_infrahub|StatusGeneric|extras.statuses", new Case(
        map("name", "NULL", "display", "NULL", "id", "9b2c"),
        map("new_name", "default", "new_label", "Default")));
    CASES.put("nautobot-v2_to_infrahub|InfraCircuit|circuits.circuits", new Case(
        map("cid", "ckt-0042", "id", "a1"),
        map("circuit_id", "CKT-0042")));
    CASES.put("netbox_to_infrahub|ChoiceDeviceType|dcim.device-types", new Case(
        map("model", "DCS-7050", "u_height", 1.5, "part_number", "", "is_full_depth", true),
        map("integer_height", 2.0)));
    CASES.put("netbox_to_infrahub|InfraDevice|dcim.devices", new Case(
        map("name", "Leaf-01", "serial", "FDO1234X"),
        // the upstream example has a stray `}` after the expression: Jinja renders it too
        map("name", "leaf-01", "serial_number", "fdo1234x}")));
    CASES.put("observium_to_infrahub|IpamIPAddress|devices", new Case(
        map("hostname", "pe-001.example.com", "ip", "10.1.1.1"),
        map("new_description", "PE-001-EXAMPLE-COM")));
    CASES.put("observium_to_infrahub|InfraDevice|devices", new Case(
        map("hostname", "sw1.example.com", "serial", "fdo99", "hardware", null),
        map("upper_serial", "FDO99", "unknown_hardware", "unknown")));
    CASES.put("prometheus_to_infrahub (node_exporter)|VirtualizationVirtualMachine|node_uname_info", new Case(
        map("labels", map("nodename", "vm-01", "sysname", "Linux", "release", "6.1", "machine", "x86_64"), "value", 1.0),
        // lookup() returns floats; `or 0` keeps them
        map("mem_total_t", 8245678080.0, "ip_forward_b", 1L, "conntrack_limit_t", 0L, "status_t", "active")));
    CASES.put("prometheus_to_infrahub (node_exporter)|VirtualizationVMNetworkInterface|node_network_mtu_bytes", new Case(
        map("labels", map("device", "eth0"), "value", 1500.0),
        map("vm_name", "vm-01", "mac_raw", "52:54:00:AB:CD:EF", "mac_norm", "52:54:00:ab:cd:ef",
            "mac_clean", "52:54:00:ab:cd:ef", "speed_raw", 125000000.0, "speed_clean", 125000000.0,
            "op_status", "up", "carrier_b", 1L, "duplex_raw", "full", "duplex_val", "full")));
    CASES.put("prometheus_to_infrahub (node_exporter)|VirtualizationVMFilesystem|node_filesystem_size_bytes", new Case(
        map("labels", map("device", "/dev/sda1", "mountpoint", "/", "fstype", "ext4"), "value", 5.0e10),
        map("vm_name", "vm-01", "ro_val", 0L, "ro_b", 0L, "deverr_val", 0L, "deverr_b", 0L)));
    CASES.put("prometheus_to_infrahub (node_exporter)|VirtualizationVMDisk|node_disk_info", new Case(
        map("labels", map("device", "sda", "rotational", "1"), "value", 1.0),
        // NativeEnvironment turns the label "1" into the int 1. Python then compares 1 == '1' (False)
        // and upstream yields 0; Jinjava's EL compares numerically and yields the intended 1.
        map("vm_name", "vm-01", "rotational_lbl", 1L, "rotational_b", 1L)));
    CASES.put("slurpit_to_infrahub|InfraInterface|planning_results.interfaces", new Case(
        map("Description", "Uplink to core", "Interface", "Gi0/1", "hostname", "sw1"),
        map("desc_string", "Uplink to core")));
    CASES.put("slurpit_to_infrahub|InfraIPAddress|filter_interfaces", new Case(
        map("hostname", "sw1", "Interface", "Gi0/1", "vrf", null, "prefix", "10.0.0.0/24", "normalized_address", "10.0.0.1/24"),
        map("dev_int", "sw1__Gi0/1", "vrf_prefix", "None__10.0.0.0/24")));
  }

  private static TransformFunctions functionsOf(String example) {
    return example.startsWith("aci") ? ACI : example.startsWith("prometheus") ? PROMETHEUS : TransformFunctions.NONE;
  }

  private static List<Path> configs() throws IOException {
    try (Stream<Path> dirs = Files.list(examples())) {
      return dirs.map(d -> d.resolve("config.yml")).filter(Files::exists).sorted().toList();
    }
  }

  @Test
  void everyUpstreamExpressionEvaluatesOverARealisticRecord() throws IOException {
    Set<String> evaluated = new LinkedHashSet<>();
    List<String> missing = new ArrayList<>();
    for (Path file : configs()) {
      String example = java.util.Objects.requireNonNull(file.getParent()).getFileName().toString();
      if (Files.readString(file).lines().noneMatch(l -> EXPRESSION_LINE.matcher(l).matches())) {
        continue;
      }
      SyncConfig config = ConfigLoader.load(file, UpstreamTransformsTest::env);
      for (SchemaMapping m : config.schemaMapping()) {
        if (m.transforms().isEmpty()) {
          continue;
        }
        String id = example + "|" + m.name() + "|" + m.mapping();
        Case c = CASES.get(id);
        if (c == null) {
          missing.add(id);
          continue;
        }
        Map<String, @Nullable Object> record = new HashMap<>(c.record());
        Transforms.compile(m.name(), m.transforms(), functionsOf(example)).apply(record, "1");
        for (TransformSpec t : m.transforms()) {
          assertThat(c.expected()).as("%s: expected value of transform `%s`", id, t.field()).containsKey(t.field());
          Object expected = c.expected().get(t.field());
          assertThat(record.get(t.field())).as("%s: `%s` = %s", id, t.field(), t.expression()).isEqualTo(expected);
          evaluated.add(t.expression());
        }
      }
    }
    assertThat(missing).as("entries with transforms but no test case").isEmpty();
    assertThat(evaluated).containsExactlyInAnyOrderElementsOf(expressionsInFiles());
  }

  /** Every uncommented {@code expression:} line of the example configs, as written. */
  private static Set<String> expressionsInFiles() throws IOException {
    Set<String> out = new LinkedHashSet<>();
    for (Path file : configs()) {
      for (String line : Files.readAllLines(file)) {
        Matcher m = EXPRESSION_LINE.matcher(line);
        if (m.matches()) {
          out.add(m.group(1).replace("\\\"", "\""));
        }
      }
    }
    assertThat(out).hasSizeGreaterThanOrEqualTo(35);
    return out;
  }

  @Test
  void netboxLowercasingKeepsAnEmptyName() {
    SchemaMapping m = netboxDevices();
    Map<String, @Nullable Object> record = map("name", "", "serial", "");
    Transforms.compile(m.name(), m.transforms(), TransformFunctions.NONE).apply(record, "7");
    assertThat(record).containsEntry("name", "").containsEntry("serial_number", "}");
  }

  @Test
  void slurpitVrfPrefixStaysUnsetWithoutPrefix() throws IOException {
    SyncConfig config = ConfigLoader.load(examples().resolve("slurpit_to_infrahub/config.yml"), UpstreamTransformsTest::env);
    SchemaMapping m = config.schemaMapping().stream().filter(e -> e.name().equals("InfraIPAddress")).findFirst().orElseThrow();
    Map<String, @Nullable Object> record = map("hostname", "sw1", "Interface", "Gi0/1", "vrf", "blue", "prefix", "");
    Transforms.compile(m.name(), m.transforms(), TransformFunctions.NONE).apply(record, "3");
    assertThat(record).doesNotContainKey("vrf_prefix").containsEntry("dev_int", "sw1__Gi0/1");
  }

  @Test
  void slurpitDescriptionOfNoneLeavesTheFieldUnset() throws IOException {
    SyncConfig config = ConfigLoader.load(examples().resolve("slurpit_to_infrahub/config.yml"), UpstreamTransformsTest::env);
    SchemaMapping m = config.schemaMapping().stream().filter(e -> e.name().equals("InfraInterface")).findFirst().orElseThrow();
    Map<String, @Nullable Object> record = map("Description", null, "Interface", "Gi0/2");
    Transforms.compile(m.name(), m.transforms(), TransformFunctions.NONE).apply(record, "4");
    // str(None) is "None", which NativeEnvironment reads back as None: the field stays unset
    assertThat(record).doesNotContainKey("desc_string");
  }

  private static SchemaMapping netboxDevices() {
    try {
      SyncConfig config = ConfigLoader.load(examples().resolve("netbox_to_infrahub/config.yml"), UpstreamTransformsTest::env);
      return config.schemaMapping().stream().filter(e -> e.name().equals("InfraDevice")).findFirst().orElseThrow();
    } catch (RuntimeException e) {
      throw new AssertionError(e);
    }
  }
}
