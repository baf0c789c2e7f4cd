package io.infrasync.benchmarks;

import io.infrasync.Action;
import io.infrasync.Guardrails;
import io.infrasync.MemoryAdapter;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.DiffFlag;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * How many HTTP requests the Infrahub adapter needs to sync the shared benchmark dataset into the
 * Infrahub emulator, next to what a one-object-per-request client needs: a cold sync (empty
 * destination), a drift sync (the dataset's destination side already loaded), and a second run.
 *
 * <p>Arguments: {@code [N=1000] [write_batch_size=100] [page_size=500]}. The dataset is generated
 * with {@code shared/bench/gen_dataset.py} under {@code sync-benchmarks/target/bench/n<N>}.
 */
public final class InfrahubRequestCounts {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final List<String> KINDS = List.of("LocationSite", "OrganizationTenant", "InfraDeviceType",
      "InfraDevice", "InfraInterface", "IpamIPAddress");
  /** The SDK's default page size (infrahub-sync reads through the SDK). */
  private static final int SDK_PAGE = 50;

  private InfrahubRequestCounts() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int page = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    Path data = dataset(n);
    Map<String, List<Map<String, Object>>> source = load(data.resolve("source"));
    System.out.printf(Locale.ROOT, "dataset N=%d: %s source records; write_batch_size=%d, page_size=%d%n", n,
        source.values().stream().mapToInt(List::size).sum(), batch, page);
    try (InfrahubServer server = InfrahubServer.builder().schema(InfrahubSchema.bench()).build().start()) {
      run("cold sync (empty Infrahub)", server, source, batch, page);
      run("second run (nothing changed)", server, source, batch, page);
      server.clear();
      server.seedDataset(data.resolve("destination"));
      run("drift sync (destination side loaded)", server, source, batch, page);
    }
  }

  private static void run(String title, InfrahubServer server, Map<String, List<Map<String, Object>>> source,
      int batch, int page) {
    server.graphqlLog().clear();
    server.requestLog().reset();
    Map<String, Integer> before = new LinkedHashMap<>();
    KINDS.forEach(k -> before.put(k, server.count(k)));
    MemoryAdapter memory = MemoryAdapter.create();
    source.forEach((kind, records) -> records.forEach(r -> memory.add(kind, r)));
    long t0 = System.nanoTime();
    SyncReport report;
    try (SyncEngine engine = SyncEngine.builder().config(config(server, batch, page)).source(memory)
        .inMemoryCache().guardrails(Guardrails.NONE).build()) {
      report = engine.sync();
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.printf(Locale.ROOT, "%n## %s: %s in %d ms%n", title, report.success() ? "ok" : "FAILED "
        + report.errors().size() + " errors", ms);
    System.out.println("| kind | nodes before | creates | updates | deletes | query requests | mutation requests"
        + " | ceil(changes/batch) | one object per request: mutations | SDK pages of 50 |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    long[] total = new long[9];
    for (String kind : KINDS) {
      long c = report.plan().count(kind, Action.CREATE);
      long u = report.plan().count(kind, Action.UPDATE);
      long d = report.plan().count(kind, Action.DELETE);
      long queries = server.graphqlLog().reads(kind);
      long mutations = server.graphqlLog().mutationRequests(kind);
      long expected = ceil(c, batch) + ceil(u, batch) + ceil(d, batch);
      long sdkPages = Math.max(1, ceil(before.get(kind), SDK_PAGE));
      long[] row = {before.get(kind), c, u, d, queries, mutations, expected, c + u + d, sdkPages};
      for (int i = 0; i < row.length; i++) {
        total[i] += row[i];
      }
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d |%n", kind, row[0], row[1],
          row[2], row[3], row[4], row[5], row[6], row[7], row[8]);
    }
    System.out.printf(Locale.ROOT, "| **total** | %d | %d | %d | %d | %d | %d | %d | %d | %d |%n", total[0], total[1],
        total[2], total[3], total[4], total[5], total[6], total[7], total[8]);
    System.out.printf(Locale.ROOT, "HTTP requests to the emulator: %d (GraphQL queries %d, GraphQL mutations %d,"
        + " GET /api/schema %d)%n", server.requestLog().total(), server.graphqlLog().queryRequests(),
        server.graphqlLog().mutationRequests(), server.requestLog().count("GET", "/api/schema"));
    if (!report.success()) {
      report.errors().stream().limit(5).forEach(e -> System.out.println("  " + e));
    }
  }

  private static long ceil(long a, long b) {
    return (a + b - 1) / b;
  }

  private static SyncConfig config(InfrahubServer server, int batch, int page) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("url", server.baseUrl().toString());
    settings.put("token", InfrahubServer.DEFAULT_TOKEN);
    settings.put("write_batch_size", batch);
    settings.put("page_size", page);
    return SyncConfig.builder("bench-to-infrahub")
        .source("memory", Map.of())
        .destination("infrahub", settings)
        .flags(DiffFlag.CONTINUE_ON_FAILURE) // any flag but NONE: deletes are planned (diffsync's rule)
        .mapping(SchemaMapping.builder("LocationSite").mapping("LocationSite").identifiers("name")
            .field("name", "name").field("description", "description").build())
        .mapping(SchemaMapping.builder("OrganizationTenant").mapping("OrganizationTenant").identifiers("name")
            .field("name", "name").build())
        .mapping(SchemaMapping.builder("InfraDeviceType").mapping("InfraDeviceType").identifiers("name")
            .field("name", "name").field("manufacturer", "manufacturer").build())
        .mapping(SchemaMapping.builder("InfraDevice").mapping("InfraDevice").identifiers("name")
            .field("name", "name").reference("site", "site", "LocationSite")
            .reference("type", "type", "InfraDeviceType").reference("tenant", "tenant", "OrganizationTenant")
            .field("serial", "serial").field("status", "status").build())
        .mapping(SchemaMapping.builder("InfraInterface").mapping("InfraInterface").identifiers("device", "name")
            .reference("device", "device", "InfraDevice").field("name", "name")
            .field("description", "description").field("enabled", "enabled").field("mtu", "mtu")
            .field("speed", "speed").build())
        .mapping(SchemaMapping.builder("IpamIPAddress").mapping("IpamIPAddress").identifiers("address")
            .field("address", "address").reference("interface", "interface", "InfraInterface")
            .field("description", "description").build())
        .build();
  }

  private static Map<String, List<Map<String, Object>>> load(Path dir) throws IOException {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (String kind : KINDS) {
      List<Map<String, Object>> records = new java.util.ArrayList<>();
      try (BufferedReader r = Files.newBufferedReader(dir.resolve(kind + ".jsonl"), StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.readValue(line, Map.class);
            records.add(m);
          }
        }
      }
      out.put(kind, records);
    }
    return out;
  }

  /** The dataset directory, generated with the shared generator when missing. */
  private static Path dataset(int n) throws IOException, InterruptedException {
    String shared = System.getProperty("infrasync.shared.dir", "../shared");
    Path out = Path.of("sync-benchmarks", "target", "bench", "n" + n).toAbsolutePath();
    if (Files.exists(out.resolve("expected.json"))) {
      return out;
    }
    Process p = new ProcessBuilder("python3", Path.of(shared, "bench", "gen_dataset.py").toString(), "-n",
        Integer.toString(n), "-o", out.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("gen_dataset.py failed: " + output);
    }
    return out;
  }
}
