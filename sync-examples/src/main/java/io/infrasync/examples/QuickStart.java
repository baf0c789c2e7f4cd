package io.infrasync.examples;

import io.infrasync.Action;
import io.infrasync.KindCounts;
import io.infrasync.Plan;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The custom adapter's quick start ({@code ./mvnw -q -pl sync-examples exec:java
 * -Dexec.mainClass=io.infrasync.examples.QuickStart}): syncs a small CSV inventory (sites, devices,
 * interfaces) read by {@link CsvInventoryAdapter} into a folder of JSON Lines files, twice — a cold
 * run, then a run after a few source changes — and prints the tiers, the plan, the report and where the run artifacts are. Everything is written
 * under {@code target/quickstart} (or the folder given as the first argument).
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/quickstart").toAbsolutePath();
    writeInventory(dir, 300, "");
    Files.writeString(dir.resolve("config.yml"), CONFIG, StandardCharsets.UTF_8);
    System.out.println("InfraSync quick start in " + dir);
    run(dir, "cold run");
    writeInventory(dir, 295, " (moved)"); // five devices gone, descriptions changed
    run(dir, "second run after source changes");
  }

  static SyncReport run(Path dir, String title) {
    try (SyncEngine engine = SyncEngine.builder()
        .config(dir.resolve("config.yml"))
        .cacheDirectory(dir.resolve(".infrahub-sync-cache"))
        .build()) {
      System.out.println("\n== " + title);
      System.out.println("tiers: " + engine.tiers());
      Plan plan = engine.diff();
      plan.summary().forEach((kind, counts) -> System.out.printf("  %-16s +%d ~%d -%d%n", kind,
          counts.get(Action.CREATE), counts.get(Action.UPDATE), counts.get(Action.DELETE)));
      SyncReport report = engine.apply(plan);
      for (Map.Entry<String, KindCounts> e : report.counts().entrySet()) {
        KindCounts c = e.getValue();
        System.out.printf("  wrote %-16s created %d, updated %d, deleted %d, failed %d%n", e.getKey(), c.created(),
            c.updated(), c.deleted(), c.failed());
      }
      Path runs = dir.resolve(".infrahub-sync-cache/quickstart");
      System.out.println("took " + report.took().toMillis() + " ms; artifacts: " + runs);
      System.out.println("query the plan with DuckDB:\n  SELECT action, resource, source_id FROM read_parquet('"
          + runs + "/*/plan.parquet');");
      return report;
    }
  }

  private static void writeInventory(Path dir, int devices, String suffix) throws IOException {
    Path csv = dir.resolve("csv");
    Files.createDirectories(csv);
    StringBuilder sites = new StringBuilder("id,name,city\n");
    for (int s = 0; s < 10; s++) {
      sites.append(s + 1).append(",site-").append(s).append(",City ").append(s).append(suffix).append('\n');
    }
    StringBuilder devs = new StringBuilder("id,hostname,site_name,serial\n");
    StringBuilder itfs = new StringBuilder("id,device_name,name,description\n");
    int itf = 0;
    for (int d = 0; d < devices; d++) {
      devs.append(d + 1).append(",dev-").append(d).append(",site-").append(d % 10).append(",SN").append(1000 + d)
          .append('\n');
      for (int p = 1; p <= 4; p++) {
        itfs.append(++itf).append(",dev-").append(d).append(",eth").append(p).append(",port ").append(p)
            .append(p == 1 ? suffix : "").append('\n');
      }
    }
    Files.writeString(csv.resolve("sites.csv"), sites, StandardCharsets.UTF_8);
    Files.writeString(csv.resolve("devices.csv"), devs, StandardCharsets.UTF_8);
    Files.writeString(csv.resolve("interfaces.csv"), itfs, StandardCharsets.UTF_8);
  }

  private static final String CONFIG = """
      name: quickstart
      source: {name: csv-inventory, settings: {directory: csv}}
      destination: {name: file, settings: {directory: out}}
      diffsync_flags: [CONTINUE_ON_FAILURE]   # any flag but NONE lets deletes through (diffsync's rule)
      schema_mapping:
        - name: LocationSite
          mapping: sites
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
            - {name: description, mapping: city}
        - name: InfraDevice
          mapping: devices
          identifiers: [name]
          fields:
            - {name: name, mapping: hostname}
            - {name: site, mapping: site_name, reference: LocationSite}
            - {name: serial, mapping: serial}
        - name: InfraInterface
          mapping: interfaces
          identifiers: [device, name]
          fields:
            - {name: device, mapping: device_name, reference: InfraDevice}
            - {name: name, mapping: name}
            - {name: description, mapping: description}
      """;
}
