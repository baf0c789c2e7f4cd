package io.infrasync.benchmarks;

import io.infrasync.Action;
import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.DiffFlag;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.cache.MemoryCacheStore;
import io.infrasync.spi.CacheStore;
import io.infrasync.testkit.RequestLog;
import io.infrasync.testkit.infrahub.GraphqlLog;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.nautobot.NautobotServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scenario of infrahub-sync 2.0's published benchmark on our machine: a Nautobot inventory like
 * the demo's without interfaces ({@link NautobotDemoDataset}), served by the Nautobot emulator, synced
 * with the upstream {@code nautobot-v2_to_infrahub} mapping into the Infrahub emulator, every request
 * to either server delayed by a fixed latency.
 *
 * <ol>
 *   <li>cold: empty Infrahub, empty cache (full reads, cursors taken, everything created);
 *   <li>warm, full extract: the same sync again with full reads (nothing to write);
 *   <li>warm, incremental: after a few source changes, the next sync with the cold run's cursors.
 * </ol>
 *
 * For each run it prints the wall time, the requests to each server, and the minimum a client needs:
 * pages of each endpoint or kind at the largest page size (Nautobot 1,000, Infrahub the adapter's
 * {@code page_size}), writes in batches of {@code write_batch_size} per kind and action, and, where
 * cursors are kept, one watermark per endpoint or kind; an incremental read adds the pages of the
 * changes and an id listing for delete detection.
 *
 * <p>Arguments: {@code [scale=1] [latency_ms=20] [repeats=3] [write_batch_size=100] [read_concurrency=4]}
 * (the last is the engine's {@code readConcurrency}: resources of one side read at once).
 */
public final class NautobotToInfrahubBenchmark {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  /** Nautobot's MAX_PAGE_SIZE (the adapter asks for limit=0, which is this). */
  static final int NAUTOBOT_PAGE = 1000;
  /** The Infrahub adapter's default page_size, and its id listing pages (ten times larger). */
  static final int INFRAHUB_PAGE = 500;
  static final int INFRAHUB_ID_PAGE = 5000;
  /** Upstream mapping entries left out: interfaces and ports (not in the published scenario), the BGP plugin. */
  static final Set<String> LEFT_OUT = Set.of("InfraInterfaceL2L3", "InfraFrontPort", "InfraRearPort",
      "InfraAutonomousSystem");

  private NautobotToInfrahubBenchmark() {}

  /** One run's measurements. */
  record Run(String title, SyncReport report, long wallMs, long nautobotRequests, long infrahubRequests,
      long nautobotMinimum, long infrahubMinimum, Map<String, Long> nautobotByEndpoint,
      Map<String, long[]> infrahubByKind, Map<String, Long> nautobotMinimumByEndpoint,
      Map<String, Long> infrahubMinimumByKind, long infrahubQueries, long infrahubMutations, long infrahubOther) {
    long requests() {
      return nautobotRequests + infrahubRequests;
    }

    long minimum() {
      return nautobotMinimum + infrahubMinimum;
    }
  }

  /**
   * The runs of one scenario: cold, warm full, then two incremental runs, each after a few source
   * changes. The first incremental run follows the cold run, so it also re-reads from Infrahub the
   * nodes the cold run wrote (its cursor was taken before the cold run's read); the second is the
   * steady state.
   */
  record Scenario(Map<String, Integer> dataset, Run cold, Run warmFull, Run firstIncremental, Run warmIncremental,
      int sourceChanges) {
    List<Run> runs() {
      return List.of(cold, warmFull, firstIncremental, warmIncremental);
    }
  }

  public static void main(String[] args) throws Exception {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1;
    int latency = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int readConcurrency = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    // the engine logs every incremental read at INFO; warnings (fallbacks to full extracts) are kept
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    java.util.Arrays.stream(java.util.logging.Logger.getLogger("").getHandlers())
        .forEach(h -> h.setLevel(java.util.logging.Level.WARNING));
    System.out.printf(Locale.ROOT, "Nautobot demo-like dataset, scale %s; latency %d ms per request on both"
        + " servers; write_batch_size=%d; readConcurrency=%d; %d cores; %d repeats; load average before: %s%n", scale,
        latency, batch, readConcurrency,
        Runtime.getRuntime().availableProcessors(), repeats, loadAverage());
    // JIT warm-up (not reported): the measured runs compare a warm JVM with a warm JVM, as in a host
    // that keeps the engine in a long-running process
    scenario(0.1, latency, batch, readConcurrency, 7L, false);
    List<Scenario> all = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      Scenario s = scenario(scale, latency, batch, readConcurrency, 42L, true);
      all.add(s);
      System.out.printf(Locale.ROOT, "%nrepeat %d: %s%n", i + 1, String.join(", ",
          s.runs().stream().map(r -> r.title() + " " + r.wallMs() + " ms").toList()));
    }
    Scenario first = all.get(0);
    long cold = median(all.stream().mapToLong(s -> s.cold().wallMs()).toArray());
    long inc = median(all.stream().mapToLong(s -> s.warmIncremental().wallMs()).toArray());
    System.out.printf(Locale.ROOT, "%n## Summary (median of %d; requests are the same every repeat)%n", repeats);
    System.out.println("dataset: " + first.dataset().values().stream().mapToInt(Integer::intValue).sum()
        + " objects " + first.dataset() + "; source changes before the incremental run: " + first.sourceChanges());
    System.out.println("| run | plan | wall time (all repeats) | warm/cold | Nautobot requests | Infrahub requests"
        + " | total | minimum | total/minimum |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (int i = 0; i < first.runs().size(); i++) {
      int index = i;
      List<Run> repeated = all.stream().map(s -> s.runs().get(index)).toList();
      row(repeated.get(0), median(repeated.stream().mapToLong(Run::wallMs).toArray()), cold, repeated);
    }
    System.out.println("load average after: " + loadAverage());
    System.out.printf(Locale.ROOT, "seed (infrahub-sync 2.0, published): cold 434.5 s, warm incremental 6.3 s = 1.45 %%;"
        + " ours: cold %.1f s, warm incremental %.2f s = %.2f %%%n", cold / 1000.0, inc / 1000.0, 100.0 * inc / cold);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void row(Run r, long median, long cold, List<Run> repeats) {
    String times = String.join(", ", repeats.stream().map(x -> Long.toString(x.wallMs())).toList());
    System.out.printf(Locale.ROOT, "| %s | %s | %d ms (%s) | %.2f %% | %d | %d | %d | %d | %.3f |%n", r.title(),
        plan(r.report()), median, times, 100.0 * median / cold, r.nautobotRequests(), r.infrahubRequests(),
        r.requests(), r.minimum(), (double) r.requests() / r.minimum());
  }

  static String plan(SyncReport report) {
    return report.plan().count(Action.CREATE) + " creates, " + report.plan().count(Action.UPDATE) + " updates, "
        + report.plan().count(Action.DELETE) + " deletes";
  }

  private static long median(long[] values) {
    long[] v = values.clone();
    java.util.Arrays.sort(v);
    return v[v.length / 2];
  }

  /**
   * Builds both servers, seeds the dataset and runs cold, warm full and warm incremental syncs.
   *
   * @param print whether to print each run's detail
   */
  static Scenario scenario(double scale, int latency, int batch, int readConcurrency, long seed, boolean print)
      throws Exception {
    InfrahubSchema schema = InfrahubSchema.examples().toBuilder()
        // the mapping identifies a device by [location, organization, name] (the example schema's hfid
        // [location, name] is coarser: infrahub-sync #166)
        .node("InfraDevice", k -> k.humanFriendlyId("location__name__value", "organization__name__value",
            "name__value"))
        .build();
    try (NautobotServer nautobot = NautobotServer.builder().seed(seed).threads(8).build().start();
        InfrahubServer infrahub = InfrahubServer.builder().schema(schema).build().start()) {
      // Each run happens an hour after the previous one on the servers' clocks, and the source changes
      // half an hour before a run: as a scheduled sync sees them (not within the cursors' overlap).
      java.time.Instant t0 = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      Map<String, Integer> dataset = NautobotDemoDataset.seed(nautobot, scale, seed, t0);
      Map<String, String> env = Map.of("NAUTOBOT_URL", nautobot.baseUrl().toString(),
          "NAUTOBOT_TOKEN", NautobotServer.DEFAULT_TOKEN, "INFRAHUB_ADDRESS", infrahub.baseUrl().toString(),
          "INFRAHUB_API_TOKEN", InfrahubServer.DEFAULT_TOKEN);
      SyncConfig config = config(env::get, batch);
      Options o = new Options(env, batch, readConcurrency, print);
      CacheStore store = new MemoryCacheStore(Clock.systemUTC());
      at(nautobot, infrahub, t0.plus(Duration.ofHours(1)), latency);
      Run cold = run("cold", config, o, nautobot, infrahub, store, true, Map.of(), null);
      at(nautobot, infrahub, t0.plus(Duration.ofHours(2)), latency);
      Run full = run("warm, full extract", config, o, nautobot, infrahub, new MemoryCacheStore(Clock.systemUTC()),
          false, Map.of(), null);
      at(nautobot, infrahub, t0.plus(Duration.ofMinutes(150)), 0);
      Map<String, Integer> changed = changeSource(nautobot, 0);
      at(nautobot, infrahub, t0.plus(Duration.ofHours(3)), latency);
      Run first = run("warm, incremental, first after cold", config, o, nautobot, infrahub, store, true, changed,
          cold.report());
      at(nautobot, infrahub, t0.plus(Duration.ofMinutes(210)), 0);
      Map<String, Integer> changedAgain = changeSource(nautobot, 1);
      at(nautobot, infrahub, t0.plus(Duration.ofHours(4)), latency);
      Run inc = run("warm, incremental", config, o, nautobot, infrahub, store, true, changedAgain, first.report());
      return new Scenario(dataset, cold, full, first, inc, changedAgain.values().stream().mapToInt(Integer::intValue)
          .sum());
    }
  }

  /** What every run of a scenario shares. */
  private record Options(Map<String, String> env, int batch, int readConcurrency, boolean print) {}

  /** Both servers' clocks run from {@code now} on (a running clock, shifted); latency as given. */
  private static void at(NautobotServer nautobot, InfrahubServer infrahub, java.time.Instant now, int latencyMs) {
    Duration shift = Duration.between(java.time.Instant.now(), now);
    nautobot.clock().release().advance(shift);
    infrahub.clock().release().advance(shift);
    latency(nautobot, infrahub, latencyMs);
  }

  private static void latency(NautobotServer nautobot, InfrahubServer infrahub, int ms) {
    nautobot.faults().clear();
    infrahub.faults().clear();
    if (ms > 0) {
      nautobot.faults().latency(Duration.ofMillis(ms));
      infrahub.faults().latency(Duration.ofMillis(ms));
    }
  }

  /**
   * The upstream {@code nautobot-v2_to_infrahub} configuration, with the entries in {@link #LEFT_OUT}
   * and the IP address's {@code interfaces} field (its peer kind is left out) removed, and
   * {@code CONTINUE_ON_FAILURE} set so that deletes are planned (diffsync plans none without a flag).
   */
  static SyncConfig config(Function<String, @Nullable String> env, int batch) throws IOException {
    Path file = shared().resolve("upstream-examples/nautobot-v2_to_infrahub/config.yml");
    SyncConfig upstream = ConfigLoader.parse(Files.readString(file), file.toString(), file.getParent(), env);
    List<SchemaMapping> mappings = new ArrayList<>();
    for (SchemaMapping m : upstream.schemaMapping()) {
      if (LEFT_OUT.contains(m.name())) {
        continue;
      }
      mappings.add(new SchemaMapping(m.name(), m.mapping(), m.identifiers(),
          m.fields().stream().filter(f -> !(m.name().equals("InfraIPAddress") && f.name().equals("interfaces")))
              .toList(), m.filters(), m.transforms(), m.location()));
    }
    Map<String, Object> destination = new LinkedHashMap<>(upstream.destination().settings());
    destination.put("write_batch_size", batch);
    return new SyncConfig(upstream.name(), upstream.description(), upstream.store(), upstream.source(),
        new io.infrasync.config.AdapterConfig(upstream.destination().name(), upstream.destination().adapter(),
            destination, upstream.destination().location()),
        upstream.adaptersPath(), upstream.order(), mappings, EnumSet.of(DiffFlag.CONTINUE_ON_FAILURE),
        upstream.incremental(), upstream.directory(), upstream.file());
  }

  static Path shared() {
    return Path.of(System.getProperty("infrasync.shared.dir", "../shared"));
  }

  private static Run run(String title, SyncConfig config, Options o, NautobotServer nautobot,
      InfrahubServer infrahub, CacheStore store, boolean incremental, Map<String, Integer> changed,
      @Nullable SyncReport previous) {
    int batch = o.batch();
    Map<String, Integer> endpoints = new LinkedHashMap<>();
    NautobotDemoDataset.BASE.keySet().forEach(e -> endpoints.put(e, nautobot.count(e)));
    List<String> kinds = config.kinds();
    Map<String, Integer> nodes = new LinkedHashMap<>();
    kinds.forEach(k -> nodes.put(k, infrahub.count(k)));
    nautobot.requestLog().reset();
    infrahub.requestLog().reset();
    infrahub.graphqlLog().clear();
    long t0 = System.nanoTime();
    SyncReport report;
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(o.env()::get).cacheStore(store)
        .readConcurrency(o.readConcurrency()).incremental(incremental).guardrails(Guardrails.NONE).build()) {
      report = engine.sync();
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    boolean warmIncremental = incremental && !changed.isEmpty();

    // Nautobot: pages of each endpoint; with cursors a watermark; incremental: pages of the changes + id listing.
    Map<String, Long> nbMin = new LinkedHashMap<>();
    endpoints.forEach((e, n) -> {
      long pages = pages(n, NAUTOBOT_PAGE);
      long m = incremental ? 1 : 0;
      m += warmIncremental ? pages(changed.getOrDefault(e, 0), NAUTOBOT_PAGE) + pages : pages;
      nbMin.put("GET /api/" + e + "/", m);
    });
    // Infrahub: GET /api/schema once; pages of each kind; watermarks; writes per kind and action.
    Map<String, Long> ihMin = new LinkedHashMap<>();
    for (String k : kinds) {
      long pages = pages(nodes.get(k), INFRAHUB_PAGE);
      long m = incremental ? 1 : 0;
      // an incremental read of Infrahub re-reads what the previous run wrote (its cursor predates those writes)
      long written = previous == null ? 0 : previous.plan().stream().filter(c -> c.kind().equals(k)).count();
      m += warmIncremental ? pages(written, INFRAHUB_PAGE) + pages(nodes.get(k), INFRAHUB_ID_PAGE) : pages;
      for (Action a : Action.values()) {
        m += (report.plan().count(k, a) + batch - 1) / batch;
      }
      ihMin.put(k, m);
    }
    RequestLog nb = nautobot.requestLog();
    RequestLog ih = infrahub.requestLog();
    GraphqlLog gql = infrahub.graphqlLog();
    Map<String, long[]> ihByKind = new LinkedHashMap<>();
    for (String k : kinds) {
      ihByKind.put(k, new long[] {gql.reads(k), gql.mutationRequests(k)});
    }
    long ihMinimum = 1 + ihMin.values().stream().mapToLong(Long::longValue).sum();
    long nbMinimum = nbMin.values().stream().mapToLong(Long::longValue).sum();
    long other = ih.total() - gql.queryRequests() - gql.mutationRequests();
    Run run = new Run(title, report, ms, nb.total(), ih.total(), nbMinimum, ihMinimum,
        new TreeMap<>(nb.countsByEndpoint()), ihByKind, nbMin, ihMin, gql.queryRequests(), gql.mutationRequests(),
        other);
    if (o.print()) {
      print(run);
    }
    return run;
  }

  private static void print(Run r) {
    SyncReport report = r.report();
    System.out.printf(Locale.ROOT, "%n## %s: %s in %d ms; plan %s%n", r.title(),
        report.success() ? "ok" : "FAILED " + report.errors().size() + " errors", r.wallMs(), plan(report));
    System.out.printf(Locale.ROOT, "phases: %s%n", report.timings());
    System.out.printf(Locale.ROOT, "Nautobot: %d requests, minimum %d; Infrahub: %d requests (%d queries, %d"
            + " mutation requests, %d other), minimum %d (1 GET /api/schema included)%n", r.nautobotRequests(),
        r.nautobotMinimum(), r.infrahubRequests(), r.infrahubQueries(), r.infrahubMutations(), r.infrahubOther(),
        r.infrahubMinimum());
    System.out.println("| Nautobot endpoint | requests | minimum |");
    r.nautobotMinimumByEndpoint().forEach((e, m) -> {
      long got = r.nautobotByEndpoint().getOrDefault(e, 0L);
      System.out.printf(Locale.ROOT, "| %s | %d | %d |%s%n", e, got, m, got > m ? " <-" : "");
    });
    r.nautobotByEndpoint().forEach((e, n) -> {
      if (!r.nautobotMinimumByEndpoint().containsKey(e)) {
        System.out.printf(Locale.ROOT, "| %s | %d | 0 | <-%n", e, n);
      }
    });
    System.out.println("| Infrahub kind | query fields | mutation requests | minimum |");
    r.infrahubByKind().forEach((k, v) -> {
      long m = r.infrahubMinimumByKind().get(k);
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %d |%s%n", k, v[0], v[1], m, v[0] + v[1] > m ? " <-" : "");
    });
    if (!report.success()) {
      report.errors().stream().limit(10).forEach(e -> System.out.println("  " + e));
    }
    report.warnings().stream().limit(10).forEach(w -> System.out.println("  warning: " + w));
  }

  static long pages(long n, int pageSize) {
    return Math.max(1, (n + pageSize - 1) / pageSize);
  }

  /**
   * A few source changes through Nautobot's API, as a user would make them: serials of 5 devices and
   * descriptions of 3 prefixes edited, a VLAN that a prefix references renamed, 2 IP addresses added
   * and 1 deleted.
   *
   * @return the number of changed objects per endpoint
   */
  static Map<String, Integer> changeSource(NautobotServer nautobot, int round) throws Exception {
    Map<String, Integer> changed = new LinkedHashMap<>();
    HttpClient http = HttpClient.newHttpClient();
    List<Map<String, @Nullable Object>> devices = nautobot.objects("dcim/devices");
    for (int i = 0; i < 5; i++) {
      Map<String, @Nullable Object> d = devices.get((i * devices.size() / 5 + round) % devices.size());
      send(http, nautobot, "PATCH", "dcim/devices/" + d.get("id") + "/", Map.of("serial", "CHANGED-" + round + i));
      changed.merge("dcim/devices", 1, Integer::sum);
    }
    List<Map<String, @Nullable Object>> prefixes = nautobot.objects("ipam/prefixes");
    for (int i = 0; i < 3; i++) {
      Map<String, @Nullable Object> p = prefixes.get((i * prefixes.size() / 3 + round) % prefixes.size());
      send(http, nautobot, "PATCH", "ipam/prefixes/" + p.get("id") + "/", Map.of("description",
          "edited " + round + i));
      changed.merge("ipam/prefixes", 1, Integer::sum);
    }
    // a VLAN that an unchanged prefix references: the prefix, hydrated from the snapshot, names it by its old key
    Object vlanId = ((Map<?, ?>) java.util.Objects.requireNonNull(prefixes.get(round).get("vlan"))).get("id");
    Map<String, @Nullable Object> vlan = nautobot.find("ipam/vlans", "id", vlanId).orElseThrow();
    send(http, nautobot, "PATCH", "ipam/vlans/" + vlanId + "/", Map.of("name", vlan.get("name") + "-renamed"));
    changed.merge("ipam/vlans", 1, Integer::sum);
    Map<String, @Nullable Object> prefix = prefixes.get(prefixes.size() - 1 - round);
    String net = String.valueOf(prefix.get("prefix")).replace(".0/24", "");
    for (int i = 0; i < 2; i++) {
      send(http, nautobot, "POST", "ipam/ip-addresses/", Map.of("address", net + "." + (250 + i) + "/24",
          "parent", String.valueOf(prefix.get("id")), "status", "Active"));
      changed.merge("ipam/ip-addresses", 1, Integer::sum);
    }
    List<Map<String, @Nullable Object>> ips = nautobot.objects("ipam/ip-addresses");
    send(http, nautobot, "DELETE", "ipam/ip-addresses/" + ips.get(ips.size() / 2 + round).get("id") + "/", null);
    changed.merge("ipam/ip-addresses", 1, Integer::sum);
    return changed;
  }

  private static void send(HttpClient http, NautobotServer nautobot, String method, String path,
      @Nullable Map<String, ?> body) throws Exception {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    HttpRequest r = HttpRequest.newBuilder(URI.create(nautobot.apiUrl() + path))
        .header("Authorization", nautobot.authorization()).header("Content-Type", "application/json")
        .header("Accept", "application/json").method(method, publisher).build();
    HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
          + response.body());
    }
  }
}
