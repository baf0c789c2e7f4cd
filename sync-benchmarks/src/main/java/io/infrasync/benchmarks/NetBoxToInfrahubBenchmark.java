package io.infrasync.benchmarks;

import io.infrasync.Action;
import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.cache.MemoryCacheStore;
import io.infrasync.spi.CacheStore;
import io.infrasync.testkit.RequestLog;
import io.infrasync.testkit.infrahub.GraphqlLog;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.netbox.NetBoxDataset;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end scenario at scale: the shared benchmark dataset's source side (N devices, about 24
 * interfaces each) in the NetBox emulator, synced into an empty Infrahub emulator ({@code
 * InfrahubSchema.bench()}), every request to either server delayed by a fixed latency: cold (empty
 * Infrahub, empty cache), warm with full reads, and warm incremental after a few source changes.
 * Prints wall time, requests per server and the minimum (as {@link NautobotToInfrahubBenchmark}:
 * NetBox pages of 1,000, Infrahub pages of {@code page_size}, writes of {@code write_batch_size} per
 * kind and action, watermarks, changed pages and id listings where cursors are used).
 *
 * <p>Arguments: {@code [N=1000] [latency_ms=20] [repeats=1] [write_batch_size=100] [read_concurrency=4]}.
 */
public final class NetBoxToInfrahubBenchmark {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  static final int NETBOX_PAGE = 1000;
  static final List<String> ENDPOINTS = List.of("dcim/sites", "tenancy/tenants", "dcim/device-types", "dcim/devices",
      "dcim/interfaces", "ipam/ip-addresses");
  static final List<String> KINDS = List.of("LocationSite", "OrganizationTenant", "InfraDeviceType", "InfraDevice",
      "InfraInterface", "IpamIPAddress");

  private NetBoxToInfrahubBenchmark() {}

  record Run(String title, SyncReport report, long wallMs, long netboxRequests, long infrahubRequests,
      long netboxMinimum, long infrahubMinimum, long peakHeapMiB) {
    long requests() {
      return netboxRequests + infrahubRequests;
    }

    long minimum() {
      return netboxMinimum + infrahubMinimum;
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int latency = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int readConcurrency = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    java.util.Arrays.stream(java.util.logging.Logger.getLogger("").getHandlers())
        .forEach(h -> h.setLevel(java.util.logging.Level.WARNING));
    Path data = DiffBenchmark.Datasets.ensure(n);
    System.out.printf(Locale.ROOT, "shared dataset N=%d (source side) in NetBox -> empty Infrahub; latency %d ms per"
            + " request on both servers; write_batch_size=%d; readConcurrency=%d; max heap %d MiB; %d cores;"
            + " load average before: %s%n", n, latency, batch, readConcurrency,
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
        NautobotToInfrahubBenchmark.loadAverage());
    System.out.println("JIT warm-up with N=200 (not reported):");
    scenario(DiffBenchmark.Datasets.ensure(200), latency, batch, readConcurrency);
    System.out.println("\nmeasured:");
    List<List<Run>> all = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      all.add(scenario(data, latency, batch, readConcurrency));
    }
    List<Run> first = all.get(0);
    long cold = median(all.stream().mapToLong(r -> r.get(0).wallMs()).toArray());
    System.out.printf(Locale.ROOT, "%n## Summary (median of %d)%n", repeats);
    System.out.println("| run | plan | wall time (all repeats) | warm/cold | NetBox requests | Infrahub requests | total"
        + " | minimum | total/minimum | peak heap |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (int i = 0; i < first.size(); i++) {
      int index = i;
      List<Run> repeated = all.stream().map(s -> s.get(index)).toList();
      long median = median(repeated.stream().mapToLong(Run::wallMs).toArray());
      Run r = repeated.get(0);
      System.out.printf(Locale.ROOT, "| %s | %s | %d ms (%s) | %.2f %% | %d | %d | %d | %d | %.3f | %d MiB |%n",
          r.title(), NautobotToInfrahubBenchmark.plan(r.report()), median,
          String.join(", ", repeated.stream().map(x -> Long.toString(x.wallMs())).toList()), 100.0 * median / cold,
          r.netboxRequests(), r.infrahubRequests(), r.requests(), r.minimum(), (double) r.requests() / r.minimum(),
          r.peakHeapMiB());
    }
    System.out.println("load average after: " + NautobotToInfrahubBenchmark.loadAverage());
  }

  private static long median(long[] values) {
    long[] v = values.clone();
    java.util.Arrays.sort(v);
    return v[v.length / 2];
  }

  static List<Run> scenario(Path data, int latency, int batch, int readConcurrency) throws Exception {
    try (NetBoxServer netbox = NetBoxServer.builder().threads(8).build().start();
        InfrahubServer infrahub = InfrahubServer.builder().schema(InfrahubSchema.bench()).build().start()) {
      // Loaded a day before the first run, last edited (one object per endpoint) 23 hours before it: a
      // watermark's overlap window then holds one object per endpoint, not the whole bulk load.
      Instant t0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      netbox.clock().set(t0.minus(Duration.ofDays(1)));
      long s0 = System.nanoTime();
      Map<String, Integer> seeded = netbox.seedDataset(data.resolve("source"));
      netbox.clock().set(t0.minus(Duration.ofHours(23)));
      HttpClient http = HttpClient.newHttpClient();
      for (String endpoint : ENDPOINTS) {
        Map<String, @Nullable Object> first = netbox.objects(endpoint).get(0);
        Object description = first.get("description");
        send(http, netbox, "PATCH", endpoint + "/" + first.get("id") + "/",
            Map.of("description", description == null ? "" : description));
      }
      System.out.printf(Locale.ROOT, "%nNetBox seeded in %d ms: %s%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0), seeded);
      Map<String, String> env = Map.of("NETBOX_URL", netbox.baseUrl().toString(), "NETBOX_TOKEN",
          NetBoxServer.DEFAULT_TOKEN, "INFRAHUB_ADDRESS", infrahub.baseUrl().toString(), "INFRAHUB_API_TOKEN",
          InfrahubServer.DEFAULT_TOKEN, "WRITE_BATCH", Integer.toString(batch));
      SyncConfig config = config(env);
      CacheStore store = new MemoryCacheStore(Clock.systemUTC());
      List<Run> runs = new ArrayList<>();
      at(netbox, infrahub, t0.plus(Duration.ofHours(1)), latency);
      Run cold = run("cold", config, env, readConcurrency, netbox, infrahub, store, true, Map.of(), null, batch);
      runs.add(cold);
      at(netbox, infrahub, t0.plus(Duration.ofHours(2)), latency);
      runs.add(run("warm, full extract", config, env, readConcurrency, netbox, infrahub,
          new MemoryCacheStore(Clock.systemUTC()), false, Map.of(), null, batch));
      at(netbox, infrahub, t0.plus(Duration.ofMinutes(150)), 0);
      Map<String, Integer> changed = changeSource(netbox, 0);
      at(netbox, infrahub, t0.plus(Duration.ofHours(3)), latency);
      Run first = run("warm, incremental, first after cold", config, env, readConcurrency, netbox, infrahub, store,
          true, changed, cold.report(), batch);
      runs.add(first);
      at(netbox, infrahub, t0.plus(Duration.ofMinutes(210)), 0);
      Map<String, Integer> again = changeSource(netbox, 1);
      at(netbox, infrahub, t0.plus(Duration.ofHours(4)), latency);
      runs.add(run("warm, incremental", config, env, readConcurrency, netbox, infrahub, store, true, again,
          first.report(), batch));
      return runs;
    }
  }

  /** Both servers' clocks run from {@code now} on (a running clock, shifted); latency as given. */
  private static void at(NetBoxServer netbox, InfrahubServer infrahub, Instant now, int latencyMs) {
    Duration shift = Duration.between(Instant.now(), now);
    netbox.clock().release().advance(shift);
    infrahub.clock().release().advance(shift);
    netbox.faults().clear();
    infrahub.faults().clear();
    if (latencyMs > 0) {
      netbox.faults().latency(Duration.ofMillis(latencyMs));
      infrahub.faults().latency(Duration.ofMillis(latencyMs));
    }
  }

  private static Run run(String title, SyncConfig config, Map<String, String> env, int readConcurrency,
      NetBoxServer netbox, InfrahubServer infrahub, CacheStore store, boolean incremental,
      Map<String, Integer> changed, @Nullable SyncReport previous, int batch) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    ENDPOINTS.forEach(e -> sizes.put(e, netbox.count(e)));
    Map<String, Integer> nodes = new LinkedHashMap<>();
    KINDS.forEach(k -> nodes.put(k, infrahub.count(k)));
    netbox.requestLog().reset();
    infrahub.requestLog().reset();
    infrahub.graphqlLog().clear();
    System.gc();
    HeapPeak peak = HeapPeak.start();
    long t0 = System.nanoTime();
    SyncReport report;
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env::get).cacheStore(store)
        .readConcurrency(readConcurrency).incremental(incremental).guardrails(Guardrails.NONE).build()) {
      report = engine.sync();
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    long heap = peak.stop();
    boolean warmIncremental = incremental && previous != null;
    Map<String, Long> nbMin = new LinkedHashMap<>();
    sizes.forEach((e, size) -> {
      long pages = NautobotToInfrahubBenchmark.pages(size, NETBOX_PAGE);
      long m = incremental ? 1 : 0;
      m += warmIncremental ? NautobotToInfrahubBenchmark.pages(changed.getOrDefault(e, 0), NETBOX_PAGE) + pages : pages;
      nbMin.put("GET /api/" + e + "/", m);
    });
    Map<String, Long> ihMin = new LinkedHashMap<>();
    for (String k : KINDS) {
      long pages = NautobotToInfrahubBenchmark.pages(nodes.get(k), NautobotToInfrahubBenchmark.INFRAHUB_PAGE);
      long m = incremental ? 1 : 0;
      long written = previous == null ? 0 : previous.plan().stream().filter(c -> c.kind().equals(k)).count();
      m += warmIncremental ? NautobotToInfrahubBenchmark.pages(written, NautobotToInfrahubBenchmark.INFRAHUB_PAGE)
          + NautobotToInfrahubBenchmark.pages(nodes.get(k), NautobotToInfrahubBenchmark.INFRAHUB_ID_PAGE) : pages;
      for (Action a : Action.values()) {
        m += (report.plan().count(k, a) + batch - 1) / batch;
      }
      ihMin.put(k, m);
    }
    RequestLog nb = netbox.requestLog();
    RequestLog ih = infrahub.requestLog();
    GraphqlLog gql = infrahub.graphqlLog();
    long nbMinimum = nbMin.values().stream().mapToLong(Long::longValue).sum();
    long ihMinimum = 1 + ihMin.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(Locale.ROOT, "%n## %s: %s in %d ms; plan %s; peak heap %d MiB%n", title,
        report.success() ? "ok" : "FAILED " + report.errors().size() + " errors", ms,
        NautobotToInfrahubBenchmark.plan(report), heap);
    System.out.println("phases: " + report.timings());
    System.out.printf(Locale.ROOT, "NetBox: %d requests, minimum %d; Infrahub: %d requests (%d queries, %d mutation"
            + " requests), minimum %d (1 GET /api/schema included)%n", nb.total(), nbMinimum, ih.total(),
        gql.queryRequests(), gql.mutationRequests(), ihMinimum);
    Map<String, Long> byEndpoint = new TreeMap<>(nb.countsByEndpoint());
    System.out.println("| NetBox endpoint | requests | minimum |");
    nbMin.forEach((e, m) -> System.out.printf(Locale.ROOT, "| %s | %d | %d |%n", e, byEndpoint.getOrDefault(e, 0L), m));
    System.out.println("| Infrahub kind | query fields | mutation requests | minimum |");
    for (String k : KINDS) {
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %d |%n", k, gql.reads(k), gql.mutationRequests(k), ihMin.get(k));
    }
    report.errors().stream().limit(5).forEach(e -> System.out.println("  " + e));
    return new Run(title, report, ms, nb.total(), ih.total(), nbMinimum, ihMinimum, heap);
  }

  /** Samples the used heap every 50 ms while a run lasts. */
  static final class HeapPeak {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long max;

    private HeapPeak() {
      thread = new Thread(() -> {
        Runtime rt = Runtime.getRuntime();
        while (running) {
          max = Math.max(max, rt.totalMemory() - rt.freeMemory());
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-peak");
      thread.setDaemon(true);
    }

    static HeapPeak start() {
      HeapPeak p = new HeapPeak();
      p.thread.start();
      return p;
    }

    long stop() {
      running = false;
      return max >> 20;
    }
  }

  private static SyncConfig config(Map<String, String> env) {
    return ConfigLoader.parse("""
        name: netbox-to-infrahub
        source:
          name: netbox
          settings: {url: "${NETBOX_URL}", token: "${NETBOX_TOKEN}"}
        destination:
          name: infrahub
          settings: {url: "${INFRAHUB_ADDRESS}", token: "${INFRAHUB_API_TOKEN}", write_batch_size: "${WRITE_BATCH}"}
        diffsync_flags: [CONTINUE_ON_FAILURE]
        """ + NetBoxDataset.INFRAHUB_MAPPING, "netbox-to-infrahub.yml", null, env::get);
  }

  /**
   * A few source changes through NetBox's API: 10 interface descriptions and 2 device serials edited,
   * 2 IP addresses added on an interface, 1 IP address deleted.
   */
  static Map<String, Integer> changeSource(NetBoxServer netbox, int round) throws Exception {
    Map<String, Integer> changed = new LinkedHashMap<>();
    HttpClient http = HttpClient.newHttpClient();
    List<Map<String, @Nullable Object>> interfaces = netbox.objects("dcim/interfaces");
    for (int i = 0; i < 10; i++) {
      Object id = interfaces.get((i * interfaces.size() / 10 + round) % interfaces.size()).get("id");
      send(http, netbox, "PATCH", "dcim/interfaces/" + id + "/", Map.of("description", "changed " + round + "-" + i));
      changed.merge("dcim/interfaces", 1, Integer::sum);
    }
    List<Map<String, @Nullable Object>> devices = netbox.objects("dcim/devices");
    for (int i = 0; i < 2; i++) {
      Object id = devices.get((i * devices.size() / 2 + round) % devices.size()).get("id");
      send(http, netbox, "PATCH", "dcim/devices/" + id + "/", Map.of("serial", "CHANGED-" + round + "-" + i));
      changed.merge("dcim/devices", 1, Integer::sum);
    }
    Object iface = interfaces.get(interfaces.size() - 1 - round).get("id");
    for (int i = 0; i < 2; i++) {
      send(http, netbox, "POST", "ipam/ip-addresses/", Map.of("address", "192.0.2." + (10 * round + i + 1) + "/32",
          "assigned_object_type", "dcim.interface", "assigned_object_id", iface));
      changed.merge("ipam/ip-addresses", 1, Integer::sum);
    }
    List<Map<String, @Nullable Object>> ips = netbox.objects("ipam/ip-addresses");
    send(http, netbox, "DELETE", "ipam/ip-addresses/" + ips.get(ips.size() / 2 + round).get("id") + "/", null);
    changed.merge("ipam/ip-addresses", 1, Integer::sum);
    return changed;
  }

  private static void send(HttpClient http, NetBoxServer netbox, String method, String path,
      @Nullable Map<String, ?> body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(netbox.baseUrl() + "/api/" + path))
        .header("Authorization", netbox.authorization()).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
          + response.body());
    }
  }
}
