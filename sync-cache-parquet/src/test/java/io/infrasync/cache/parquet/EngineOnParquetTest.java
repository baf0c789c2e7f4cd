package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.Guardrails;
import io.infrasync.MemoryAdapter;
import io.infrasync.Side;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.SyncReport;
import io.infrasync.config.DiffFlag;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterCapabilities;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's run artifacts (incremental runs, apply, the pipeline lock) on the Parquet store. */
class EngineOnParquetTest {
  @TempDir Path dir;

  private static SyncConfig config() {
    return SyncConfig.builder("parquet-engine").source("memory", Map.of()).destination("memory", Map.of())
        .mapping(SchemaMapping.builder("Site").mapping("dcim.sites").identifiers("name")
            .field("name", "name").field("description", "description").field("asn", "asn").build())
        .mapping(SchemaMapping.builder("Device").mapping("dcim.devices").identifiers("name")
            .field("name", "name").reference("site", "site", "Site").field("serial", "serial").build())
        .flags(DiffFlag.CONTINUE_ON_FAILURE)
        .build();
  }

  /** A source whose records carry versions from a logical clock, with a change cursor and id listing. */
  static final class VersionedSource implements Adapter {
    private record Entry(Map<String, Object> data, long version) {}

    private final Map<String, Map<String, Entry>> resources = new LinkedHashMap<>();
    private long clock;
    final AtomicInteger fullReads = new AtomicInteger();
    final AtomicInteger changedReads = new AtomicInteger();
    volatile CountDownLatch reading = new CountDownLatch(0);
    volatile CountDownLatch release = new CountDownLatch(0);

    synchronized VersionedSource put(String resource, String id, Map<String, Object> data) {
      resources.computeIfAbsent(resource, r -> new LinkedHashMap<>()).put(id, new Entry(data, ++clock));
      return this;
    }

    synchronized void remove(String resource, String id) {
      resources.getOrDefault(resource, Map.of()).remove(id);
      clock++;
    }

    private synchronized List<RawRecord> rows(String resource, long since) {
      return resources.getOrDefault(resource, Map.of()).entrySet().stream()
          .filter(e -> e.getValue().version() >= since)
          .map(e -> new RawRecord(e.getKey(), new LinkedHashMap<String, Object>(e.getValue().data()))).toList();
    }

    @Override
    public AdapterCapabilities capabilities() {
      return new AdapterCapabilities(false, false, 100, true, true);
    }

    @Override
    public void read(ReadRequest request, Consumer<RawRecord> sink) {
      fullReads.incrementAndGet();
      reading.countDown();
      try {
        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      rows(request.resource(), Long.MIN_VALUE).forEach(sink);
    }

    @Override
    public synchronized Optional<Cursor> watermark(ReadRequest request) {
      return Optional.of(Cursor.timestamp(String.valueOf(clock + 1)));
    }

    @Override
    public boolean supportsCursor(ReadRequest request) {
      return true;
    }

    @Override
    public void readChangedSince(ReadRequest request, Cursor since, Consumer<RawRecord> sink) {
      changedReads.incrementAndGet();
      rows(request.resource(), Long.parseLong(since.value())).forEach(sink);
    }

    @Override
    public synchronized Set<String> listIds(ReadRequest request) {
      return Set.copyOf(resources.getOrDefault(request.resource(), Map.of()).keySet());
    }
  }

  private static VersionedSource source() {
    return new VersionedSource()
        .put("dcim.sites", "1", Map.of("name", "paris", "description", "Paris DC", "asn", 65001))
        .put("dcim.sites", "2", Map.of("name", "oslo", "description", "Oslo DC", "asn", 65002))
        .put("dcim.devices", "10", Map.of("name", "r1", "site", Map.of("id", 1), "serial", "A1"))
        .put("dcim.devices", "11", Map.of("name", "r2", "site", Map.of("id", 2), "serial", "B2"));
  }

  private SyncEngine engine(Adapter src, MemoryAdapter dst, boolean incremental) {
    return SyncEngine.builder().config(config()).source(src).destination(dst)
        .cacheStore(ParquetCacheStore.open(dir.resolve("sync"))).incremental(incremental).build();
  }

  @Test
  void warmIncrementalRunHydratesTheParquetSnapshotAndUpsertsTheChanges() {
    VersionedSource src = source();
    MemoryAdapter dst = MemoryAdapter.create();
    try (SyncEngine engine = engine(src, dst, true)) {
      engine.sync();
    }
    src.put("dcim.devices", "10", Map.of("name", "r1", "site", Map.of("id", 2), "serial", "A1-new"));
    src.remove("dcim.devices", "11");
    src.put("dcim.sites", "3", Map.of("name", "rome", "description", "Rome DC", "asn", 65003));

    SyncReport warm;
    try (SyncEngine engine = engine(src, dst, true)) {
      warm = engine.sync();
    }

    assertThat(warm.success()).isTrue();
    assertThat(src.fullReads.get()).isEqualTo(2);
    assertThat(src.changedReads.get()).isEqualTo(2);
    assertThat(warm.counts("Site").created()).isEqualTo(1);
    assertThat(warm.counts("Site").updated()).isZero();
    assertThat(warm.counts("Device").updated()).isEqualTo(1);
    assertThat(warm.counts("Device").deleted()).isEqualTo(1);
    assertThat(dst.records("Device")).singleElement().satisfies(r -> {
      assertThat(r.get("site")).isEqualTo("oslo");
      assertThat(r.get("serial")).isEqualTo("A1-new");
    });
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    List<RunInfo> runs = store.runs();
    var last = store.openRun(runs.get(runs.size() - 1).runId()).orElseThrow();
    assertThat(last.info().fullExtract()).isFalse();
    assertThat(last.cursors(Side.SOURCE)).containsKeys("Site", "Device");
    assertThat(last.snapshot(Side.DESTINATION, "Site").orElseThrow()).extracting(RawRecord::id)
        .doesNotContainNull().hasSize(3);
    assertThat(store.runsSinceFullExtract()).isEqualTo(1);
  }

  /**
   * A list of references (upstream's {@code tags}) is hydrated as a list. The engine's layouts never
   * mark a reference as many, and the snapshot used to store such lists as their text, {@code "[]"},
   * which the warm run then failed to resolve as a key (found by the sync-examples NetBox demo).
   */
  @Test
  void warmIncrementalRunHydratesListsOfReferences() {
    SyncConfig config = SyncConfig.builder("parquet-tags").source("memory", Map.of()).destination("memory", Map.of())
        .mapping(SchemaMapping.builder("Tag").mapping("extras.tags").identifiers("name").field("name", "name").build())
        .mapping(SchemaMapping.builder("Device").mapping("dcim.devices").identifiers("name")
            .field("name", "name").reference("tags", "tags", "Tag").field("serial", "serial").build())
        .build();
    VersionedSource src = new VersionedSource()
        .put("extras.tags", "1", Map.of("name", "core"))
        .put("extras.tags", "2", Map.of("name", "edge"))
        .put("dcim.devices", "10", Map.of("name", "r1", "tags", List.of(Map.of("id", 1), Map.of("id", 2)), "serial", "A"))
        .put("dcim.devices", "11", Map.of("name", "r2", "tags", List.of(), "serial", "B"));
    MemoryAdapter dst = MemoryAdapter.create();
    java.util.function.Supplier<SyncEngine> engine = () -> SyncEngine.builder().config(config).source(src)
        .destination(dst).cacheStore(ParquetCacheStore.open(dir.resolve("tags"))).incremental(true).build();
    try (SyncEngine e = engine.get()) {
      assertThat(e.sync().success()).isTrue();
    }
    src.put("dcim.devices", "11", Map.of("name", "r2", "tags", List.of(), "serial", "B2"));

    SyncReport warm;
    try (SyncEngine e = engine.get()) {
      warm = e.sync();
    }

    assertThat(src.changedReads.get()).isPositive();
    assertThat(warm.success()).isTrue();
    assertThat(warm.plan().changes()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo("Device");
      assertThat(c.attributes()).extracting(a -> a.name()).containsExactly("serial");
    });
  }

  @Test
  void applyReplaysAPlanReadBackFromPlanParquet() {
    MemoryAdapter src = MemoryAdapter.create()
        .add("dcim.sites", "1", Map.of("name", "paris", "description", "Paris DC", "asn", 65001))
        .add("dcim.sites", "2", Map.of("name", "oslo", "description", "Oslo DC", "asn", 65002))
        .add("dcim.devices", "10", Map.of("name", "r1", "site", Map.of("id", 1), "serial", "A1"));
    MemoryAdapter dst = MemoryAdapter.create()
        .add("Site", "s2", Map.of("name", "oslo", "description", "old", "asn", 65002))
        .add("Device", "d9", Map.of("name", "gone", "site", "oslo", "serial", "Z"));
    String runId;
    try (SyncEngine engine = engine(src, dst, false)) {
      engine.diff();
      List<RunInfo> runs = ParquetCacheStore.open(dir.resolve("sync")).runs();
      runId = runs.get(runs.size() - 1).runId();
    }
    try (SyncEngine engine = engine(src, dst, false)) {
      SyncReport report = engine.apply(runId);
      assertThat(report.success()).isTrue();
      assertThat(engine.diff().isEmpty()).isTrue();
    }
    assertThat(dst.records("Device")).extracting(r -> r.get("name") + "@" + r.get("site")).containsExactly("r1@paris");
    assertThat(dst.records("Site")).extracting(r -> String.valueOf(r.get("asn"))).containsExactlyInAnyOrder("65001", "65002");
  }

  @Test
  void secondEngineOnTheSameStoreWaitsForTheLockThenFailsClearly() throws Exception {
    VersionedSource slow = source();
    slow.reading = new CountDownLatch(1);
    slow.release = new CountDownLatch(1);
    MemoryAdapter dst = MemoryAdapter.create();
    try (SyncEngine first = engine(slow, dst, false);
        SyncEngine second = SyncEngine.builder().config(config()).source(source()).destination(dst)
            .cacheStore(ParquetCacheStore.open(dir.resolve("sync"))).lockTimeout(Duration.ofMillis(200))
            .guardrails(Guardrails.NONE).build()) {
      CompletableFuture<SyncReport> running = CompletableFuture.supplyAsync(first::sync);
      assertThat(slow.reading.await(10, TimeUnit.SECONDS)).isTrue();
      long t0 = System.nanoTime();
      assertThatThrownBy(second::sync)
          .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.LOCK))
          .hasMessageContaining(dir.resolve("sync").resolve(".lock").toString());
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
      slow.release.countDown();
      assertThat(running.get(10, TimeUnit.SECONDS).success()).isTrue();
      assertThat(second.sync().success()).isTrue();
    }
    List<RunInfo> runs = ParquetCacheStore.open(dir.resolve("sync")).runs();
    assertThat(runs).extracting(RunInfo::status).containsExactly(RunStatus.APPLIED, RunStatus.APPLIED);
  }

  @Test
  void engineRetentionPrunesParquetRunDirectoriesButKeepsTheNewestSync() {
    MemoryAdapter src = MemoryAdapter.create()
        .add("dcim.sites", "1", Map.of("name", "paris", "description", "Paris DC", "asn", 65001));
    MemoryAdapter dst = MemoryAdapter.create();
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    try (SyncEngine engine = SyncEngine.builder().config(config()).source(src).destination(dst).cacheStore(store)
        .retain(1, Duration.ZERO).build()) {
      engine.sync();
      String sync = engine.sync().runId();
      engine.diff();
      assertThat(store.runs()).extracting(RunInfo::runId).hasSize(2).first().isEqualTo(sync);
      String last = engine.sync().runId();
      assertThat(store.runs()).extracting(RunInfo::runId).containsExactly(last);
    }
  }
}
