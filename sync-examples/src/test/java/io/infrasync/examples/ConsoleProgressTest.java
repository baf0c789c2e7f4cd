package io.infrasync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.KindCounts;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncRecord;
import io.infrasync.SyncReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private static Plan plan(int creates, int updates, int deletes) {
    FieldLayout layout = FieldLayout.of("InfraDevice", List.of("name"), List.of("name"), Map.of());
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < creates + updates + deletes; i++) {
      Action a = i < creates ? Action.CREATE : i < creates + updates ? Action.UPDATE : Action.DELETE;
      SyncRecord r = SyncRecord.of(layout, Map.of("name", "d" + i), "id" + i);
      changes.add(new Change(a, "InfraDevice", r.key(), a == Action.DELETE ? null : r, a == Action.CREATE ? null : r,
          List.of(), 1));
    }
    return new Plan(changes, List.of(List.of("BuiltinTag"), List.of("InfraDevice")));
  }

  /** The events of a sync that creates 3 tags and 250 devices, updates 2 devices and deletes 1. */
  private static void aSync(ConsoleProgress p) {
    p.runStarted("demo", "sync");
    p.kindRead(Side.DESTINATION, "BuiltinTag", 0, Duration.ofMillis(3), false);
    p.kindRead(Side.SOURCE, "BuiltinTag", 3, Duration.ofMillis(5), false);
    p.kindRead(Side.DESTINATION, "InfraDevice", 1, Duration.ofMillis(4), true);
    p.phaseFinished("load:destination", Duration.ofMillis(40));
    p.readProgress(Side.SOURCE, "InfraDevice", 10_000);
    p.kindRead(Side.SOURCE, "InfraDevice", 12_345, Duration.ofMillis(80), true);
    p.phaseFinished("load:source", Duration.ofMillis(1_234));
    p.warning("full extract of A BuiltinTag: no previous successful sync");
    p.phaseFinished("diff", Duration.ofMillis(7));
    p.planReady(plan(253, 2, 1));
    p.tierStarted(0, List.of("BuiltinTag", "RoleGeneric", "Site"));
    p.writeProgress("Site", Action.UPDATE, 1, 1);             // kinds of a tier are written in parallel
    p.writeProgress("BuiltinTag", Action.CREATE, 3, 3);
    p.tierStarted(1, List.of("InfraDevice"));
    p.writeProgress("InfraDevice", Action.CREATE, 100, 252);
    p.writeProgress("InfraDevice", Action.CREATE, 200, 252);
    p.writeProgress("InfraDevice", Action.CREATE, 250, 252);
    p.writeProgress("InfraDevice", Action.UPDATE, 252, 252);
    p.writeProgress("InfraDevice", Action.DELETE, 1, 1);
    p.phaseFinished("write", Duration.ofMillis(900));
    p.runFinished(new SyncReport("demo", "run-1", "sync", true, Instant.EPOCH, Duration.ofMillis(12_345),
        plan(253, 2, 1), Map.of("BuiltinTag", new KindCounts(3, 0, 3, 0, 0, 0, 0, 0),
            "InfraDevice", new KindCounts(252, 3, 250, 2, 1, 0, 1, 0)), List.of(), Map.of(), List.of()));
  }

  @Test
  void withoutATerminalEachFinishedStepIsOnePlainLine() {
    aSync(new ConsoleProgress(out, false));

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(String.join(System.lineSeparator(),
        "  read destination  1 records from 2 reads in 40 ms (1 incremental)",
        "  read source       12,348 records from 2 reads in 1,234 ms (1 incremental)",
        "  warning           full extract of A BuiltinTag: no previous successful sync",
        "  plan              256 changes: +253 ~2 -1 (diff 7 ms)",
        "  wrote tier 0      BuiltinTag +3, Site ~1",
        "  wrote tier 1      InfraDevice +250 ~2",
        "  deleted           InfraDevice -1",
        "  done              sync: 256 changes in 12.3 s, 1 failed",
        ""));
  }

  @Test
  void onATerminalALiveLineIsRewrittenInPlaceAndClearedBeforeEachStep() {
    aSync(new ConsoleProgress(out, true));

    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("\r  writing InfraDevice create 200/252", "\r  reading source InfraDevice: 10,000");
    // what a terminal shows once every \r has moved the cursor back: only the finished steps
    StringBuilder screen = new StringBuilder();
    for (String line : shown.split(System.lineSeparator(), -1)) {
      String last = line.substring(line.lastIndexOf('\r') + 1);
      screen.append(last.isBlank() ? "" : last.stripTrailing()).append('\n');
    }
    assertThat(screen.toString()).startsWith("  read destination  1 records from 2 reads in 40 ms (1 incremental)\n")
        .contains("  wrote tier 1      InfraDevice +250 ~2\n")
        .endsWith("  done              sync: 256 changes in 12.3 s, 1 failed\n\n");
  }

  @Test
  void aSecondRunStartsFromZero() {
    ConsoleProgress p = new ConsoleProgress(out, false);
    aSync(p);
    bytes.reset();
    p.runStarted("demo", "sync");
    p.kindRead(Side.SOURCE, "BuiltinTag", 3, Duration.ofMillis(5), false);
    p.phaseFinished("load:source", Duration.ofMillis(9));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
        "  read source       3 records from 1 reads in 9 ms" + System.lineSeparator());
  }
}
