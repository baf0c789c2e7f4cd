package io.infrasync.examples;

import io.infrasync.Action;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.SyncListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The README's one-command demo: a NetBox to Infrahub sync with the upstream {@code
 * netbox_to_infrahub} mapping, between the testkit's emulators, on this machine.
 *
 * <ol>
 *   <li>starts a NetBox and an Infrahub emulator and seeds NetBox with {@link NetBoxInventory}
 *       (300 devices unless the first argument says otherwise);
 *   <li>syncs into the empty Infrahub (a cold run: everything is read and created);
 *   <li>changes a few records in NetBox through its REST API;
 *   <li>syncs again, incrementally: NetBox is asked only for what changed since the first run.
 * </ol>
 *
 * For each run it prints the write tiers, the plan per kind, the requests each emulator received,
 * the time taken and where the run's Parquet artifacts are; at the end, DuckDB queries to paste.
 * Artifacts go to {@code target/demo/.infrahub-sync-cache} (or under the folder given as the second
 * argument); the emulators start empty each time, so the previous demo's artifacts are removed first.
 *
 * <pre>
 * ./mvnw -q install -DskipTests &amp;&amp; ./mvnw -q -pl sync-examples exec:java
 * ./mvnw -q -pl sync-examples exec:java -Dexec.args="1000"          # another dataset size
 * </pre>
 */
public final class NetBoxToInfrahubDemo {
  /** Devices seeded when no size is given. */
  public static final int DEFAULT_DEVICES = 300;

  private NetBoxToInfrahubDemo() {}

  /** One run: what the engine reported and what the emulators saw. */
  public record Run(SyncReport report, Emulators.Requests requests) {}

  /**
   * What the demo did.
   *
   * @param seeded objects created in NetBox per endpoint
   * @param runs the artifacts of the runs, {@code <cache root>/<sync name>}
   */
  public record Result(Map<String, Integer> seeded, Path runs, Run cold, Run warm) {}

  /** Held so that the level set on it is not lost with a collected logger. */
  private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("io.infrasync");

  /**
   * Keeps the engine's and adapters' log (java.util.logging, on stderr) to errors: the examples
   * print the engine's warnings through their {@link ConsoleProgress} listener, and its INFO lines
   * would interleave with the output.
   */
  static void quietEngineLog() {
    ENGINE_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  public static void main(String[] args) {
    quietEngineLog();
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_DEVICES;
    Path dir = Path.of(args.length > 1 ? args[1] : "target/demo").toAbsolutePath();
    try (Emulators emulators = Emulators.start()) {
      run(emulators, devices, dir, System.out, ConsoleProgress.toConsole());
    }
  }

  /**
   * What the demo adds to the upstream file. It sets no {@code diffsync_flags}, and without any flag
   * diffsync (and so infrahub-sync, and InfraSync) never deletes what the source no longer has; any
   * flag but {@code NONE} lets deletes through.
   */
  public static final String DELETES = "diffsync_flags: [CONTINUE_ON_FAILURE]";

  /** The upstream mapping, read from this module's copy of its {@code config.yml}, plus {@link #DELETES}. */
  public static SyncConfig upstreamConfig(Emulators emulators) {
    String resource = "netbox_to_infrahub/config.yml";
    try (InputStream in = Objects.requireNonNull(NetBoxToInfrahubDemo.class.getResourceAsStream(resource),
        resource)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n" + DELETES + "\n";
      return ConfigLoader.parse(yaml, resource, null, emulators.environment());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Seeds NetBox, syncs cold, changes NetBox, syncs warm; prints to {@code out}, events go to the listeners. */
  public static Result run(Emulators emulators, int devices, Path dir, PrintStream out, SyncListener... listeners) {
    long t0 = System.nanoTime();
    Map<String, Integer> seeded = NetBoxInventory.seed(emulators.netbox(), devices);
    SyncConfig config = upstreamConfig(emulators);
    Path cacheRoot = dir.resolve(".infrahub-sync-cache");
    Path runs = cacheRoot.resolve(config.name());
    deleteRecursively(runs);
    out.printf(Locale.ROOT, "InfraSync demo: NetBox -> Infrahub with infrahub-sync's netbox_to_infrahub mapping%n");
    out.printf(Locale.ROOT, "  NetBox    %s  emulator, seeded in %s: %s%n", emulators.netbox().apiUrl(),
        ConsoleProgress.time(Duration.ofNanos(System.nanoTime() - t0)), seededSummary(seeded));
    out.printf(Locale.ROOT, "  Infrahub  %s  emulator, empty%n", emulators.infrahub().graphqlUrl());
    out.printf(Locale.ROOT, "  mapping   upstream config.yml (%s): %d schema_mapping entries into %d kinds, plus %s%n",
        config.name(), config.schemaMapping().size(), config.kinds().size(), DELETES);
    out.printf(Locale.ROOT, "  artifacts %s%n", runs);

    SyncEngine.Builder builder = SyncEngine.builder()
        .config(config)
        .environment(emulators.environment())
        .cacheDirectory(cacheRoot)
        .incremental(true);      // read only what changed since the last successful sync, where possible
    for (SyncListener listener : listeners) {
      builder.listener(listener);
    }
    try (SyncEngine engine = builder.build()) {
      Run cold = sync(engine, emulators, runs, out, "1. cold sync into the empty Infrahub");
      out.printf(Locale.ROOT, "%n== changing NetBox through its REST API%n");
      NetBoxInventory.changeSomeRecords(emulators.netbox()).forEach(c -> out.println("  " + c));
      Run warm = sync(engine, emulators, runs, out, "2. warm incremental sync");
      printQueries(out, runs, Objects.requireNonNull(warm.report().runId()));
      return new Result(seeded, runs, cold, warm);
    }
  }

  private static Run sync(SyncEngine engine, Emulators emulators, Path runs, PrintStream out, String title) {
    out.printf(Locale.ROOT, "%n== %s%n", title);
    emulators.resetRequestLogs();
    SyncReport report = engine.sync();
    Emulators.Requests requests = emulators.requests();
    List<List<String>> tiers = report.plan().tiers();
    for (int t = 0; t < tiers.size(); t++) {
      out.printf(Locale.ROOT, "  %-17s %d: %s%n", t == 0 ? "tiers" : "", t, String.join(", ", tiers.get(t)));
    }
    out.printf(Locale.ROOT, "  %-17s %-4s %-20s %7s %7s %7s%n", "plan per kind", "tier", "kind", "create", "update",
        "delete");
    int unchanged = 0;
    for (Map.Entry<String, Map<Action, Long>> e : report.plan().summary().entrySet()) {
      Map<Action, Long> n = e.getValue();
      if (n.values().stream().allMatch(v -> v == 0)) {
        unchanged++;
        continue;
      }
      out.printf(Locale.ROOT, "  %-17s %4d %-20s %7d %7d %7d%n", "", tierOf(tiers, e.getKey()), e.getKey(),
          n.get(Action.CREATE), n.get(Action.UPDATE), n.get(Action.DELETE));
    }
    if (unchanged > 0) {
      out.printf(Locale.ROOT, "  %-17s %d other kinds unchanged%n", "", unchanged);
    }
    report.errors().forEach(e -> out.printf(Locale.ROOT, "  %-17s %s%n", "error", e));
    out.printf(Locale.ROOT, "  %-17s %s%n", "requests", requests);
    out.printf(Locale.ROOT, "  %-17s %s (load %s, diff %s, write %s)%n", "time", ConsoleProgress.time(report.took()),
        timing(report, "load"), timing(report, "diff"), timing(report, "write"));
    out.printf(Locale.ROOT, "  %-17s %s%s%n", "artifacts", runs.resolve(String.valueOf(report.runId())),
        "/ (plan.parquet, A/ and B/ snapshots, run.json)");
    out.printf(Locale.ROOT, "  %-17s %,d devices, %,d interfaces, %,d IP addresses%n", "Infrahub now",
        emulators.infrahub().count("InfraDevice"), emulators.infrahub().count("InfraInterfaceL2L3"),
        emulators.infrahub().count("InfraIPAddress"));
    return new Run(report, requests);
  }

  /** Two DuckDB queries over the artifacts, ready to paste. */
  static List<String> queries(Path runs, String runId) {
    return List.of(
        "SELECT parse_path(filename)[-2] AS run, resource, action, count(*) AS changes"
            + " FROM read_parquet('" + runs + "/*/plan.parquet', filename = true)"
            + " GROUP BY ALL ORDER BY run, resource, action;",
        "SELECT resource, source_id, old_value, new_value FROM read_parquet('" + runs.resolve(runId)
            + "/plan.parquet') WHERE action = 'update' ORDER BY resource, source_id;");
  }

  private static void printQueries(PrintStream out, Path runs, String warmRun) {
    out.printf(Locale.ROOT, "%n== query the artifacts with DuckDB (https://duckdb.org), e.g. in the duckdb shell:%n");
    queries(runs, warmRun).forEach(q -> out.println("  " + q));
  }

  private static int tierOf(List<List<String>> tiers, String kind) {
    for (int t = 0; t < tiers.size(); t++) {
      if (tiers.get(t).contains(kind)) {
        return t;
      }
    }
    return -1;
  }

  private static String timing(SyncReport report, String phase) {
    Duration d = report.timings().get(phase);
    return d == null ? "-" : ConsoleProgress.time(d);
  }

  private static String seededSummary(Map<String, Integer> seeded) {
    int total = seeded.values().stream().mapToInt(Integer::intValue).sum();
    return String.format(Locale.ROOT, "%,d devices, %,d interfaces, %,d IP addresses, %,d prefixes, %,d VLANs,"
            + " %,d racks, %,d sites, %,d tenants (%,d objects)", seeded.getOrDefault("dcim/devices", 0),
        seeded.getOrDefault("dcim/interfaces", 0), seeded.getOrDefault("ipam/ip-addresses", 0),
        seeded.getOrDefault("ipam/prefixes", 0), seeded.getOrDefault("ipam/vlans", 0),
        seeded.getOrDefault("dcim/racks", 0), seeded.getOrDefault("dcim/sites", 0),
        seeded.getOrDefault("tenancy/tenants", 0), total);
  }

  /** Removes a folder and everything in it, if it exists (the emulators start empty, so must the cache). */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the previous demo's artifacts in " + dir, e);
    }
  }
}
