package io.infrasync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.GuardrailException;
import io.infrasync.Guardrails;
import io.infrasync.MemoryAdapter;
import io.infrasync.SyncEngine;
import io.infrasync.SyncError;
import io.infrasync.SyncException;
import io.infrasync.SyncReport;
import io.infrasync.config.DiffFlag;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.internal.cache.MemoryCacheStore;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunReader;
import io.infrasync.spi.RunStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardrailsTest {
  private final MemoryCacheStore store = new MemoryCacheStore(Clock.systemUTC());

  private static SyncConfig sitesAndTags() {
    return SyncConfig.builder("guards").source("memory", Map.of()).destination("memory", Map.of())
        .mapping(SchemaMapping.builder("Site").mapping("dcim.sites").identifiers("name").field("name", "name").build())
        .mapping(SchemaMapping.builder("Tag").mapping("extras.tags").identifiers("name").field("name", "name").build())
        .flags(DiffFlag.CONTINUE_ON_FAILURE)
        .build();
  }

  private static MemoryAdapter source(int sites, int tags) {
    MemoryAdapter a = MemoryAdapter.create();
    for (int i = 0; i < sites; i++) {
      a.add("dcim.sites", Map.of("name", "site-" + i));
    }
    for (int i = 0; i < tags; i++) {
      a.add("extras.tags", Map.of("name", "tag-" + i));
    }
    return a;
  }

  private static MemoryAdapter destination(int sites) {
    MemoryAdapter a = MemoryAdapter.create();
    for (int i = 0; i < sites; i++) {
      a.add("Site", Map.of("name", "site-" + i));
    }
    return a;
  }

  private SyncReport sync(MemoryAdapter src, MemoryAdapter dst, Guardrails guardrails) {
    try (SyncEngine engine = SyncEngine.builder().config(sitesAndTags()).source(src).destination(dst)
        .cacheStore(store).guardrails(guardrails).build()) {
      return engine.sync();
    }
  }

  private SyncReport syncWithBaseline(long baseline, int sites, Guardrails guardrails) {
    store.saveBaselineRowCounts(Map.of("Site", baseline));
    return sync(source(sites, 1), MemoryAdapter.create(), guardrails);
  }

  private RunReader lastRun() {
    List<RunInfo> runs = store.runs();
    return store.openRun(runs.get(runs.size() - 1).runId()).orElseThrow();
  }

  @Test
  void rowcountAboveHalfOfTheBaselinePasses() {
    assertThat(syncWithBaseline(100, 51, Guardrails.DEFAULT).success()).isTrue();
    assertThat(store.baselineRowCounts()).containsEntry("Site", 51L);
  }

  @Test
  void rowcountOfExactlyHalfTheBaselinePasses() {
    assertThat(syncWithBaseline(100, 50, Guardrails.DEFAULT).success()).isTrue();
  }

  @Test
  void rowcountBelowHalfStopsBeforeAnyWriteAndKeepsTheBaseline() {
    MemoryAdapter dst = MemoryAdapter.create();
    store.saveBaselineRowCounts(Map.of("Site", 100L));
    assertThatThrownBy(() -> sync(source(49, 1), dst, Guardrails.DEFAULT))
        .isInstanceOf(GuardrailException.class)
        .hasMessageContaining("Site dropped from 100 to 49 (49 %, threshold 50 %); pass allowRowcountDrop to accept")
        .extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.GUARDRAIL);
    assertThat(dst.writeCalls()).isZero();
    assertThat(store.baselineRowCounts()).containsEntry("Site", 100L);
    assertThat(lastRun().info().status()).isEqualTo(RunStatus.FAILED);
    assertThat(lastRun().errors()).extracting(SyncError::errorClass).containsExactly("guardrail");
  }

  @Test
  void noBaselinePasses() {
    assertThat(sync(source(3, 1), MemoryAdapter.create(), Guardrails.DEFAULT).success()).isTrue();
    assertThat(syncWithBaseline(0, 1, Guardrails.DEFAULT).success()).isTrue();
  }

  @Test
  void allowSwitchAcceptsTheDropAndTheLowerCountBecomesTheBaseline() {
    SyncReport report = syncWithBaseline(100, 10, Guardrails.builder().allowRowcountDrop(true).build());
    assertThat(report.success()).isTrue();
    assertThat(store.baselineRowCounts()).containsEntry("Site", 10L);
  }

  @Test
  void perKindThresholdOverridesTheDefault() {
    Guardrails strict = Guardrails.builder().rowcountThreshold("Site", 0.6).build();
    assertThatThrownBy(() -> syncWithBaseline(100, 59, strict))
        .isInstanceOf(GuardrailException.class).hasMessageContaining("threshold 60 %");
    assertThat(syncWithBaseline(100, 60, strict).success()).isTrue();
  }

  @Test
  void baselineMovesOnlyAfterASuccessfulSync() {
    MemoryAdapter src = source(20, 1);
    sync(src, MemoryAdapter.create(), Guardrails.DEFAULT);
    assertThat(store.baselineRowCounts()).containsEntry("Site", 20L);
    try (SyncEngine engine = SyncEngine.builder().config(sitesAndTags()).source(source(5, 1))
        .destination(MemoryAdapter.create()).cacheStore(store).build()) {
      engine.diff();
    }
    assertThat(store.baselineRowCounts()).containsEntry("Site", 20L);
    assertThatThrownBy(() -> sync(source(5, 1), MemoryAdapter.create(), Guardrails.DEFAULT))
        .isInstanceOf(GuardrailException.class);
    assertThat(store.baselineRowCounts()).containsEntry("Site", 20L);
  }

  @Test
  void rowcountDropCanSkipJustTheKind() {
    MemoryAdapter dst = MemoryAdapter.create();
    store.saveBaselineRowCounts(Map.of("Site", 100L, "Tag", 1L));
    SyncReport report = sync(source(10, 2), dst,
        Guardrails.builder().onRowcountDrop(Guardrails.OnTrip.SKIP_KIND).build());
    assertThat(report.success()).isTrue();
    assertThat(dst.records("Site")).isEmpty();
    assertThat(dst.records("Tag")).hasSize(2);
    assertThat(report.errors()).singleElement().satisfies(e -> {
      assertThat(e.errorClass()).isEqualTo("guardrail");
      assertThat(e.kind()).isEqualTo("Site");
    });
    assertThat(lastRun().errors()).extracting(SyncError::kind).containsExactly("Site");
    assertThat(store.baselineRowCounts()).containsEntry("Site", 100L).containsEntry("Tag", 2L);
  }

  @Test
  void deletingMoreThanHalfOfAKindStops() {
    MemoryAdapter dst = destination(30);
    assertThatThrownBy(() -> sync(source(10, 0), dst, Guardrails.DEFAULT))
        .isInstanceOf(GuardrailException.class)
        .hasMessageContaining("Site: the plan deletes 20 of 30 destination records (66.7 %");
    assertThat(dst.records("Site")).hasSize(30);
    assertThat(dst.writeCalls()).isZero();
  }

  @Test
  void deletingHalfOfAKindPasses() {
    MemoryAdapter dst = destination(30);
    assertThat(sync(source(15, 0), dst, Guardrails.DEFAULT).success()).isTrue();
    assertThat(dst.records("Site")).hasSize(15);
  }

  @Test
  void smallKindsCanBeEmptied() {
    MemoryAdapter dst = destination(10);
    assertThat(sync(source(0, 1), dst, Guardrails.DEFAULT).success()).isTrue();
    assertThat(dst.records("Site")).isEmpty();
  }

  @Test
  void absoluteDeleteLimitTripsWhateverTheShare() {
    MemoryAdapter dst = destination(100);
    assertThatThrownBy(() -> sync(source(94, 0), dst, Guardrails.builder().maxDeletes(5).build()))
        .isInstanceOf(GuardrailException.class).hasMessageContaining("deletes 6 of 100")
        .hasMessageContaining("at most 5 allowed");
  }

  @Test
  void deleteGuardCanSkipJustTheKind() {
    MemoryAdapter dst = destination(30);
    SyncReport report = sync(source(10, 3), dst, Guardrails.builder().onDeleteGuard(Guardrails.OnTrip.SKIP_KIND).build());
    assertThat(dst.records("Site")).hasSize(30);
    assertThat(dst.records("Tag")).hasSize(3);
    assertThat(report.errors()).extracting(SyncError::errorClass, SyncError::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("guardrail", "Site"));
    assertThat(report.plan().count("Site", io.infrasync.Action.DELETE)).isZero();
  }

  @Test
  void deleteGuardCanBeTurnedOff() {
    MemoryAdapter dst = destination(30);
    assertThat(sync(source(0, 0), dst, Guardrails.NONE).success()).isTrue();
    assertThat(dst.records("Site")).isEmpty();
  }
}
