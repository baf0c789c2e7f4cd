package io.infrasync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.MemoryAdapter;
import io.infrasync.Side;
import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.cache.MemoryCacheStore;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunReader;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncrementalSyncTest {
  private final MemoryCacheStore store = new MemoryCacheStore(Clock.systemUTC());
  private final MemoryAdapter dst = MemoryAdapter.create();

  private SyncReport sync(SyncConfig config, ChangeLogAdapter src, EngineFixtures.Events events) {
    try (SyncEngine engine = SyncEngine.builder().config(config).source(src).destination(dst).cacheStore(store)
        .incremental(true).listener(events).build()) {
      return engine.sync();
    }
  }

  private static List<String> names(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> String.valueOf(r.get("name"))).sorted().toList();
  }

  private RunReader lastRun() {
    List<RunInfo> runs = store.runs();
    return store.openRun(runs.get(runs.size() - 1).runId()).orElseThrow();
  }

  @Test
  void firstRunIsAFullExtractWithTheReasonReported() {
    EngineFixtures.Events events = new EngineFixtures.Events();
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    sync(EngineFixtures.sitesAndDevices().build(), src, events);
    assertThat(events.warnings).anyMatch(w -> w.contains("full extract of A") && w.contains("Site")
        && w.contains("no previous successful sync"));
    assertThat(src.fullReads.get()).isEqualTo(2);
    assertThat(src.changedReads.get()).isZero();
    assertThat(lastRun().cursors(Side.SOURCE)).containsKeys("Site", "Device");
    assertThat(lastRun().info().fullExtract()).isTrue();
    assertThat(store.runsSinceFullExtract()).isZero();
  }

  @Test
  void warmRunUpsertsChangedRecordsAddsNewOnesAndDropsDeletedOnes() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    SyncConfig config = EngineFixtures.sitesAndDevices().build();
    sync(config, src, new EngineFixtures.Events());
    src.put("dcim.devices", "10", Map.of("name", "r1", "site", Map.of("id", 2, "name", "oslo"), "serial", "A1-new"));
    src.put("dcim.devices", "12", Map.of("name", "r3", "site", Map.of("id", 1, "name", "paris"), "serial", "C3"));
    src.remove("dcim.devices", "11");
    EngineFixtures.Events events = new EngineFixtures.Events();

    SyncReport report = sync(config, src, events);

    assertThat(report.success()).as(report.plan().render() + report.errors()).isTrue();
    assertThat(src.idListings.get()).isEqualTo(2);
    assertThat(src.fullReads.get()).isEqualTo(2);
    assertThat(src.changedReads.get()).isEqualTo(2);
    assertThat(events.incrementalReads).containsExactlyInAnyOrder("A/Site", "A/Device");
    assertThat(report.counts("Device").created()).isEqualTo(1);
    assertThat(report.counts("Device").updated()).isEqualTo(1);
    assertThat(report.counts("Device").deleted()).isEqualTo(1);
    assertThat(report.counts("Site").source()).isEqualTo(2);
    assertThat(names(dst.records("Device"))).containsExactly("r1", "r3");
    assertThat(dst.records("Device")).filteredOn(r -> r.get("name").equals("r1"))
        .singleElement().satisfies(r -> {
          assertThat(r.get("serial")).isEqualTo("A1-new");
          assertThat(r.get("site")).isEqualTo("oslo");
        });
    assertThat(lastRun().info().fullExtract()).isFalse();
    assertThat(store.runsSinceFullExtract()).isEqualTo(1);
    List<RawRecord> devices = lastRun().snapshot(Side.SOURCE, "Device").orElseThrow();
    assertThat(devices).extracting(RawRecord::id).containsExactlyInAnyOrder("10", "12");
  }

  @Test
  void renamingAReferencedRecordKeepsItsUnchangedReferrersPointingAtIt() {
    // Device r1 is unchanged: it is hydrated from the snapshot, which names its site by the old key.
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    SyncConfig config = EngineFixtures.sitesAndDevices().build();
    sync(config, src, new EngineFixtures.Events());
    src.put("dcim.sites", "1", Map.of("name", "paris-2", "description", "Paris DC"));

    SyncReport report = sync(config, src, new EngineFixtures.Events());

    assertThat(report.errors()).isEmpty();
    assertThat(report.success()).as(report.plan().render()).isTrue();
    assertThat(src.changedReads.get()).isEqualTo(2);
    assertThat(names(dst.records("Site"))).containsExactly("oslo", "paris-2");
    assertThat(dst.records("Device")).filteredOn(r -> r.get("name").equals("r1"))
        .singleElement().satisfies(r -> assertThat(r.get("site")).isEqualTo("paris-2"));
  }

  @Test
  void aChangeMadeDuringTheReadIsPickedUpByTheNextWarmRun() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    SyncConfig config = EngineFixtures.sites(false);
    src.duringNextRead(() -> src.put("dcim.sites", "1", Map.of("name", "paris", "description", "moved")));
    sync(config, src, new EngineFixtures.Events());
    assertThat(dst.records("Site")).extracting(r -> r.get("description")).contains("Paris DC");

    SyncReport warm = sync(config, src, new EngineFixtures.Events());

    assertThat(src.changedReads.get()).isEqualTo(1);
    assertThat(warm.counts("Site").updated()).isEqualTo(1);
    assertThat(dst.records("Site")).extracting(r -> r.get("description")).containsExactlyInAnyOrder("moved", "Oslo DC");
  }

  @Test
  void changedSubHashForcesAFullExtract() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    sync(EngineFixtures.sites(false), src, new EngineFixtures.Events());
    EngineFixtures.Events events = new EngineFixtures.Events();
    sync(EngineFixtures.sites(true), src, events);
    assertThat(src.changedReads.get()).isZero();
    assertThat(events.warnings).anyMatch(w -> w.contains("Site") && w.contains("schema sub-hash changed"));
    assertThat(store.runsSinceFullExtract()).isZero();
  }

  @Test
  void adapterWithoutCursorIsFullyExtracted() {
    ChangeLogAdapter src = EngineFixtures.changeLog(false);
    SyncConfig config = EngineFixtures.sites(false);
    sync(config, src, new EngineFixtures.Events());
    EngineFixtures.Events events = new EngineFixtures.Events();
    sync(config, src, events);
    assertThat(src.fullReads.get()).isEqualTo(2);
    assertThat(src.watermarks.get()).isZero();
    assertThat(events.warnings).anyMatch(w -> w.contains("full extract of A Site")
        && w.contains("has no change cursor for dcim.sites"));
    assertThat(events.warnings).anyMatch(w -> w.contains("full extract of B Site"));
  }

  @Test
  void resyncCadenceForcesAFullExtractAfterEnoughWarmRuns() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    SyncConfig config = SyncConfig.builder("engine").source("memory", Map.of()).destination("memory", Map.of())
        .mapping(EngineFixtures.sites(false).schemaMapping().get(0)).incremental(2)
        .flags(io.infrasync.config.DiffFlag.CONTINUE_ON_FAILURE).build();
    sync(config, src, new EngineFixtures.Events());
    sync(config, src, new EngineFixtures.Events());
    sync(config, src, new EngineFixtures.Events());
    assertThat(src.changedReads.get()).isEqualTo(2);
    assertThat(store.runsSinceFullExtract()).isEqualTo(2);
    EngineFixtures.Events events = new EngineFixtures.Events();

    sync(config, src, events);

    assertThat(src.changedReads.get()).isEqualTo(2);
    assertThat(src.fullReads.get()).isEqualTo(2);
    assertThat(events.warnings).anyMatch(w -> w.contains("full resync cadence reached (2 runs"));
    assertThat(store.runsSinceFullExtract()).isZero();
  }

  @Test
  void fallbackReasonsAreReportedPerRunNotAccumulated() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    SyncConfig config = EngineFixtures.sites(false);
    try (SyncEngine engine = SyncEngine.builder().config(config).source(src).destination(dst).cacheStore(store)
        .incremental(true).build()) {
      SyncReport cold = engine.sync();
      assertThat(cold.warnings()).anyMatch(w -> w.contains("full extract of A Site: no previous successful sync"));
      SyncReport warm = engine.sync();
      assertThat(warm.warnings()).noneMatch(w -> w.contains("no previous successful sync"))
          .anyMatch(w -> w.contains("full extract of B Site") && w.contains("no change cursor"));
    }
  }

  @Test
  void incrementalIsOffByDefault() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    SyncConfig config = EngineFixtures.sites(false);
    for (int i = 0; i < 2; i++) {
      try (SyncEngine engine = SyncEngine.builder().config(config).source(src).destination(dst).cacheStore(store)
          .build()) {
        engine.sync();
      }
    }
    assertThat(src.fullReads.get()).isEqualTo(2);
    assertThat(src.changedReads.get()).isZero();
    assertThat(src.watermarks.get()).isZero();
  }

  @Test
  void destinationSnapshotAfterWritesHoldsTheCreatedRecordsWithTheirServerIds() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    sync(EngineFixtures.sitesAndDevices().build(), src, new EngineFixtures.Events());
    List<RawRecord> devices = lastRun().snapshot(Side.DESTINATION, "Device").orElseThrow();
    assertThat(devices).hasSize(2);
    assertThat(devices).allSatisfy(r -> assertThat(r.id()).startsWith("mem-"));
    assertThat(devices).extracting(r -> r.data().get("site")).containsExactlyInAnyOrder("paris", "oslo");
  }

  @Test
  void failedSyncPersistsNoCursors() {
    ChangeLogAdapter src = EngineFixtures.changeLog(true);
    MemoryAdapter readOnly = MemoryAdapter.create();
    SyncConfig config = EngineFixtures.sites(false);
    try (SyncEngine engine = SyncEngine.builder().config(config).source(src)
        .destination(new ReadOnly(readOnly)).cacheStore(store).incremental(true).continueOnError(true).build()) {
      assertThat(engine.sync().success()).isFalse();
    }
    assertThat(lastRun().cursors(Side.SOURCE)).isEmpty();
    assertThat(store.baselineRowCounts()).isEmpty();
  }

  /** A destination that reads like a memory adapter but refuses every write. */
  static final class ReadOnly implements io.infrasync.spi.Adapter {
    private final MemoryAdapter inner;

    ReadOnly(MemoryAdapter inner) {
      this.inner = inner;
    }

    @Override
    public io.infrasync.spi.AdapterCapabilities capabilities() {
      return inner.capabilities();
    }

    @Override
    public Addressing addressing(Side side) {
      return inner.addressing(side);
    }

    @Override
    public void read(io.infrasync.spi.ReadRequest request, java.util.function.Consumer<RawRecord> sink) {
      inner.read(request, sink);
    }

    @Override
    public List<io.infrasync.spi.WriteOutcome> write(io.infrasync.spi.WriteBatch batch,
        io.infrasync.spi.WriteContext context) {
      return batch.changes().stream().map(c -> io.infrasync.spi.WriteOutcome.failed(c.key(), null, "read-only")).toList();
    }
  }
}
