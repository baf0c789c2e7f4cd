package io.infrasync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Action;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Plan;
import io.infrasync.SyncRecord;
import io.infrasync.config.DiffFlag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DifferTest {
  static final FieldLayout SITE = FieldLayout.of("Site", List.of("name", "description"), List.of("name"), Map.of());
  static final FieldLayout DEVICE = FieldLayout.of("Device", List.of("name", "site", "mtu"), List.of("name"),
      Map.of("site", new FieldLayout.Reference("Site", false)));
  static final FieldLayout LOCATION = FieldLayout.of("Location", List.of("name", "parent"), List.of("name"),
      Map.of("parent", new FieldLayout.Reference("Location", false)));
  static final List<List<String>> TIERS = List.of(List.of("Site"), List.of("Device"));
  static final Map<String, FieldLayout> LAYOUTS = Map.of("Site", SITE, "Device", DEVICE, "Location", LOCATION);

  static SyncRecord site(String name, String description) {
    return SyncRecord.of(SITE, new Object[] {name, description}, null);
  }

  static SyncRecord device(String name, String site, Object mtu) {
    return SyncRecord.of(DEVICE, new Object[] {name, Key.of(site), mtu}, "id-" + name);
  }

  static Plan diff(Map<String, List<SyncRecord>> src, Map<String, List<SyncRecord>> dst, Set<DiffFlag> flags) {
    return Differ.diff(TIERS, LAYOUTS, src, dst, Differ.Flags.of(flags), Map.of());
  }

  @Test
  void createsUpdatesAndUnchangedRecordsAreFoundByKey() {
    Plan plan = diff(
        Map.of("Site", List.of(site("a", "A"), site("b", "B2"), site("c", "C"))),
        Map.of("Site", List.of(site("b", "B"), site("c", "C"))),
        Set.of());
    assertThat(plan.changes()).extracting(Change::toString)
        .containsExactly("create Site a [AttributeChange[name=description, oldValue=null, newValue=A]]",
            "update Site b [AttributeChange[name=description, oldValue=B, newValue=B2]]");
  }

  @Test
  void noFlagMeansSkipUnmatchedDestination() {
    Plan plan = diff(Map.of("Site", List.of()), Map.of("Site", List.of(site("x", "X"))), Set.of());
    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void anyOtherFlagSwitchesTheDefaultOffSoDeletesAreComputed() {
    Plan plan = diff(Map.of("Site", List.of()), Map.of("Site", List.of(site("x", "X"))),
        Set.of(DiffFlag.CONTINUE_ON_FAILURE));
    assertThat(plan.count(Action.DELETE)).isEqualTo(1);
  }

  @Test
  void skipUnmatchedSrcMakesTheSyncUpdateOnly() {
    Plan plan = diff(Map.of("Site", List.of(site("a", "A"), site("b", "new"))),
        Map.of("Site", List.of(site("b", "old"))), Set.of(DiffFlag.SKIP_UNMATCHED_SRC));
    assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.UPDATE);
  }

  @Test
  void skipUnmatchedBothSkipsCreatesAndDeletes() {
    Plan plan = diff(Map.of("Site", List.of(site("a", "A"))), Map.of("Site", List.of(site("z", "Z"))),
        Set.of(DiffFlag.SKIP_UNMATCHED_BOTH));
    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void deletesRunInReverseTierOrderAfterEveryCreate() {
    Plan plan = diff(
        Map.of("Site", List.of(site("new", "N")), "Device", List.of(device("d2", "new", 1500))),
        Map.of("Site", List.of(site("old", "O")), "Device", List.of(device("d1", "old", 1500))),
        Set.of(DiffFlag.LOG_UNCHANGED_RECORDS));
    assertThat(plan.changes()).extracting(c -> c.action().wireName() + " " + c.kind() + " " + c.key())
        .containsExactly("create Site new", "create Device d2", "delete Device d1", "delete Site old");
  }

  @Test
  void numbersCompareLikePythonSoOneEqualsOnePointZero() {
    Plan plan = diff(Map.of("Device", List.of(device("d", "s", 1500L))),
        Map.of("Device", List.of(device("d", "s", 1500.0))), Set.of());
    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void changedReferenceIsAnUpdateWithOldAndNewKeys() {
    Plan plan = diff(Map.of("Device", List.of(device("d", "s2", 1))),
        Map.of("Device", List.of(device("d", "s1", 1))), Set.of());
    Change c = plan.changes().get(0);
    assertThat(c.attributes()).singleElement().satisfies(a -> {
      assertThat(a.oldValue()).isEqualTo(Key.of("s1"));
      assertThat(a.newValue()).isEqualTo(Key.of("s2"));
    });
    assertThat(c.destinationId()).isEqualTo("id-d");
  }

  @Test
  void listAttributesAreComparedElementWise() {
    FieldLayout tagged = FieldLayout.of("Site", List.of("name", "description"), List.of("name"), Map.of());
    SyncRecord a = SyncRecord.of(tagged, new Object[] {"a", List.of(Key.of("t1"), Key.of("t2"))}, null);
    SyncRecord b = SyncRecord.of(tagged, new Object[] {"a", List.of(Key.of("t1"))}, null);
    Plan plan = diff(Map.of("Site", List.of(a)), Map.of("Site", List.of(b)), Set.of());
    assertThat(plan.count(Action.UPDATE)).isEqualTo(1);
  }

  @Test
  void skippedSourceKeysAreNeitherUpdatedNorDeleted() {
    Plan plan = Differ.diff(TIERS, LAYOUTS, Map.of("Site", List.of()), Map.of("Site", List.of(site("x", "X"))),
        Differ.Flags.of(Set.of(DiffFlag.CONTINUE_ON_FAILURE)), Map.of("Site", Set.of(Key.of("x"))));
    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void selfReferencingCreatesArePlannedParentsFirstAndDeletesChildrenFirst() {
    SyncRecord root = SyncRecord.of(LOCATION, new Object[] {"z-root", null}, null);
    SyncRecord mid = SyncRecord.of(LOCATION, new Object[] {"m-mid", Key.of("z-root")}, null);
    SyncRecord leaf = SyncRecord.of(LOCATION, new Object[] {"a-leaf", Key.of("m-mid")}, null);
    List<List<String>> tiers = List.of(List.of("Location"));
    Plan creates = Differ.diff(tiers, LAYOUTS, Map.of("Location", List.of(leaf, mid, root)),
        Map.of("Location", List.of()), Differ.Flags.of(Set.of()), Map.of());
    assertThat(creates.changes()).extracting(c -> c.key().toString()).containsExactly("z-root", "m-mid", "a-leaf");
    Plan deletes = Differ.diff(tiers, LAYOUTS, Map.of("Location", List.of()),
        Map.of("Location", List.of(root, leaf, mid)), Differ.Flags.of(Set.of(DiffFlag.LOG_UNCHANGED_RECORDS)), Map.of());
    assertThat(deletes.changes()).extracting(c -> c.key().toString()).containsExactly("a-leaf", "m-mid", "z-root");
    assertThat(SelfReferences.levels(LOCATION, creates.changes())).hasSize(3);
  }

  @Test
  void keysThatJoinToTheSameStringDoNotCollide() {
    FieldLayout two = FieldLayout.of("Site", List.of("a", "b"), List.of("a", "b"), Map.of());
    SyncRecord x = SyncRecord.of(two, new Object[] {"a__b", "c"}, null);
    SyncRecord y = SyncRecord.of(two, new Object[] {"a", "b__c"}, null);
    assertThat(x.key().toString()).isEqualTo(y.key().toString());
    assertThat(x.key()).isNotEqualTo(y.key());
    Plan plan = Differ.diff(List.of(List.of("Site")), Map.of("Site", two), Map.of("Site", List.of(x)),
        Map.of("Site", List.of(y)), Differ.Flags.of(Set.of(DiffFlag.LOG_UNCHANGED_RECORDS)), Map.of());
    assertThat(plan.changes()).extracting(Change::action).containsExactlyInAnyOrder(Action.CREATE, Action.DELETE);
  }
}
