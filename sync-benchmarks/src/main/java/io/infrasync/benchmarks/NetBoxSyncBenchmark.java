package io.infrasync.benchmarks;

import io.infrasync.Action;
import io.infrasync.Guardrails;
import io.infrasync.MemoryAdapter;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.cache.MemoryCacheStore;
import io.infrasync.spi.CacheStore;
import io.infrasync.testkit.RequestLog;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests and time of syncs into the NetBox emulator: the shared benchmark dataset's source side
 * (in NetBox's vocabulary, from memory) into a NetBox seeded with its destination side, every
 * request delayed by a fixed latency.
 *
 * <ul>
 *   <li>cold: the first sync (full reads, watermarks taken, every change written);
 *   <li>warm, incremental: the next sync with cursors (watermark, changes since the cursor, id listing);
 *   <li>warm, full: the same with full reads, for comparison.
 * </ul>
 *
 * The minimum is what any client needs: one request per page of 1000 per endpoint read, plus one
 * request per {@code write_batch_size} changes of a kind and action (plus, with cursors, one
 * watermark request per endpoint).
 *
 * <p>Arguments: {@code [N=1000] [latency_ms=20] [write_batch_size=100]}.
 */
public final class NetBoxSyncBenchmark {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Map<String, String> DEVICE_STATUS = Map.of("active", "Active", "planned", "Planned",
      "staged", "Staged", "offline", "Offline", "decommissioning", "Decommissioning");

  private NetBoxSyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int latency = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    Path data = DiffBenchmark.Datasets.ensure(n);
    Map<String, List<Map<String, Object>>> source = netboxShaped(data.resolve("source"));
    System.out.printf(Locale.ROOT, "dataset N=%d: %d source records; latency %d ms per request;"
            + " write_batch_size=%d; %d cores%n", n, source.values().stream().mapToInt(List::size).sum(), latency,
        batch, Runtime.getRuntime().availableProcessors());
    try (NetBoxServer netbox = NetBoxServer.builder().threads(8).build().start()) {
      // The destination was loaded a day ago and last edited 23 hours ago (one record per endpoint):
      // a warm run's changes are what the cold run wrote.
      java.time.Instant now = java.time.Instant.now();
      netbox.clock().set(now.minus(Duration.ofDays(1)));
      Map<String, Integer> seeded = netbox.seedDataset(data.resolve("destination"));
      netbox.clock().set(now.minus(Duration.ofHours(23)));
      for (String endpoint : ENDPOINTS) {
        Map<String, Object> first = netbox.objects(endpoint).get(0);
        touch(netbox, "/api/" + endpoint + "/" + first.get("id") + "/", first.get("description"));
      }
      netbox.clock().release();
      System.out.println("destination seeded: " + seeded);
      netbox.faults().latency(Duration.ofMillis(latency));
      CacheStore store = new MemoryCacheStore(Clock.systemUTC());
      run("cold sync (first run, cursors taken)", netbox, source, batch, store, true, true);
      run("warm sync, incremental (nothing changed)", netbox, source, batch, store, true, false);
      run("warm sync, full reads (nothing changed)", netbox, source, batch, new MemoryCacheStore(Clock.systemUTC()),
          false, false);
    }
  }

  private static void run(String title, NetBoxServer netbox, Map<String, List<Map<String, Object>>> source,
      int batch, CacheStore store, boolean incremental, boolean cold) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (String endpoint : ENDPOINTS) {
      sizes.put(endpoint, netbox.count(endpoint));
    }
    netbox.requestLog().reset();
    MemoryAdapter memory = MemoryAdapter.create();
    source.forEach((resource, records) -> records.forEach(r -> memory.add(resource, r)));
    long t0 = System.nanoTime();
    SyncReport report;
    Map<String, String> env = Map.of("NETBOX_URL", netbox.baseUrl().toString(), "NETBOX_TOKEN",
        NetBoxServer.DEFAULT_TOKEN, "WRITE_BATCH", Integer.toString(batch));
    try (SyncEngine engine = SyncEngine.builder().config(config(env)).source(memory).environment(env::get)
        .cacheStore(store).incremental(incremental).guardrails(Guardrails.NONE).build()) {
      report = engine.sync();
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    long pages = 0;
    for (int size : sizes.values()) {
      pages += Math.max(1, (size + 999) / 1000);
    }
    long writes = 0;
    for (String kind : report.counts().keySet()) {
      for (Action a : Action.values()) {
        writes += (report.plan().count(kind, a) + batch - 1) / batch;
      }
    }
    RequestLog log = netbox.requestLog();
    // Full read: its pages. Incremental read: the pages of the changes (as many as came) plus an id
    // listing, which NetBox pages like a full read. Either way one watermark per endpoint when cursors
    // are kept, and the write batches.
    long changedPages = log.entries().stream().filter(e -> e.query().contains("last_updated__gte")
        && !e.query().contains("2999-")).count();
    long minimum = (incremental && !cold ? changedPages + pages : pages) + (incremental ? ENDPOINTS.size() : 0)
        + writes;
    System.out.printf(Locale.ROOT, "%n## %s: %s in %d ms%n", title,
        report.success() ? "ok" : "FAILED " + report.errors().size() + " errors", ms);
    System.out.printf(Locale.ROOT, "plan: %d creates, %d updates, %d deletes%n", report.plan().count(Action.CREATE),
        report.plan().count(Action.UPDATE), report.plan().count(Action.DELETE));
    System.out.printf(Locale.ROOT, "requests: %d %s; pages of a full read: %d, write batches: %d, minimum: %d%n",
        log.total(), new TreeMap<>(log.countsByMethod()), pages, writes, minimum);
    System.out.println("per endpoint: " + new TreeMap<>(log.countsByEndpoint()));
    long serverReads = log.entries().stream().filter(e -> e.method().equals("GET"))
        .mapToLong(e -> e.duration().toMillis()).sum();
    long serverWrites = log.entries().stream().filter(e -> !e.method().equals("GET"))
        .mapToLong(e -> e.duration().toMillis()).sum();
    System.out.printf(Locale.ROOT, "phases: %s; time spent in the emulator (latency included, summed over"
        + " requests): reads %d ms, writes %d ms%n", report.timings(), serverReads, serverWrites);
    if (!report.success()) {
      report.errors().stream().limit(5).forEach(e -> System.out.println("  " + e));
    }
  }

  /** PATCHes an object's description with its own value (NetBox stamps last_updated anyway). */
  private static void touch(NetBoxServer netbox, String path, Object description) throws Exception {
    java.net.http.HttpRequest r = java.net.http.HttpRequest.newBuilder(java.net.URI.create(netbox.baseUrl() + path))
        .header("Authorization", netbox.authorization()).header("Content-Type", "application/json")
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(
            JSON.writeValueAsString(Map.of("description", description == null ? "" : description))))
        .build();
    int status = java.net.http.HttpClient.newHttpClient().send(r, java.net.http.HttpResponse.BodyHandlers.ofString())
        .statusCode();
    if (status != 200) {
      throw new IllegalStateException("PATCH " + path + " answered " + status);
    }
  }

  private static final List<String> ENDPOINTS = List.of("dcim/sites", "tenancy/tenants", "dcim/manufacturers",
      "dcim/device-types", "dcim/device-roles", "dcim/devices", "dcim/interfaces", "ipam/ip-addresses");

  private static SyncConfig config(Map<String, String> env) {
    return ConfigLoader.parse("""
        name: bench-to-netbox
        source: {name: memory}
        destination:
          name: netbox
          settings: {url: "${NETBOX_URL}", token: "${NETBOX_TOKEN}", write_batch_size: "${WRITE_BATCH}"}
        diffsync_flags: [CONTINUE_ON_FAILURE]
        schema_mapping:
          - name: LocationSite
            mapping: dcim.sites
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
              - {name: description, mapping: description}
          - name: OrganizationTenant
            mapping: tenancy.tenants
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
          - name: OrganizationManufacturer
            mapping: dcim.manufacturers
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
          - name: InfraDeviceType
            mapping: dcim.device-types
            identifiers: [name]
            fields:
              - {name: name, mapping: model}
              - {name: slug, mapping: slug}
              - {name: manufacturer, mapping: manufacturer, reference: OrganizationManufacturer}
          - name: RoleGeneric
            mapping: dcim.device-roles
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
          - name: InfraDevice
            mapping: dcim.devices
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: site, mapping: site, reference: LocationSite}
              - {name: type, mapping: device_type, reference: InfraDeviceType}
              - {name: tenant, mapping: tenant, reference: OrganizationTenant}
              - {name: role, mapping: role, reference: RoleGeneric}
              - {name: serial, mapping: serial}
              - {name: status, mapping: status}
          - name: InfraInterface
            mapping: dcim.interfaces
            identifiers: [device, name]
            fields:
              - {name: device, mapping: device, reference: InfraDevice}
              - {name: name, mapping: name}
              - {name: type, mapping: type}
              - {name: description, mapping: description}
              - {name: enabled, mapping: enabled}
              - {name: mtu, mapping: mtu}
              - {name: speed, mapping: speed}
          - name: IpamIPAddress
            mapping: ipam.ip-addresses
            identifiers: [address]
            fields:
              - {name: address, mapping: address}
              - {name: description, mapping: description}
        """, "bench-to-netbox.yml", null, env::get);
  }

  /**
   * The source side in NetBox's vocabulary, by mapping path: the attribute names NetBox uses, slugs,
   * a device role, choices as {@code {value, label}}, and blank strings where the dataset has null
   * descriptions (NetBox stores blank strings, never null). An IP address's interface is left out:
   * NetBox sets it through {@code assigned_object_type}/{@code assigned_object_id}, which no single
   * field maps to.
   */
  static Map<String, List<Map<String, Object>>> netboxShaped(Path dir) throws IOException {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    read(dir, "LocationSite", r -> add(out, "dcim.sites", map("name", r.get("name"), "slug", slugify(r.get("name")),
        "description", blank(r.get("description")))));
    read(dir, "OrganizationTenant", r -> add(out, "tenancy.tenants", map("name", r.get("name"),
        "slug", slugify(r.get("name")))));
    Set<String> manufacturers = new LinkedHashSet<>();
    read(dir, "InfraDeviceType", r -> {
      String m = String.valueOf(r.get("manufacturer"));
      if (manufacturers.add(m)) {
        add(out, "dcim.manufacturers", map("name", m, "slug", slugify(m)));
      }
      add(out, "dcim.device-types", map("model", r.get("name"), "slug", slugify(r.get("name")), "manufacturer", m));
    });
    add(out, "dcim.device-roles", map("name", "default", "slug", "default"));
    read(dir, "InfraDevice", r -> {
      String status = String.valueOf(r.get("status"));
      add(out, "dcim.devices", map("name", r.get("name"), "site", r.get("site"), "device_type", r.get("type"),
          "tenant", r.get("tenant"), "role", "default", "serial", r.get("serial"),
          "status", map("value", status, "label", DEVICE_STATUS.getOrDefault(status, status))));
    });
    read(dir, "InfraInterface", r -> add(out, "dcim.interfaces", map("device", r.get("device"), "name", r.get("name"),
        "type", map("value", "other", "label", "Other"), "description", blank(r.get("description")),
        "enabled", r.get("enabled"), "mtu", r.get("mtu"), "speed", r.get("speed"))));
    read(dir, "IpamIPAddress", r -> add(out, "ipam.ip-addresses", map("address", r.get("address"),
        "description", blank(r.get("description")))));
    return out;
  }

  private static void add(Map<String, List<Map<String, Object>>> out, String resource, Map<String, Object> record) {
    out.computeIfAbsent(resource, k -> new ArrayList<>()).add(record);
  }

  private static Object blank(Object v) {
    return v == null ? "" : v;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put((String) kv[i], kv[i + 1]);
      }
    }
    return m;
  }

  /** Django's slugify, as NetBox and the testkit's dataset seeding use it. */
  private static String slugify(Object s) {
    String lower = String.valueOf(s).toLowerCase(Locale.ROOT).replaceAll("[^\\w\\s-]", "");
    return lower.replaceAll("[-\\s]+", "-").replaceAll("^[-_]+|[-_]+$", "");
  }

  private static void read(Path dir, String kind, Consumer<Map<String, Object>> each) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(dir.resolve(kind + ".jsonl"), StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> m = JSON.readValue(line, Map.class);
          each.accept(m);
        }
      }
    }
  }
}
