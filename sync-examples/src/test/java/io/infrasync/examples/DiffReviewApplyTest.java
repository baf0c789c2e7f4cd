package io.infrasync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class DiffReviewApplyTest {
  @TempDir Path dir;

  @Test
  void aStoredPlanIsAppliedByRunIdAFilteredPlanHoldsDeletesAndAStalePlanIsRefused() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DiffReviewApply.Result result;
    try (Emulators emulators = Emulators.start()) {
      result = DiffReviewApply.run(emulators, dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));

      assertThat(emulators.infrahub().find("InfraDevice", "name", "dmi01-akron-asw04")).isEmpty();
      assertThat(emulators.infrahub().find("InfraDevice", "name", "dmi01-akron-asw99")).isPresent();
      assertThat(emulators.infrahub().count("InfraDevice")).isEqualTo(36);
    }
    System.out.print(bytes.toString(StandardCharsets.UTF_8));

    // 40 devices on 2 sites, 2 PDUs a site filtered out
    assertThat(result.approved().mode()).isEqualTo("apply");
    assertThat(result.approved().success()).isTrue();
    assertThat(result.approved().counts("InfraDevice").created()).isEqualTo(36);
    assertThat(result.approved().total(Action.UPDATE) + result.approved().total(Action.DELETE)).isZero();

    assertThat(result.withoutDeletes().success()).isTrue();
    assertThat(result.withoutDeletes().total(Action.CREATE)).isEqualTo(3);
    assertThat(result.withoutDeletes().total(Action.UPDATE)).isEqualTo(9);
    assertThat(result.withoutDeletes().total(Action.DELETE)).isZero();

    assertThat(result.refusal()).contains("is stale", "delete InfraDevice",
        "description is now do not remove: RMA pending");

    assertThat(result.deletes().success()).isTrue();
    assertThat(result.deletes().counts("InfraDevice").deleted()).isEqualTo(1);
    assertThat(result.deletes().counts("InfraInterfaceL2L3").deleted()).isEqualTo(4);
    assertThat(result.deletes().counts("InfraIPAddress").deleted()).isEqualTo(1);
    assertThat(result.deletes().total(Action.CREATE) + result.deletes().total(Action.UPDATE)).isZero();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("read_parquet(", "held:", "delete InfraDevice ");
  }
}
