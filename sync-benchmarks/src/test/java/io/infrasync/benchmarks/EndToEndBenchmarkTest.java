package io.infrasync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The end-to-end benchmarks at a tiny size and without latency, so that the build proves the
 * benchmark code works: every run succeeds, the warm runs write only the source changes, and the
 * request counts stay at the minimum the benchmarks print.
 */
@Timeout(60)
class EndToEndBenchmarkTest {

  @Test
  void nautobotToInfrahubScenarioRunsAtTheMinimumOfRequests() throws Exception {
    NautobotToInfrahubBenchmark.Scenario s = NautobotToInfrahubBenchmark.scenario(0.02, 0, 100, 4, 42L, false);

    for (NautobotToInfrahubBenchmark.Run r : s.runs()) {
      assertThat(r.report().success()).as(r.title() + ": " + r.report().errors()).isTrue();
    }
    assertThat(s.cold().report().plan().count(Action.CREATE)).isGreaterThan(100);
    assertThat(s.warmFull().report().plan().changes()).isEmpty();
    // a VLAN renamed under unchanged prefixes (hydrated from the snapshot): an update of the prefixes'
    // peer, no reference failure
    assertThat(s.firstIncremental().report().plan().count(Action.UPDATE)).isGreaterThan(0);
    assertThat(s.warmIncremental().report().plan().count("InfraIPAddress", Action.CREATE)).isEqualTo(2);
    assertThat(s.warmIncremental().report().plan().count("InfraIPAddress", Action.DELETE)).isEqualTo(1);
    // cold and warm full: one request over the minimum at most (the Infrahub adapter's cursor probe)
    for (NautobotToInfrahubBenchmark.Run r : List.of(s.cold(), s.warmFull())) {
      assertThat(r.requests()).as(r.title()).isBetween(r.minimum(), r.minimum() + 1);
    }
    for (NautobotToInfrahubBenchmark.Run r : List.of(s.firstIncremental(), s.warmIncremental())) {
      assertThat(r.requests()).as(r.title()).isLessThanOrEqualTo(r.minimum() + 1);
    }
  }
}
