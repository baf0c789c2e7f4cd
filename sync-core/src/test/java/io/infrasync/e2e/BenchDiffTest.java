package io.infrasync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.Plan;
import io.infrasync.SyncEngine;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The diff reproduces the benchmark generator's expected.json exactly, per kind. */
class BenchDiffTest {

  @Test
  void diffReproducesExpectedCountsOfTheSharedDatasetPerKind() throws Exception {
    Path dir = BenchDataset.ensure(200);
    SyncConfig config = ConfigLoader.load(BenchDataset.repoRoot().resolve("datasets/bench-config.yml"),
        v -> v.equals("BENCH_DIR") ? dir.toString() : null);
    JsonNode expected = JsonMapper.builder().build().readTree(dir.resolve("expected.json").toFile()).get("expected");
    try (SyncEngine engine = SyncEngine.builder().config(config).build()) {
      Plan plan = engine.diff();
      Map<String, Map<Action, Long>> summary = plan.summary();
      Iterator<Map.Entry<String, JsonNode>> kinds = expected.properties().iterator();
      int checked = 0;
      while (kinds.hasNext()) {
        Map.Entry<String, JsonNode> e = kinds.next();
        if (e.getKey().equals("TOTAL")) {
          continue;
        }
        Map<Action, Long> got = summary.get(e.getKey());
        assertThat(got).as(e.getKey()).isNotNull();
        assertThat(got.get(Action.CREATE)).as(e.getKey() + " creates").isEqualTo(e.getValue().get("create").asLong());
        assertThat(got.get(Action.UPDATE)).as(e.getKey() + " updates").isEqualTo(e.getValue().get("update").asLong());
        assertThat(got.get(Action.DELETE)).as(e.getKey() + " deletes").isEqualTo(e.getValue().get("delete").asLong());
        checked++;
      }
      assertThat(checked).isEqualTo(6);
    }
  }
}
