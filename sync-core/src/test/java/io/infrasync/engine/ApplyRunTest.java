package io.infrasync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.Action;
import io.infrasync.MemoryAdapter;
import io.infrasync.Plan;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.SyncReport;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.cache.MemoryCacheStore;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyRunTest {
  private final MemoryCacheStore store = new MemoryCacheStore(Clock.systemUTC());

  static MemoryAdapter destination() {
    return MemoryAdapter.create()
        .add("Site", "s-oslo", Map.of("name", "oslo", "description", "old"))
        .add("Device", "d-gone", Map.of("name", "gone", "site", "oslo", "serial", "Z"));
  }

  private SyncEngine engine(SyncConfig config, ChangeLogAdapter src, MemoryAdapter dst) {
    return engine(config, src, dst, store);
  }

  static SyncEngine engine(SyncConfig config, ChangeLogAdapter src, MemoryAdapter dst, CacheStore store) {
    return SyncEngine.builder().config(config).source(src).destination(dst).cacheStore(store)
        .guardrails(io.infrasync.Guardrails.NONE).build();
  }

  private static RunInfo last(CacheStore store) {
    List<RunInfo> runs = store.runs();
    return runs.get(runs.size() - 1);
  }

  private String diff(SyncConfig config, ChangeLogAdapter src, MemoryAdapter dst) {
    try (SyncEngine engine = engine(config, src, dst)) {
      Plan plan = engine.diff();
      assertThat(plan.isEmpty()).isFalse();
    }
    return last(store).runId();
  }

  /** Diffs, then applies the stored plan: the source is not read again and the destination ends in sync. */
  static void replaysStoredPlan(CacheStore store) {
    ChangeLogAdapter src = EngineFixtures.changeLog(false);
    MemoryAdapter dst = destination();
    SyncConfig config = EngineFixtures.sitesAndDevices().build();
    String runId;
    try (SyncEngine engine = engine(config, src, dst, store)) {
      Plan plan = engine.diff();
      assertThat(plan.count(Action.CREATE)).isEqualTo(3);
      assertThat(plan.count(Action.UPDATE)).isEqualTo(1);
      assertThat(plan.count(Action.DELETE)).isEqualTo(1);
      runId = plan.runId().orElseThrow();
      assertThat(runId).isEqualTo(last(store).runId());
      assertThat(plan.filter(c -> true).runId()).isEmpty();
    }
    int reads = src.fullReads.get();

    try (SyncEngine engine = engine(config, src, dst, store)) {
      SyncReport report = engine.apply(runId);
      assertThat(report.success()).isTrue();
      assertThat(report.mode()).isEqualTo("apply");
      assertThat(src.fullReads.get()).isEqualTo(reads);
      assertThat(report.counts("Device").created()).isEqualTo(2);
      assertThat(report.counts("Device").deleted()).isEqualTo(1);
      assertThat(report.counts("Site").updated()).isEqualTo(1);
      RunInfo apply = last(store);
      assertThat(apply.runId()).isNotEqualTo(runId);
      assertThat(apply.mode()).isEqualTo("apply");
      assertThat(apply.status()).isEqualTo(RunStatus.APPLIED);
      assertThat(apply.summary()).containsEntry("replayed_run", runId);
      assertThat(engine.diff().isEmpty()).isTrue();
    }
    assertThat(dst.records("Device")).extracting(r -> r.get("name") + "@" + r.get("site"))
        .containsExactlyInAnyOrder("r1@paris", "r2@oslo");
    assertThat(dst.records("Site")).extracting(r -> r.get("description"))
        .containsExactlyInAnyOrder("Paris DC", "Oslo DC");
  }

  @Test
  void applyReplaysTheStoredPlanWithoutReadingTheSource() {
    replaysStoredPlan(store);
  }

  /** A memory destination that notes the server id the engine gives for each written device's site. */
  static final class SiteIds implements io.infrasync.spi.Adapter {
    final MemoryAdapter memory;
    final Map<String, String> siteIds = new java.util.concurrent.ConcurrentHashMap<>();

    SiteIds(MemoryAdapter memory) {
      this.memory = memory;
    }

    @Override
    public io.infrasync.spi.AdapterCapabilities capabilities() {
      return memory.capabilities();
    }

    @Override
    public Addressing addressing(io.infrasync.Side side) {
      return memory.addressing(side);
    }

    @Override
    public void read(io.infrasync.spi.ReadRequest request, java.util.function.Consumer<io.infrasync.spi.RawRecord> sink) {
      memory.read(request, sink);
    }

    @Override
    public List<io.infrasync.spi.WriteOutcome> write(io.infrasync.spi.WriteBatch batch,
        io.infrasync.spi.WriteContext context) {
      for (io.infrasync.Change c : batch.changes()) {
        if (c.source() != null && c.source().get("site") instanceof io.infrasync.Key site) {
          siteIds.put(c.key().toString(), String.valueOf(context.serverId("Site", site)));
        }
      }
      return memory.write(batch, context);
    }
  }

  /**
   * A plan held in memory creates a device at a site the plan does not touch: the destination still
   * gets the site's server id, as an Infrahub destination needs (found by the sync-examples
   * diff-review-apply example, where every such create failed).
   */
  @Test
  void applyOfAPlanGivesTheServerIdsOfReferencedRecordsThePlanDoesNotTouch() {
    ChangeLogAdapter src = EngineFixtures.changeLog(false);
    SiteIds dst = new SiteIds(MemoryAdapter.create()
        .add("Site", "s-paris", Map.of("name", "paris", "description", "Paris DC"))
        .add("Site", "s-oslo", Map.of("name", "oslo", "description", "Oslo DC"))
        .add("Device", "d-r2", Map.of("name", "r2", "site", "oslo", "serial", "B2")));
    try (SyncEngine engine = SyncEngine.builder().config(EngineFixtures.sitesAndDevices().build()).source(src)
        .destination(dst).cacheStore(store).build()) {
      Plan plan = engine.diff();
      assertThat(plan.changes()).singleElement().satisfies(c -> assertThat(c.action()).isEqualTo(Action.CREATE));

      SyncReport report = engine.apply(plan);

      assertThat(report.success()).isTrue();
    }
    assertThat(dst.siteIds).containsExactly(Map.entry("r1", "s-paris"));
  }

  @Test
  void applyRefusesWhenTheSchemaSubHashChanged() {
    ChangeLogAdapter src = EngineFixtures.changeLog(false);
    MemoryAdapter dst = destination();
    String runId = diff(EngineFixtures.sites(false), src, dst);
    try (SyncEngine engine = engine(EngineFixtures.sites(true), src, dst)) {
      assertThatThrownBy(() -> engine.apply(runId))
          .isInstanceOf(SyncException.class)
          .hasMessageContaining("schema sub-hash")
          .extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.STALE_PLAN);
    }
    assertThat(dst.writeCalls()).isZero();
    assertThat(last(store).mode()).isEqualTo("apply");
    assertThat(last(store).status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void applyRefusesWhenARecordToUpdateChangedSinceThePlan() {
    ChangeLogAdapter src = EngineFixtures.changeLog(false);
    MemoryAdapter dst = destination();
    SyncConfig config = EngineFixtures.sitesAndDevices().build();
    String runId = diff(config, src, dst);
    dst.replace("Site", "s-oslo", Map.of("name", "oslo", "description", "edited by hand"));
    try (SyncEngine engine = engine(config, src, dst)) {
      assertThatThrownBy(() -> engine.apply(runId))
          .isInstanceOf(SyncException.class)
          .hasMessageContaining("update Site oslo: description is now edited by hand (the plan expected old)")
          .extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.STALE_PLAN);
    }
    assertThat(dst.writeCalls()).isZero();
  }

  @Test
  void applyRefusesWhenARecordToCreateNowExists() {
    ChangeLogAdapter src = EngineFixtures.changeLog(false);
    MemoryAdapter dst = destination();
    SyncConfig config = EngineFixtures.sitesAndDevices().build();
    String runId = diff(config, src, dst);
    dst.add("Site", Map.of("name", "paris", "description", "Paris DC"));
    try (SyncEngine engine = engine(config, src, dst)) {
      assertThatThrownBy(() -> engine.apply(runId))
          .isInstanceOf(SyncException.class)
          .hasMessageContaining("create Site paris: it exists in the destination now");
    }
  }

  @Test
  void applyRefusesWhenARecordToDeleteIsGone() {
    ChangeLogAdapter src = EngineFixtures.changeLog(false);
    MemoryAdapter dst = destination();
    SyncConfig config = EngineFixtures.sitesAndDevices().build();
    String runId = diff(config, src, dst);
    dst.remove("Device", "d-gone");
    try (SyncEngine engine = engine(config, src, dst)) {
      assertThatThrownBy(() -> engine.apply(runId))
          .isInstanceOf(SyncException.class)
          .hasMessageContaining("delete Device gone: it no longer exists in the destination");
    }
  }

  @Test
  void applyingAPlanTwiceIsRefused() {
    ChangeLogAdapter src = EngineFixtures.changeLog(false);
    MemoryAdapter dst = destination();
    SyncConfig config = EngineFixtures.sitesAndDevices().build();
    String runId = diff(config, src, dst);
    try (SyncEngine engine = engine(config, src, dst)) {
      engine.apply(runId);
      assertThatThrownBy(() -> engine.apply(runId))
          .isInstanceOf(SyncException.class).hasMessageContaining("is stale");
    }
  }

  @Test
  void applyOfAnUnknownRunFailsClearly() {
    try (SyncEngine engine = engine(EngineFixtures.sites(false), EngineFixtures.changeLog(false), destination())) {
      assertThatThrownBy(() -> engine.apply("20260101T0000-deadbeef"))
          .isInstanceOf(SyncException.class)
          .hasMessageContaining("no run 20260101T0000-deadbeef in the cache at memory")
          .extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.CACHE);
    }
  }
}
