package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.Plan;
import io.infrasync.SyncRecord;
import io.infrasync.cache.parquet.internal.ColumnType;
import io.infrasync.cache.parquet.internal.ParquetTable;
import io.infrasync.spi.PlanRow;
import io.infrasync.spi.RunWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFileTest {
  @TempDir Path dir;

  private ParquetRunReader writePlan(Plan plan) {
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    RunWriter w = store.startRun("diff");
    w.writePlan(plan);
    return store.openParquetRun(w.runId()).orElseThrow();
  }

  @Test
  void hasUpstreamsTenColumnsThenIdentifiersTierAndBatch() {
    ParquetRunReader run = writePlan(TestData.smallPlan());
    ParquetTable.Contents t = Objects.requireNonNull(ParquetTable.read(run.directory().resolve("plan.parquet")));
    assertThat(t.names())
        .containsExactly(
            "action", "resource", "source_id", "dest_id", "attribute", "old_value", "new_value", "owner",
            "skip_reason", "conflict_class", "identifiers", "tier", "batch");
    assertThat(t.columns()).extracting(ParquetTable.Column::type)
        .containsExactly(
            ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.STRING,
            ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.STRING,
            ColumnType.STRING, ColumnType.INT32, ColumnType.INT32);
    assertThat(t.columns()).filteredOn(ParquetTable.Column::required).extracting(ParquetTable.Column::name)
        .containsExactly("action", "resource", "source_id", "identifiers", "tier", "batch");
  }

  @Test
  void writesOneRowPerChangeWithUpstreamJsonAndRealDestinationIds() {
    ParquetRunReader run = writePlan(TestData.smallPlan());
    ParquetTable.Contents t = Objects.requireNonNull(ParquetTable.read(run.directory().resolve("plan.parquet")));
    assertThat(t.rows()).hasSize(3);
    assertThat(t.rows().get(0))
        .containsExactly(
            "create", "LocationSite", "site-9", null, "", "", "{\"description\": \"new \\u00e9 site\"}", "", "", "",
            "{\"name\": \"site-9\"}", 0L, 0L);
    assertThat(t.rows().get(1))
        .containsExactly(
            "update", "InfraDevice", "dev-1", "uuid-dev-1", "",
            "{\"site\": \"site-2\", \"status\": \"planned\"}", "{\"site\": \"site-1\", \"status\": \"active\"}",
            "", "", "", "{\"name\": \"dev-1\"}", 1L, 1L);
    assertThat(t.rows().get(2))
        .containsExactly(
            "delete", "InfraInterface", "dev-1__eth0", "uuid-if-1", "",
            "{\"description\": \"uplink\", \"enabled\": true, \"mtu\": 1500, \"speed\": 10000}", "", "", "", "",
            "{\"device\": \"dev-1\", \"name\": \"eth0\"}", 2L, 2L);
  }

  @Test
  void readsThePlanBackAsTheRowsThatWereWritten() {
    Plan plan = TestData.smallPlan();
    ParquetRunReader run = writePlan(plan);
    List<PlanRow> rows = run.plan().orElseThrow();
    assertThat(rows).isEqualTo(PlanRow.of(plan));
    PlanRow update = rows.get(1);
    assertThat(update.action()).isEqualTo(Action.UPDATE);
    assertThat(update.destId()).isEqualTo("uuid-dev-1");
    assertThat(update.identifiers()).isEqualTo(Map.of("name", "dev-1"));
    assertThat(update.oldValues()).isEqualTo(Map.of("site", "site-2", "status", "planned"));
    assertThat(update.newValues()).isEqualTo(Map.of("site", "site-1", "status", "active"));
    PlanRow delete = rows.get(2);
    assertThat(delete.identifiers()).isEqualTo(Map.of("device", "dev-1", "name", "eth0"));
    assertThat(delete.oldValues()).containsEntry("mtu", 1500L).containsEntry("enabled", true);
    assertThat(delete.newValues()).isEmpty();
  }

  @Test
  void numbersBatchesByActionKindAndTierInPlanOrder() {
    List<Change> changes = new ArrayList<>();
    changes.add(create("s1", 0));
    changes.add(create("s2", 0));
    changes.add(update("s3", 0));
    changes.add(createDevice("d1", 1));
    changes.add(createDevice("d2", 1));
    changes.add(delete("s4", 0));
    changes.add(create("s5", 0));
    Plan plan = new Plan(changes, List.of(List.of("LocationSite"), List.of("InfraDevice")));
    List<PlanRow> rows = writePlan(plan).plan().orElseThrow();
    assertThat(rows).extracting(PlanRow::batch).containsExactly(0, 0, 1, 2, 2, 3, 4);
    assertThat(rows).extracting(PlanRow::tier).containsExactly(0, 0, 0, 1, 1, 0, 0);
  }

  @Test
  void emptyPlanIsAnEmptyFileNotAMissingOne() {
    ParquetRunReader run = writePlan(Plan.empty());
    assertThat(run.plan()).contains(List.of());
  }

  @Test
  void runWithoutPlanHasNone() {
    ParquetCacheStore store = ParquetCacheStore.open(dir.resolve("sync"));
    RunWriter w = store.startRun("diff");
    assertThat(store.openRun(w.runId()).orElseThrow().plan()).isEmpty();
  }

  private static Change create(String site, int tier) {
    SyncRecord r = TestData.site(site, "d", null);
    return new Change(Action.CREATE, "LocationSite", r.key(), r, null, List.of(new AttributeChange("description", null, "d")), tier);
  }

  private static Change createDevice(String name, int tier) {
    SyncRecord r = TestData.device(name, "s1", List.of(), null);
    return new Change(Action.CREATE, "InfraDevice", r.key(), r, null, List.of(), tier);
  }

  private static Change update(String site, int tier) {
    SyncRecord src = TestData.site(site, "new", null);
    SyncRecord dst = TestData.site(site, "old", "id-" + site);
    return new Change(Action.UPDATE, "LocationSite", src.key(), src, dst, List.of(new AttributeChange("description", "old", "new")), tier);
  }

  private static Change delete(String site, int tier) {
    SyncRecord dst = TestData.site(site, (@Nullable String) null, "id-" + site);
    return new Change(Action.DELETE, "LocationSite", dst.key(), null, dst, List.of(), tier);
  }
}
