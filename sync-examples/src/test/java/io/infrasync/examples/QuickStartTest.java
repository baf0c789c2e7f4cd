package io.infrasync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.SyncReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
  @TempDir Path dir;

  @Test
  void quickStartCreatesThenAppliesUpdatesAndChildFirstDeletes() throws Exception {
    QuickStart.main(new String[] {dir.toString()});
    assertThat(Files.readAllLines(dir.resolve("out/InfraDevice.jsonl"))).hasSize(295);
    assertThat(Files.readAllLines(dir.resolve("out/InfraInterface.jsonl"))).hasSize(295 * 4);
    SyncReport third = QuickStart.run(dir, "third run");
    assertThat(third.plan().isEmpty()).isTrue();
    try (var runs = Files.list(dir.resolve(".infrahub-sync-cache/quickstart"))) {
      assertThat(runs.filter(Files::isDirectory).filter(p -> Files.exists(p.resolve("plan.parquet")))).hasSize(6);
    }
  }
}
