package io.infrasync.reliability;

import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.testkit.infrahub.InfrahubNode;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxDataset;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The crash and cross-process scenario: a NetBox (source) seeded with a small, seeded inventory of
 * six kinds in four tiers (sites, tenants, device types → devices → interfaces → IP addresses), an
 * Infrahub destination with the benchmark schema, the {@code config.yml} that maps one onto the
 * other, and a canonical form of the destination to compare runs with.
 */
final class CrashFixture {
  static final String SYNC_NAME = "crash-sync";
  static final List<String> KINDS = List.of("LocationSite", "OrganizationTenant", "InfraDeviceType", "InfraDevice",
      "InfraInterface", "IpamIPAddress");

  static final String CONFIG = """
      name: crash-sync
      source:
        name: netbox
        settings:
          url: "${NETBOX_URL}"
          token: "${NETBOX_TOKEN}"
          max_retries: 1
      destination:
        name: infrahub
        settings:
          url: "${INFRAHUB_ADDRESS}"
          token: "${INFRAHUB_API_TOKEN}"
          write_batch_size: %d
          page_size: 100
          max_retries: 1
      diffsync_flags: [LOG_UNCHANGED_RECORDS]
      """ + NetBoxDataset.INFRAHUB_MAPPING;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private CrashFixture() {}

  /** Writes {@code config.yml} into {@code dir}. */
  static Path writeConfig(Path dir, int writeBatchSize) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve("config.yml"), CONFIG.formatted(writeBatchSize));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment a child (or an in-process engine) reads the URLs and tokens from. */
  static Map<String, String> env(NetBoxServer netbox, InfrahubServer infrahub, String infrahubToken) {
    return Map.of("NETBOX_URL", netbox.baseUrl().toString(), "NETBOX_TOKEN", NetBoxServer.DEFAULT_TOKEN,
        "INFRAHUB_ADDRESS", infrahub.baseUrl().toString(), "INFRAHUB_API_TOKEN", infrahubToken);
  }

  /** Seeds the inventory: {@code devices} devices with four interfaces each, an IP on every odd one. */
  static void seed(NetBoxServer netbox, int devices, long seed) {
    Random rnd = new Random(seed);
    List<Object> sites = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sites.add(id(netbox.seed("dcim/sites", Map.of("name", "site-" + i, "slug", "site-" + i, "description",
          "Site " + i, "status", "active"))));
    }
    List<Object> tenants = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tenants.add(id(netbox.seed("tenancy/tenants", Map.of("name", "tenant-" + i, "slug", "tenant-" + i))));
    }
    List<Object> types = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      Object mid = id(netbox.seed("dcim/manufacturers", Map.of("name", "vendor-" + m, "slug", "vendor-" + m)));
      for (int t = 0; t < 2; t++) {
        String model = "DT-" + m + t;
        types.add(id(netbox.seed("dcim/device-types", Map.of("manufacturer", mid, "model", model, "slug",
            model.toLowerCase(java.util.Locale.ROOT)))));
      }
    }
    Object role = id(netbox.seed("dcim/device-roles", Map.of("name", "default", "slug", "default")));
    int[] ip = {0};
    for (int d = 0; d < devices; d++) {
      addDevice(netbox, "dev-" + String.format(java.util.Locale.ROOT, "%04d", d), rnd, sites, tenants, types, role, ip);
    }
  }

  private static void addDevice(NetBoxServer netbox, String name, Random rnd, List<Object> sites, List<Object> tenants,
      List<Object> types, Object role, int[] ip) {
    Map<String, Object> dev = new LinkedHashMap<>();
    dev.put("name", name);
    dev.put("site", sites.get(rnd.nextInt(sites.size())));
    dev.put("device_type", types.get(rnd.nextInt(types.size())));
    dev.put("role", role);
    if (rnd.nextInt(4) != 0) {
      dev.put("tenant", tenants.get(rnd.nextInt(tenants.size())));
    }
    dev.put("serial", "SN" + rnd.nextInt(1_000_000));
    dev.put("status", rnd.nextInt(5) == 0 ? "planned" : "active");
    Object devId = id(netbox.seed("dcim/devices", dev));
    for (int i = 0; i < 4; i++) {
      Map<String, Object> itf = new LinkedHashMap<>();
      itf.put("device", devId);
      itf.put("name", "eth" + i);
      itf.put("type", "1000base-t");
      itf.put("description", rnd.nextBoolean() ? "" : "port " + rnd.nextInt(100));
      itf.put("enabled", rnd.nextBoolean());
      itf.put("mtu", 1500 + rnd.nextInt(8000));
      itf.put("speed", 1000 * (1 + rnd.nextInt(100)));
      Object itfId = id(netbox.seed("dcim/interfaces", itf));
      if (i % 2 == 1) {
        int n = ip[0]++;
        netbox.seed("ipam/ip-addresses", Map.of("address", "10." + (n / 65536) % 256 + "." + (n / 256) % 256 + "."
            + n % 256 + "/32", "assigned_object_type", "dcim.interface", "assigned_object_id", itfId,
            "description", "ip " + n, "status", "active"));
      }
    }
  }

  /**
   * Changes the source between episodes: edits some device serials and interface descriptions,
   * deletes some IP addresses, adds a device, so that a run creates, updates and deletes.
   */
  static String drift(NetBoxServer netbox, long seed) {
    Random rnd = new Random(seed);
    int updated = 0;
    int deleted = 0;
    for (Map<String, @Nullable Object> d : netbox.objects("dcim/devices")) {
      if (rnd.nextInt(6) == 0) {
        patch(netbox, "dcim/devices", d.get("id"), Map.of("serial", "SN-drift-" + rnd.nextInt(1_000_000)));
        updated++;
      }
    }
    for (Map<String, @Nullable Object> i : netbox.objects("dcim/interfaces")) {
      if (rnd.nextInt(8) == 0) {
        patch(netbox, "dcim/interfaces", i.get("id"), Map.of("description", "drift " + rnd.nextInt(1000),
            "mtu", 1500 + rnd.nextInt(8000)));
        updated++;
      }
    }
    for (Map<String, @Nullable Object> a : netbox.objects("ipam/ip-addresses")) {
      if (rnd.nextInt(10) == 0) {
        delete(netbox, "ipam/ip-addresses", a.get("id"));
        deleted++;
      }
    }
    List<Object> sites = netbox.objects("dcim/sites").stream().map(CrashFixture::id).toList();
    List<Object> tenants = netbox.objects("tenancy/tenants").stream().map(CrashFixture::id).toList();
    List<Object> types = netbox.objects("dcim/device-types").stream().map(CrashFixture::id).toList();
    Object role = id(netbox.objects("dcim/device-roles").get(0));
    int[] ip = {100_000 + rnd.nextInt(1_000_000)};
    addDevice(netbox, "dev-new-" + seed, rnd, sites, tenants, types, role, ip);
    return updated + " updated, " + deleted + " deleted, 1 device added";
  }

  private static void patch(NetBoxServer netbox, String endpoint, @Nullable Object id, Map<String, Object> body) {
    send(netbox, "PATCH", endpoint + "/" + id + "/", io.infrasync.reliability.CrashFixture.json(body));
  }

  private static void delete(NetBoxServer netbox, String endpoint, @Nullable Object id) {
    send(netbox, "DELETE", endpoint + "/" + id + "/", null);
  }

  private static void send(NetBoxServer netbox, String method, String path, @Nullable String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(netbox.apiUrl() + path))
        .header("Authorization", netbox.authorization()).header("Content-Type", "application/json")
        .header("Accept", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String json(Map<String, Object> body) {
    return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body);
  }

  private static Object id(Map<String, @Nullable Object> object) {
    return Objects.requireNonNull(object.get("id"), "id");
  }

  /** Syncs in this JVM (no cache on disk), as the fault-free reference. */
  static SyncReport referenceSync(Path config, Map<String, String> env) {
    Function<String, @Nullable String> e = env::get;
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(e).inMemoryCache()
        .guardrails(Guardrails.NONE).build()) {
      return engine.sync();
    }
  }

  /**
   * The destination in a canonical form: per kind, one line per node with its attributes and its
   * peers named by their human friendly ids (node ids differ between servers), sorted.
   */
  static Map<String, List<String>> canonical(InfrahubServer infrahub) {
    Map<String, List<String>> hfidById = new HashMap<>();
    Map<String, List<InfrahubNode>> byKind = new LinkedHashMap<>();
    for (String kind : KINDS) {
      List<InfrahubNode> nodes = infrahub.nodes(kind);
      byKind.put(kind, nodes);
      for (InfrahubNode n : nodes) {
        hfidById.put(n.id(), n.hfid() == null ? List.of(n.id()) : n.hfid());
      }
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    byKind.forEach((kind, nodes) -> {
      List<String> lines = new ArrayList<>();
      for (InfrahubNode n : nodes) {
        Map<String, Object> rels = new TreeMap<>();
        n.relationships().forEach((rel, peers) -> {
          if (!rel.equals("interfaces") && !rel.equals("ip_addresses")) { // the reverse ends
            rels.put(rel, peers.stream().map(p -> String.join("/", hfidById.getOrDefault(p, List.of("?" + p))))
                .sorted().toList());
          }
        });
        lines.add(new TreeMap<>(n.attributes()) + " " + rels);
      }
      lines.sort(null);
      out.put(kind, lines);
    });
    return out;
  }

  /** Human friendly ids that occur more than once, per kind (duplicates). */
  static Map<String, List<String>> duplicates(InfrahubServer infrahub) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String kind : KINDS) {
      Map<String, Integer> seen = new HashMap<>();
      for (InfrahubNode n : infrahub.nodes(kind)) {
        seen.merge(String.valueOf(n.hfid()), 1, Integer::sum);
      }
      List<String> dups = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
      if (!dups.isEmpty()) {
        out.put(kind, dups);
      }
    }
    return out;
  }
}
