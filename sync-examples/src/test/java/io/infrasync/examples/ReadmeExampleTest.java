package io.infrasync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Plan;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example of the README, compiled and run (with a CSV source and a file destination). */
class ReadmeExampleTest {
  @TempDir Path dir;

  /** The README's example, verbatim but for the paths. */
  static SyncReport readmeExample(Path config, Path cache) {
    try (SyncEngine engine = SyncEngine.builder()
        .config(config)                                   // an infrahub-sync config.yml
        .cacheDirectory(cache)                            // run artifacts (Parquet, DuckDB-readable)
        .continueOnError(true)                            // skip and report bad records
        .build()) {
      Plan plan = engine.diff();                 // read both sides, compute the changes
      System.out.println(plan);                  // per kind: +creates ~updates -deletes
      SyncReport report = engine.apply(plan);    // write tier by tier, deletes children first
      report.errors().forEach(System.out::println);
      return report;
    }
  }

  @Test
  void theReadmeExampleSyncsACustomCsvSourceIntoFiles() throws Exception {
    Files.createDirectories(dir.resolve("csv"));
    Files.writeString(dir.resolve("csv/sites.csv"), "id,name,city\n1,par1,Paris\n2,osl1,Oslo\n");
    Files.writeString(dir.resolve("csv/devices.csv"), "id,hostname,site_name\n7,rtr01,par1\n8,rtr02,osl1\n");
    Files.writeString(dir.resolve("config.yml"), """
        name: csv-to-files
        source: {name: csv-inventory, settings: {directory: csv}}
        destination: {name: file, settings: {directory: out}}
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
        """);
    SyncReport report = readmeExample(dir.resolve("config.yml"), dir.resolve("cache"));
    assertThat(report.success()).isTrue();
    assertThat(report.counts("InfraDevice").created()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("out/InfraDevice.jsonl"))).contains("\"site\":\"par1\"");
    assertThat(dir.resolve("cache/csv-to-files")).isDirectory();
  }
}
