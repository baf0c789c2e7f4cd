package io.infrasync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.MemoryAdapter;
import io.infrasync.SyncEngine;
import io.infrasync.SyncError;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.cache.MemoryCacheStore;
import io.infrasync.spi.PlanRow;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionAndRunArtifactsTest {
  private final MemoryCacheStore store = new MemoryCacheStore(Clock.systemUTC());

  private SyncEngine.Builder builder(ChangeLogAdapter src, MemoryAdapter dst) {
    return SyncEngine.builder().config(EngineFixtures.sites(false)).source(src).destination(dst).cacheStore(store);
  }

  private List<String> modes() {
    return store.runs().stream().map(RunInfo::mode).toList();
  }

  @Test
  void retentionKeepsTheNewestRunsAfterEachSuccessfulRun() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    MemoryAdapter dst = MemoryAdapter.create();
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try (SyncEngine engine = builder(src, dst).retain(2, Duration.ZERO).build()) {
        ids.add(engine.sync().runId());
      }
    }
    assertThat(store.runs()).extracting(RunInfo::runId).containsExactly(ids.get(2), ids.get(3));
  }

  @Test
  void retentionNeverDropsTheNewestSuccessfulSyncThatIncrementalRunsNeed() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    MemoryAdapter dst = MemoryAdapter.create();
    try (SyncEngine engine = builder(src, dst).retain(1, Duration.ZERO).incremental(true).build()) {
      engine.sync();
      String sync = engine.sync().runId();
      engine.diff();
      engine.diff();
      engine.diff();
      // the runs from the newest successful sync on are kept: it is what the next incremental run hydrates
      assertThat(modes()).containsExactly("sync", "diff", "diff", "diff");
      assertThat(store.runs().get(0).runId()).isEqualTo(sync);
      src.put("dcim.sites", "1", Map.of("name", "paris", "description", "changed"));
      engine.sync();
    }
    assertThat(src.changedReads.get()).isGreaterThan(0);
    assertThat(dst.records("Site")).extracting(r -> r.get("description")).contains("changed");
  }

  @Test
  void retentionKeepsRunsYoungerThanTheMaximumAge() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    MemoryAdapter dst = MemoryAdapter.create();
    try (SyncEngine engine = builder(src, dst).retain(0, Duration.ofDays(1)).build()) {
      engine.sync();
      engine.sync();
      engine.diff();
    }
    assertThat(store.runs()).hasSize(3);
  }

  @Test
  void byDefaultEveryRunIsKept() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    MemoryAdapter dst = MemoryAdapter.create();
    try (SyncEngine engine = builder(src, dst).build()) {
      for (int i = 0; i < 5; i++) {
        engine.sync();
      }
    }
    assertThat(store.runs()).hasSize(5);
  }

  @Test
  void memoryStoreRunsGiveBackTheirPlanAndErrors() {
    MemoryAdapter src = MemoryAdapter.create()
        .add("dcim.devices", "10", Map.of("name", "r1", "site", Map.of("id", 99, "name", "nowhere"), "serial", "A"));
    src.add("dcim.sites", "1", Map.of("name", "paris", "description", "Paris DC"));
    SyncConfig config = EngineFixtures.sitesAndDevices().build();
    try (SyncEngine engine = SyncEngine.builder().config(config).source(src).destination(MemoryAdapter.create())
        .cacheStore(store).continueOnError(true).build()) {
      engine.diff();
    }
    RunReader run = store.openRun(store.runs().get(0).runId()).orElseThrow();
    assertThat(run.plan()).hasValueSatisfying(rows -> assertThat(rows)
        .extracting(PlanRow::action, PlanRow::kind, PlanRow::sourceId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Action.CREATE, "Site", "paris")));
    assertThat(run.errors()).extracting(SyncError::kind).containsExactly("Device");
  }
}
