package io.infrasync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.SyncReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ScheduledSyncServiceTest {
  @TempDir Path dir;

  @Test
  void runsOnScheduleIncrementallyAndAGuardrailStopsTheRunAfterAMassDelete() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<ScheduledSyncService.Outcome> outcomes;
    try (Emulators emulators = Emulators.start()) {
      outcomes = ScheduledSyncService.run(emulators, dir, Duration.ofMillis(50),
          new PrintStream(bytes, true, StandardCharsets.UTF_8));

      // nothing was written after the trips: Infrahub keeps the site's devices NetBox lost
      assertThat(emulators.infrahub().count("InfraDevice")).isEqualTo(54);
      assertThat(emulators.netbox().count("dcim/devices")).isEqualTo(30);
    }
    System.out.print(bytes.toString(StandardCharsets.UTF_8));

    assertThat(outcomes).extracting(ScheduledSyncService.Outcome::run).containsExactly(1, 2, 3, 4);
    SyncReport first = Objects.requireNonNull(outcomes.get(0).report());
    assertThat(first.success()).isTrue();
    assertThat(first.counts("InfraDevice").created()).isEqualTo(54);
    SyncReport second = Objects.requireNonNull(outcomes.get(1).report());
    assertThat(second.success()).isTrue();
    assertThat(second.plan().isEmpty()).as(second.plan().render()).isTrue();
    assertThat(second.warnings()).noneMatch(w -> w.contains("InfraDevice")); // InfraDevice was read incrementally
    for (ScheduledSyncService.Outcome tripped : outcomes.subList(2, 4)) {
      assertThat(tripped.guardrail()).isTrue();
      assertThat(tripped.report()).isNull();
      assertThat(tripped.failure())
          .contains("InfraDevice dropped from 54 to 27 (50 %, threshold 80 %)")
          .contains("InfraDevice: the plan deletes 27 of 54 destination records (50 %");
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("run 1: ok in", "wrote +" + first.total(Action.CREATE) + " ~0 -0")
        .contains("run 3: GUARDRAIL TRIPPED, nothing written: ")
        .contains("a cleanup script deletes all 30 devices of dm-amsterdam")
        .contains("Infrahub still holds 54 devices");
  }
}
