package io.infrasync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.config.DiffFlag;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterCapabilities;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.SyncListener;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SyncEngineTest {

  static SyncConfig.Builder base(DiffFlag... flags) {
    return SyncConfig.builder("test")
        .source("memory", Map.of())
        .destination("memory", Map.of())
        .mapping(SchemaMapping.builder("Site").mapping("dcim.sites").identifiers("name")
            .field("name", "name").field("description", "description").build())
        .mapping(SchemaMapping.builder("Device").mapping("dcim.devices").identifiers("name")
            .field("name", "name").reference("site", "site", "Site").field("serial", "serial").build())
        .flags(flags);
  }

  static MemoryAdapter source() {
    return MemoryAdapter.create()
        .add("dcim.sites", "1", Map.of("name", "paris", "description", "Paris DC"))
        .add("dcim.sites", "2", Map.of("name", "oslo", "description", "Oslo DC"))
        .add("dcim.devices", "10", Map.of("name", "r1", "site", Map.of("id", 1, "name", "paris"), "serial", "A1"))
        .add("dcim.devices", "11", Map.of("name", "r2", "site", Map.of("id", 2, "name", "oslo"), "serial", "B2"));
  }

  /** Records the order of every write batch. */
  static final class Recording implements SyncListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void writeProgress(String kind, Action action, long done, long total) {
      events.add(action.wireName() + " " + kind);
    }

    @Override
    public void phaseFinished(String phase, java.time.Duration took) {
      events.add("phase " + phase);
    }
  }

  @Test
  void syncCreatesEverythingThenASecondRunFindsNothingToDo() {
    MemoryAdapter dst = MemoryAdapter.create();
    try (SyncEngine engine = SyncEngine.builder().config(base().build()).source(source()).destination(dst)
        .inMemoryCache().build()) {
      SyncReport report = engine.sync();
      assertThat(report.success()).isTrue();
      assertThat(report.counts("Site").created()).isEqualTo(2);
      assertThat(report.counts("Device").created()).isEqualTo(2);
      assertThat(dst.records("Device")).extracting(r -> r.get("site")).containsExactlyInAnyOrder("paris", "oslo");
      assertThat(engine.diff().isEmpty()).isTrue();
    }
  }

  @Test
  void parentsAreWrittenBeforeChildrenAndDeletedAfterThem() {
    MemoryAdapter dst = MemoryAdapter.create()
        .add("Site", Map.of("name", "old", "description", "gone"))
        .add("Device", Map.of("name", "old-r", "site", "old", "serial", "Z"));
    Recording rec = new Recording();
    try (SyncEngine engine = SyncEngine.builder().config(base(DiffFlag.CONTINUE_ON_FAILURE).build())
        .source(source()).destination(dst).inMemoryCache().listener(rec).build()) {
      SyncReport report = engine.sync();
      assertThat(report.counts("Site").deleted()).isEqualTo(1);
      assertThat(report.counts("Device").deleted()).isEqualTo(1);
    }
    List<String> writes = rec.events.stream().filter(e -> !e.startsWith("phase")).toList();
    assertThat(writes).containsExactly("create Site", "create Device", "delete Device", "delete Site");
    assertThat(dst.records("Site")).extracting(r -> r.get("name")).containsExactlyInAnyOrder("paris", "oslo");
  }

  @Test
  void updatesCarryOnlyTheChangedAttributes() {
    MemoryAdapter dst = MemoryAdapter.create()
        .add("Site", Map.of("name", "paris", "description", "old text"))
        .add("Site", Map.of("name", "oslo", "description", "Oslo DC"))
        .add("Device", Map.of("name", "r1", "site", "oslo", "serial", "A1"))
        .add("Device", Map.of("name", "r2", "site", "oslo", "serial", "B2"));
    try (SyncEngine engine = SyncEngine.builder().config(base().build()).source(source()).destination(dst)
        .inMemoryCache().build()) {
      Plan plan = engine.diff();
      assertThat(plan.changes()).extracting(Change::toString).containsExactly(
          "update Site paris [AttributeChange[name=description, oldValue=old text, newValue=Paris DC]]",
          "update Device r1 [AttributeChange[name=site, oldValue=oslo, newValue=paris]]");
      SyncReport report = engine.apply(plan);
      assertThat(report.total(Action.UPDATE)).isEqualTo(2);
    }
  }

  @Test
  void unknownAdapterNameListsTheAvailableOnes() {
    SyncConfig cfg = SyncConfig.builder("x").source("netbx", Map.of()).destination("memory", Map.of())
        .mapping(SchemaMapping.builder("Site").mapping("s").identifiers("name").field("name", "name").build()).build();
    assertThatThrownBy(() -> SyncEngine.builder().config(cfg).inMemoryCache().build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no adapter named 'netbx'")
        .hasMessageContaining("file")
        .hasMessageContaining("memory");
  }

  @Test
  void unknownAndMissingSettingsAreReportedTogether() {
    SyncConfig cfg = SyncConfig.builder("x").source("file", Map.of("directry", "d")).destination("memory", Map.of())
        .mapping(SchemaMapping.builder("Site").mapping("s").identifiers("name").field("name", "name").build()).build();
    assertThatThrownBy(() -> SyncEngine.builder().config(cfg).inMemoryCache().build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(2))
        .hasMessageContaining("Did you mean 'directory'?")
        .hasMessageContaining("required setting is missing");
  }

  @Test
  void writeFailuresStopTheRunWithAReportNamingTheRecords() {
    Adapter failing = new FailingAdapter("paris");
    try (SyncEngine engine = SyncEngine.builder().config(base().build()).source(source()).destination(failing)
        .inMemoryCache().build()) {
      assertThatThrownBy(engine::sync)
          .isInstanceOfSatisfying(WriteFailedException.class, e -> {
            assertThat(e.report().success()).isFalse();
            assertThat(e.report().errors()).singleElement()
                .satisfies(err -> assertThat(err.sourceId()).isEqualTo("paris"));
            assertThat(e.report().counts("Device").created()).isZero();
          })
          .hasMessageContaining("paris");
    }
  }

  @Test
  void continueOnErrorWritesEverythingElseAndReportsTheFailure() {
    Adapter failing = new FailingAdapter("oslo");
    try (SyncEngine engine = SyncEngine.builder().config(base().build()).source(source()).destination(failing)
        .inMemoryCache().continueOnError(true).build()) {
      SyncReport report = engine.sync();
      assertThat(report.success()).isFalse();
      assertThat(report.counts("Site").created()).isEqualTo(1);
      assertThat(report.counts("Site").failed()).isEqualTo(1);
      assertThat(report.errors()).extracting(SyncError::sourceId).contains("oslo");
    }
  }

  @Test
  void orderMakesWritesSerial() {
    SyncConfig cfg = base().order("Site", "Device").build();
    try (SyncEngine engine = SyncEngine.builder().config(cfg).source(source()).destination(MemoryAdapter.create())
        .inMemoryCache().build()) {
      assertThat(engine.tiers()).containsExactly(List.of("Site"), List.of("Device"));
      assertThat(engine.sync().success()).isTrue();
    }
  }

  @Test
  void theEngineReportsLoadDiffAndWritePhases() {
    Recording rec = new Recording();
    try (SyncEngine engine = SyncEngine.builder().config(base().build()).source(source())
        .destination(MemoryAdapter.create()).inMemoryCache().listener(rec).concurrentLoad(false).build()) {
      engine.sync();
    }
    assertThat(rec.events).contains("phase load:source", "phase load:destination", "phase diff", "phase write");
  }

  @Test
  void aCycleBrokenOnAnOptionalReferenceIsCompletedByAFollowUpUpdate() {
    SyncConfig cfg = SyncConfig.builder("cycle").source("memory", Map.of()).destination("memory", Map.of())
        .mapping(SchemaMapping.builder("Device").mapping("devices").identifiers("name")
            .field("name", "name").reference("primary_ip", "primary_ip", "Address").build())
        .mapping(SchemaMapping.builder("Address").mapping("ips").identifiers("address")
            .field("address", "address").reference("device", "device", "Device").build())
        .build();
    MemoryAdapter src = MemoryAdapter.create()
        .add("devices", "1", Map.of("name", "r1", "primary_ip", Map.of("id", 5)))
        .add("ips", "5", Map.of("address", "10.0.0.1/32", "device", Map.of("id", 1)));
    MemoryAdapter dst = MemoryAdapter.create();
    try (SyncEngine engine = SyncEngine.builder().config(cfg).source(src).destination(dst).inMemoryCache().build()) {
      SyncReport report = engine.sync();
      assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("Address.device -> Device"));
      assertThat(dst.records("Device")).singleElement()
          .satisfies(r -> assertThat(r.get("primary_ip")).isEqualTo("10.0.0.1/32"));
      assertThat(dst.records("Address")).singleElement()
          .satisfies(r -> assertThat(r.get("device")).isEqualTo("r1"));
      assertThat(engine.diff().isEmpty()).isTrue();
    }
  }

  /** A destination that refuses to create one record. */
  static final class FailingAdapter implements Adapter {
    private final MemoryAdapter inner = MemoryAdapter.create();
    private final String refuse;

    FailingAdapter(String refuse) {
      this.refuse = refuse;
    }

    @Override
    public AdapterCapabilities capabilities() {
      return inner.capabilities();
    }

    @Override
    public Addressing addressing(Side side) {
      return inner.addressing(side);
    }

    @Override
    public void read(ReadRequest request, Consumer<RawRecord> sink) {
      inner.read(request, sink);
    }

    @Override
    public List<WriteOutcome> write(WriteBatch batch, WriteContext context) {
      List<WriteOutcome> out = new ArrayList<>();
      for (Change c : batch.changes()) {
        out.add(c.key().toString().equals(refuse)
            ? WriteOutcome.failed(c.key(), "name", "refused by test")
            : inner.write(new WriteBatch(batch.kind(), batch.action(), batch.layout(), List.of(c)), context).get(0));
      }
      return out;
    }
  }
}
