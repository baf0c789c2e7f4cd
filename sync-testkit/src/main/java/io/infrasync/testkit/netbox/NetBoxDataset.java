package io.infrasync.testkit.netbox;

import io.infrasync.testkit.internal.Json;
import io.infrasync.testkit.internal.RestEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Seeds a NetBox emulator from one side of the shared benchmark dataset ({@code
 * <dir>/<Kind>.jsonl}, one JSON object per line). Kinds are read in dependency order; a reference
 * (the referenced record's identifiers joined with {@code __}) becomes the NetBox id of the object
 * created for that record.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>Kind</th><th>endpoint</th><th>fields</th></tr>
 *   <tr><td>LocationSite</td><td>dcim/sites</td><td>name, slug = slugify(name), description, status active</td></tr>
 *   <tr><td>OrganizationTenant</td><td>tenancy/tenants</td><td>name, slug</td></tr>
 *   <tr><td>InfraDeviceType</td><td>dcim/manufacturers + dcim/device-types</td><td>manufacturer
 *       (created once per name, with slug); device type model = name, slug, manufacturer</td></tr>
 *   <tr><td>InfraDevice</td><td>dcim/devices</td><td>name, site, device_type = type, tenant, serial,
 *       status; role = the device role {@code default} (created on first use: NetBox requires a
 *       role)</td></tr>
 *   <tr><td>InfraInterface</td><td>dcim/interfaces</td><td>device, name, type {@code other},
 *       description, enabled, mtu, speed</td></tr>
 *   <tr><td>IpamIPAddress</td><td>ipam/ip-addresses</td><td>address, assigned_object = the
 *       interface ({@code dcim.interface}), description, status active</td></tr>
 * </table>
 *
 * A null description becomes {@code ""} (NetBox stores blank strings, never null). A missing file
 * is skipped.
 */
public final class NetBoxDataset {
  /**
   * The {@code schema_mapping} of a {@code config.yml} (the key and its list, starting at column 0)
   * that syncs a NetBox seeded by {@link NetBoxServer#seedDataset} into an Infrahub holding {@link
   * io.infrasync.testkit.infrahub.InfrahubSchema#bench()}: the six kinds of the table above, by the
   * dataset's identifiers. Append it to the {@code name}, {@code source} and {@code destination} keys
   * of a test's own configuration.
   */
  public static final String INFRAHUB_MAPPING = """
      schema_mapping:
        - name: LocationSite
          mapping: dcim.sites
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
            - {name: description, mapping: description}
        - name: OrganizationTenant
          mapping: tenancy.tenants
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
        - name: InfraDeviceType
          mapping: dcim.device-types
          identifiers: [name]
          fields:
            - {name: name, mapping: model}
            - {name: manufacturer, mapping: manufacturer.name}
        - name: InfraDevice
          mapping: dcim.devices
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
            - {name: site, mapping: site, reference: LocationSite}
            - {name: type, mapping: device_type, reference: InfraDeviceType}
            - {name: tenant, mapping: tenant, reference: OrganizationTenant}
            - {name: serial, mapping: serial}
            - {name: status, mapping: status.value}
        - name: InfraInterface
          mapping: dcim.interfaces
          identifiers: [device, name]
          fields:
            - {name: device, mapping: device, reference: InfraDevice}
            - {name: name, mapping: name}
            - {name: description, mapping: description}
            - {name: enabled, mapping: enabled}
            - {name: mtu, mapping: mtu}
            - {name: speed, mapping: speed}
        - name: IpamIPAddress
          mapping: ipam.ip-addresses
          identifiers: [address]
          fields:
            - {name: address, mapping: address}
            - {name: interface, mapping: assigned_object, reference: InfraInterface}
            - {name: description, mapping: description}
      """;

  private NetBoxDataset() {}

  static Map<String, Integer> seed(RestEngine<?> engine, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a dataset directory: " + dir);
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, Object> sites = new HashMap<>();
    Map<String, Object> tenants = new HashMap<>();
    Map<String, Object> manufacturers = new HashMap<>();
    Map<String, Object> types = new HashMap<>();
    Map<String, Object> devices = new HashMap<>();
    Map<String, Object> interfaces = new HashMap<>();
    Object[] role = {null};
    read(dir, "LocationSite", rec -> {
      String name = text(rec, "name");
      sites.put(name, create(engine, counts, "dcim/sites", map(
          "name", name, "slug", slugify(name), "description", blank(rec.get("description")), "status", "active")));
    });
    read(dir, "OrganizationTenant", rec -> {
      String name = text(rec, "name");
      tenants.put(name, create(engine, counts, "tenancy/tenants", map("name", name, "slug", slugify(name))));
    });
    read(dir, "InfraDeviceType", rec -> {
      String name = text(rec, "name");
      String manufacturer = text(rec, "manufacturer");
      Object manufacturerId = manufacturers.computeIfAbsent(manufacturer, m ->
          create(engine, counts, "dcim/manufacturers", map("name", m, "slug", slugify(m))));
      types.put(name, create(engine, counts, "dcim/device-types", map(
          "manufacturer", manufacturerId, "model", name, "slug", slugify(name))));
    });
    read(dir, "InfraDevice", rec -> {
      if (role[0] == null) {
        role[0] = create(engine, counts, "dcim/device-roles", map("name", "default", "slug", "default"));
      }
      String name = text(rec, "name");
      devices.put(name, create(engine, counts, "dcim/devices", map(
          "name", name,
          "device_type", ref(types, rec, "type"),
          "role", role[0],
          "site", ref(sites, rec, "site"),
          "tenant", rec.get("tenant") == null ? null : ref(tenants, rec, "tenant"),
          "serial", blank(rec.get("serial")),
          "status", rec.get("status"))));
    });
    read(dir, "InfraInterface", rec -> {
      String device = text(rec, "device");
      String name = text(rec, "name");
      interfaces.put(device + "__" + name, create(engine, counts, "dcim/interfaces", map(
          "device", ref(devices, rec, "device"),
          "name", name,
          "type", "other",
          "description", blank(rec.get("description")),
          "enabled", rec.get("enabled"),
          "mtu", rec.get("mtu"),
          "speed", rec.get("speed"))));
    });
    read(dir, "IpamIPAddress", rec -> create(engine, counts, "ipam/ip-addresses", map(
        "address", text(rec, "address"),
        "assigned_object_type", rec.get("interface") == null ? null : "dcim.interface",
        "assigned_object_id", rec.get("interface") == null ? null : ref(interfaces, rec, "interface"),
        "description", blank(rec.get("description")),
        "status", "active")));
    return counts;
  }

  private interface RecordSink {
    void accept(Map<String, @Nullable Object> record);
  }

  private static void read(Path dir, String kind, RecordSink sink) {
    Path file = dir.resolve(kind + ".jsonl");
    if (!Files.exists(file)) {
      return;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          sink.accept(Json.object(Json.parse(line), kind));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Object create(RestEngine<?> engine, Map<String, Integer> counts, String endpoint, Map<String, @Nullable Object> fields) {
    Object id = engine.seedId(endpoint, fields);
    counts.merge(endpoint, 1, Integer::sum);
    return id;
  }

  private static Object ref(Map<String, Object> ids, Map<String, @Nullable Object> rec, String field) {
    String key = text(rec, field);
    Object id = ids.get(key);
    if (id == null) {
      throw new IllegalArgumentException("reference " + field + "=" + key + " names no record seeded before it");
    }
    return id;
  }

  private static String text(Map<String, @Nullable Object> rec, String field) {
    Object v = rec.get(field);
    if (v == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return String.valueOf(v);
  }

  private static String blank(@Nullable Object v) {
    return v == null ? "" : String.valueOf(v);
  }

  private static Map<String, @Nullable Object> map(@Nullable Object... kv) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(String.valueOf(kv[i]), kv[i + 1]);
    }
    return out;
  }

  /** Django's {@code slugify}: lower case, word characters and hyphens, runs of space/hyphen as one hyphen. */
  static String slugify(String s) {
    String lower = s.toLowerCase(Locale.ROOT).replaceAll("[^\\w\\s-]", "");
    return lower.replaceAll("[-\\s]+", "-").replaceAll("^[-_]+|[-_]+$", "");
  }
}
