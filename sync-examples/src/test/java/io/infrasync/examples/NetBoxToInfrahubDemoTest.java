package io.infrasync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.Side;
import io.infrasync.SyncReport;
import io.infrasync.spi.SyncListener;
import io.infrasync.testkit.infrahub.InfrahubNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's demo, run as a test with 60 devices instead of 300. */
@Timeout(120)
class NetBoxToInfrahubDemoTest {
  @TempDir Path dir;

  /** The kinds each side read incrementally, per run. */
  static final class IncrementalReads implements SyncListener {
    final List<Set<String>> runs = new ArrayList<>();

    @Override
    public synchronized void runStarted(String syncName, String mode) {
      runs.add(ConcurrentHashMap.newKeySet());
    }

    @Override
    public synchronized void kindRead(Side side, String kind, long records, Duration took, boolean incremental) {
      if (incremental) {
        runs.get(runs.size() - 1).add(side + " " + kind);
      }
    }
  }

  @Test
  void theDemoSyncsEverythingThenOnlyTheChangesAndPrintsWhatItDid() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    IncrementalReads incremental = new IncrementalReads();
    NetBoxToInfrahubDemo.Result result;
    try (Emulators emulators = Emulators.start()) {
      result = NetBoxToInfrahubDemo.run(emulators, 60, dir, out, new ConsoleProgress(out, false), incremental);
      System.out.print(bytes.toString(StandardCharsets.UTF_8)); // what a user sees, in the test log

      // 2 sites of 30 devices; 3 PDUs a site are filtered out by the mapping: 54 devices, 4 interfaces
      // each, a management address each and a loopback on each of the 4 routers
      SyncReport cold = result.cold().report();
      assertThat(cold.errors()).isEmpty();
      assertThat(cold.success()).isTrue();
      assertThat(result.seeded()).containsEntry("dcim/devices", 60);
      assertThat(cold.counts("InfraDevice").created()).isEqualTo(54);
      assertThat(cold.counts("InfraInterfaceL2L3").created()).isEqualTo(54 * 4);
      assertThat(cold.counts("InfraIPAddress").created()).isEqualTo(54 + 4);
      assertThat(cold.total(Action.UPDATE) + cold.total(Action.DELETE)).isZero();
      assertThat(emulators.infrahub().count("InfraDevice")).isEqualTo(54 + 1 - 1);

      // the warm run plans exactly the edits of NetBoxInventory.changeSomeRecords
      SyncReport warm = result.warm().report();
      assertThat(warm.success()).isTrue();
      Map<String, String> planned = new LinkedHashMap<>();
      warm.plan().summary().forEach((kind, n) -> {
        if (n.values().stream().anyMatch(v -> v > 0)) {
          planned.put(kind, "+" + n.get(Action.CREATE) + " ~" + n.get(Action.UPDATE) + " -" + n.get(Action.DELETE));
        }
      });
      assertThat(planned).containsExactlyInAnyOrderEntriesOf(Map.of(
          "OrganizationGeneric", "+0 ~1 -0",
          "InfraDevice", "+1 ~3 -1",
          "InfraInterfaceL2L3", "+2 ~5 -4",
          "InfraIPAddress", "+0 ~0 -1"));
      assertThat(incremental.runs).hasSize(2);
      assertThat(incremental.runs.get(0)).isEmpty();
      assertThat(incremental.runs.get(1)).contains("SOURCE InfraDevice", "SOURCE InfraInterfaceL2L3",
          "DESTINATION InfraDevice");
      assertThat(result.warm().requests().infrahubMutations()).isPositive()
          .isLessThan(result.cold().requests().infrahubMutations());

      // and Infrahub holds the edits (the mapping's serial transform writes the raw key serial_number,
      // which no field reads: serials pass unchanged, as upstream)
      InfrahubNode rma = emulators.infrahub().find("InfraDevice", "name", "dmi01-akron-asw01").orElseThrow();
      assertThat(rma.attribute("serial_number")).isEqualTo("RMA-akron-1");
      assertThat(emulators.infrahub().find("InfraDevice", "name", "dmi01-akron-asw04")).isEmpty();
      String added = emulators.infrahub().find("InfraDevice", "name", "dmi01-akron-asw99").orElseThrow().id();
      assertThat(emulators.infrahub().nodes("InfraInterfaceL2L3")).filteredOn(n -> added.equals(n.peer("device")))
          .hasSize(2);
    }

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("== 1. cold sync into the empty Infrahub", "== 2. warm incremental sync")
        .contains("tiers             0: BuiltinTag, CoreStandardGroup, RoleGeneric")
        .contains("plan per kind", "requests          NetBox ", "artifacts         " + result.runs())
        .containsPattern("InfraDevice +1 +3 +1\\n")
        .containsPattern("read source +[0-9,]+ records from 25 reads in [0-9,]+ ms \\(13 incremental\\)")
        .contains("dmi01-akron-asw04 removed");

    // the DuckDB queries it prints run, and say what happened
    List<String> queries = NetBoxToInfrahubDemo.queries(result.runs(),
        java.util.Objects.requireNonNull(result.warm().report().runId()));
    assertThat(printed).contains(queries);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      Map<String, Long> perRun = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery(queries.get(0))) {
        while (rs.next()) {
          perRun.merge(rs.getString("run"), rs.getLong("changes"), Long::sum);
        }
      }
      assertThat(perRun).containsOnlyKeys(result.cold().report().runId(), result.warm().report().runId());
      assertThat(perRun.get(result.warm().report().runId())).isEqualTo(result.warm().report().plan().size());
      List<String> updated = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(queries.get(1))) {
        while (rs.next()) {
          updated.add(rs.getString("resource") + " " + rs.getString("new_value"));
        }
      }
      assertThat(updated).hasSize(9).anySatisfy(u -> assertThat(u).contains("InfraDevice", "RMA-akron-2"));
    }
  }
}
