package io.infrasync.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.ConfigurationException;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.MappingException;
import io.infrasync.Side;
import io.infrasync.SyncError;
import io.infrasync.SyncRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RecordAssemblerTest {
  private static final FieldLayout.Reference LOCATION = new FieldLayout.Reference("LocationGeneric", false);
  private static final FieldLayout.Reference TAG = new FieldLayout.Reference("BuiltinTag", false);
  private static final FieldLayout.Reference DEVICE = new FieldLayout.Reference("InfraDevice", false);

  static final FieldLayout TAGS = FieldLayout.of("BuiltinTag", List.of("name"), List.of("name"), Map.of());
  static final FieldLayout LOCATIONS = FieldLayout.of("LocationGeneric", List.of("name", "type", "parent"), List.of("name"),
      Map.of("parent", LOCATION));
  static final FieldLayout DEVICES = FieldLayout.of("InfraDevice", List.of("name", "location", "tags", "primary_ip"),
      List.of("name", "location"), Map.of("location", LOCATION, "tags", TAG));
  static final FieldLayout INTERFACES = FieldLayout.of("InfraInterface", List.of("device", "name", "mtu"),
      List.of("device", "name"), Map.of("device", DEVICE));

  static final Map<String, FieldLayout> LAYOUTS = Map.of("BuiltinTag", TAGS, "LocationGeneric", LOCATIONS,
      "InfraDevice", DEVICES, "InfraInterface", INTERFACES);
  static final List<String> ORDER = List.of("BuiltinTag", "LocationGeneric", "InfraDevice", "InfraInterface");

  private static PendingRecord pending(FieldLayout layout, @Nullable String id, @Nullable String resource, @Nullable Object... kv) {
    Map<String, @Nullable Object> data = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      data.put((String) kv[i], kv[i + 1]);
    }
    return RecordReader.ofNames(layout, resource).read(data, id);
  }

  private static Map<String, List<PendingRecord>> byKind(PendingRecord... records) {
    Map<String, List<PendingRecord>> out = new LinkedHashMap<>();
    for (PendingRecord p : records) {
      out.computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p);
    }
    return out;
  }

  private static RecordAssembler.Assembly assemble(boolean continueOnError, PendingRecord... records) {
    return RecordAssembler.assemble(Side.SOURCE, byKind(records), LAYOUTS, ORDER, continueOnError);
  }

  private static SyncRecord only(RecordAssembler.Assembly a, String kind, Key key) {
    return Objects.requireNonNull(a.recordsByKind().get(kind)).stream().filter(r -> r.key().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + key + " in " + a.recordsByKind()));
  }

  private static List<SyncRecord> records(RecordAssembler.Assembly a, String kind) {
    return Objects.requireNonNull(a.recordsByKind().get(kind));
  }

  @Test
  void objectReferencesResolveByServerIdAndNestIntoKeys() {
    RecordAssembler.Assembly a = assemble(false,
        pending(LOCATIONS, "3", "dcim.sites", "name", "paris", "type", "Site"),
        pending(DEVICES, "10", "dcim.devices", "name", "leaf1", "location", Map.of("id", 3, "url", "http://nb/api/dcim/sites/3/")),
        pending(INTERFACES, "100", "dcim.interfaces", "name", "eth0", "device", Map.of("id", 10L), "mtu", 9000));
    Key paris = Key.of("paris");
    Key leaf1 = Key.of("leaf1", paris);
    assertThat(only(a, "InfraDevice", leaf1).get("location")).isEqualTo(paris);
    SyncRecord eth0 = only(a, "InfraInterface", Key.of(leaf1, "eth0"));
    assertThat(eth0.key().toString()).isEqualTo("leaf1__paris__eth0");
    assertThat(eth0.serverId()).isEqualTo("100");
    assertThat(a.errors()).isEmpty();
    assertThat(a.skippedKeys()).isEmpty();
    assertThat(a.recordsByKind().keySet()).containsExactlyElementsOf(ORDER);
  }

  @Test
  void sameIdsFromDifferentResourcesAreToldApartByUrl() {
    RecordAssembler.Assembly a = assemble(false,
        pending(LOCATIONS, "1", "dcim.regions", "name", "europe", "type", "Region"),
        pending(LOCATIONS, "1", "dcim.sites", "name", "paris", "type", "Site"),
        pending(DEVICES, "10", "dcim.devices", "name", "leaf1", "location", Map.of("id", 1, "url", "https://nb/api/dcim/sites/1/")));
    assertThat(records(a, "InfraDevice").get(0).get("location")).isEqualTo(Key.of("paris"));

    // pynetbox endpoint names use underscores where the URL has dashes
    RecordAssembler.Assembly roles = assemble(false,
        pending(LOCATIONS, "4", "dcim.site_groups", "name", "emea"),
        pending(LOCATIONS, "4", "dcim.device_roles", "name", "leaf"),
        pending(DEVICES, "10", "dcim.devices", "name", "leaf1", "location", Map.of("id", 4, "url", "https://nb/api/dcim/device-roles/4/")));
    assertThat(records(roles, "InfraDevice").get(0).get("location")).isEqualTo(Key.of("leaf"));

    assertThatThrownBy(() -> assemble(false,
        pending(LOCATIONS, "1", "dcim.regions", "name", "europe"),
        pending(LOCATIONS, "1", "dcim.sites", "name", "paris"),
        pending(DEVICES, "10", "dcim.devices", "name", "leaf1", "location", Map.of("id", 1))))
        .isInstanceOf(MappingException.class).hasMessageContaining("id 1 matches 2 `LocationGeneric` records")
        .hasMessageContaining("dcim.regions: `europe`").hasMessageContaining("dcim.sites: `paris`");
  }

  @Test
  void scalarReferencesResolveByDisplayForm() {
    RecordAssembler.Assembly a = assemble(false,
        pending(LOCATIONS, null, null, "name", "MUC-1"),
        pending(DEVICES, null, null, "name", "spine1", "location", "MUC-1"));
    assertThat(records(a, "InfraDevice").get(0).key()).isEqualTo(Key.of("spine1", Key.of("MUC-1")));
  }

  @Test
  void listReferencesAreSortedWithoutDuplicates() {
    RecordAssembler.Assembly a = assemble(false,
        pending(TAGS, "1", null, "name", "zeta"),
        pending(TAGS, "2", null, "name", "alpha"),
        pending(TAGS, "3", null, "name", "mid"),
        pending(LOCATIONS, "5", null, "name", "paris"),
        pending(DEVICES, "10", null, "name", "leaf1", "location", Map.of("id", 5),
            "tags", List.of(Map.of("id", 1), "mid", Map.of("id", 2), Map.of("id", 1))),
        pending(DEVICES, "11", null, "name", "leaf2", "location", Map.of("id", 5), "tags", List.of()));
    assertThat(only(a, "InfraDevice", Key.of("leaf1", Key.of("paris"))).get("tags"))
        .isEqualTo(List.of(Key.of("alpha"), Key.of("mid"), Key.of("zeta")));
    assertThat(only(a, "InfraDevice", Key.of("leaf2", Key.of("paris"))).get("tags")).isEqualTo(List.of());
  }

  @Test
  void aMissingReferenceFailsNamingSideKindRecordFieldAndValue() {
    assertThatThrownBy(() -> assemble(false,
        pending(LOCATIONS, "5", null, "name", "paris"),
        pending(TAGS, "1", null, "name", "core"),
        pending(DEVICES, "10", null, "name", "leaf1", "location", Map.of("id", 5), "tags", List.of(Map.of("id", 99)))))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("source `InfraDevice` record `leaf1__paris` (id 10)")
        .hasMessageContaining("field `tags`")
        .hasMessageContaining("no `BuiltinTag` record with id 99");
  }

  @Test
  void withContinueOnErrorABadRecordIsSkippedAndItsKeyListed() {
    RecordAssembler.Assembly a = assemble(true,
        pending(LOCATIONS, "5", null, "name", "paris"),
        pending(DEVICES, "10", null, "name", "leaf1", "location", Map.of("id", 5), "tags", List.of("nope")),
        pending(DEVICES, "11", null, "name", "leaf2", "location", Map.of("id", 5)),
        pending(INTERFACES, "100", null, "name", "eth0", "device", Map.of("id", 10)),
        pending(INTERFACES, "101", null, "name", "eth0", "device", Map.of("id", 11)));
    Key leaf1 = Key.of("leaf1", Key.of("paris"));
    assertThat(records(a, "InfraDevice")).extracting(SyncRecord::key).containsExactly(Key.of("leaf2", Key.of("paris")));
    // the interface of the skipped device is skipped too, and listed
    assertThat(records(a, "InfraInterface")).hasSize(1);
    assertThat(a.skippedKeys()).containsOnlyKeys("InfraDevice", "InfraInterface");
    assertThat(a.skippedKeys().get("InfraDevice")).containsExactly(leaf1);
    assertThat(a.skippedKeys().get("InfraInterface")).containsExactly(Key.of(leaf1, "eth0"));
    assertThat(a.errors()).extracting(SyncError::errorClass).containsExactly("reference", "reference");
    SyncError first = a.errors().get(0);
    assertThat(first.kind()).isEqualTo("InfraDevice");
    assertThat(first.sourceId()).isEqualTo("leaf1__paris");
    assertThat(first.attribute()).isEqualTo("tags");
    assertThat(first.message()).contains("no `BuiltinTag` record with key `nope`");
  }

  @Test
  void anUnresolvableIdentifierReferenceSkipsARecordWhoseKeyIsUnknown() {
    RecordAssembler.Assembly a = assemble(true,
        pending(LOCATIONS, "5", null, "name", "paris"),
        pending(DEVICES, "10", null, "name", "leaf1", "location", Map.of("id", 6)));
    assertThat(records(a, "InfraDevice")).isEmpty();
    assertThat(a.skippedKeys()).isEmpty();
    assertThat(a.errors()).singleElement().satisfies(e -> {
      assertThat(e.errorClass()).isEqualTo("reference");
      assertThat(e.sourceId()).isNull();
      assertThat(e.message()).contains("(id 10)", "field `location`", "no `LocationGeneric` record with id 6");
    });
  }

  @Test
  void selfReferencesResolveWhateverTheRecordOrder() {
    RecordAssembler.Assembly a = assemble(false,
        pending(LOCATIONS, "3", null, "name", "paris", "parent", Map.of("id", 2)),
        pending(LOCATIONS, "2", null, "name", "france", "parent", Map.of("id", 1)),
        pending(LOCATIONS, "1", null, "name", "europe"));
    assertThat(only(a, "LocationGeneric", Key.of("paris")).get("parent")).isEqualTo(Key.of("france"));
    assertThat(only(a, "LocationGeneric", Key.of("france")).get("parent")).isEqualTo(Key.of("europe"));
    assertThat(only(a, "LocationGeneric", Key.of("europe")).get("parent")).isNull();
  }

  @Test
  void referencesToKindsLaterInTheOrderResolveWhenTheyAreNoIdentifiers() {
    FieldLayout tagged = FieldLayout.of("BuiltinTag", List.of("name", "owner"), List.of("name"), Map.of("owner", DEVICE));
    Map<String, FieldLayout> layouts = new HashMap<>(LAYOUTS);
    layouts.put("BuiltinTag", tagged);
    RecordAssembler.Assembly a = RecordAssembler.assemble(Side.DESTINATION, byKind(
        pending(tagged, "t1", null, "name", "core", "owner", "leaf1__paris"),
        pending(LOCATIONS, "l1", null, "name", "paris"),
        pending(DEVICES, "d1", null, "name", "leaf1", "location", "paris", "tags", List.of(Map.of("id", "t1")))), layouts, ORDER, false);
    assertThat(records(a, "BuiltinTag").get(0).get("owner")).isEqualTo(Key.of("leaf1", Key.of("paris")));
    assertThat(records(a, "InfraDevice").get(0).get("tags")).isEqualTo(List.of(Key.of("core")));
  }

  @Test
  void aSelfReferencingIdentifierIsAConfigurationError() {
    FieldLayout bad = FieldLayout.of("LocationGeneric", List.of("name", "parent"), List.of("name", "parent"), Map.of("parent", LOCATION));
    assertThatThrownBy(() -> RecordAssembler.assemble(Side.SOURCE, Map.of(), Map.of("LocationGeneric", bad),
        List.of("LocationGeneric"), false))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("identifier `parent` of `LocationGeneric` references `LocationGeneric` itself");
  }

  @Test
  void anIdentifierReferencingALaterKindIsAConfigurationError() {
    assertThatThrownBy(() -> RecordAssembler.assemble(Side.SOURCE, Map.of(), LAYOUTS,
        List.of("BuiltinTag", "InfraInterface", "LocationGeneric", "InfraDevice"), false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("identifier `device` of `InfraInterface` references `InfraDevice`, which comes after");
  }

  @Test
  void anAmbiguousDisplayFormIsAnErrorNamingBothKeys() {
    FieldLayout pairs = FieldLayout.of("Pair", List.of("a", "b"), List.of("a", "b"), Map.of());
    FieldLayout users = FieldLayout.of("User", List.of("name", "pair"), List.of("name"), Map.of("pair", new FieldLayout.Reference("Pair", false)));
    Map<String, FieldLayout> layouts = Map.of("Pair", pairs, "User", users);
    Map<String, List<PendingRecord>> records = byKind(
        pending(pairs, "1", null, "a", "x__y", "b", "z"),
        pending(pairs, "2", null, "a", "x", "b", "y__z"),
        pending(users, "u", null, "name", "u1", "pair", "x__y__z"));
    assertThatThrownBy(() -> RecordAssembler.assemble(Side.SOURCE, records, layouts, List.of("Pair", "User"), false))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("key `x__y__z` is ambiguous")
        .hasMessageContaining("[x__y, z]").hasMessageContaining("[x, y__z]");
  }

  @Test
  void keysThatLookAlikeJoinedAreDistinct() {
    FieldLayout pairs = FieldLayout.of("Pair", List.of("a", "b"), List.of("a", "b"), Map.of());
    RecordAssembler.Assembly a = RecordAssembler.assemble(Side.SOURCE, byKind(
        pending(pairs, "1", null, "a", "a__b", "b", "c"),
        pending(pairs, "2", null, "a", "a", "b", "b__c")), Map.of("Pair", pairs), List.of("Pair"), false);
    List<SyncRecord> out = records(a, "Pair");
    assertThat(out).hasSize(2);
    assertThat(out.get(0).key()).isNotEqualTo(out.get(1).key());
    assertThat(out.get(0).key().toString()).isEqualTo(out.get(1).key().toString()).isEqualTo("a__b__c");
  }

  @Test
  void duplicateKeysFailNamingBothRecords() {
    assertThatThrownBy(() -> assemble(false,
        pending(TAGS, "1", null, "name", "core"),
        pending(TAGS, "7", null, "name", "core")))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("two records have the key `core`")
        .hasMessageContaining("(id 1)").hasMessageContaining("(id 7)").hasMessageContaining("name='core'");
  }

  @Test
  void withContinueOnErrorTheFirstDuplicateIsKept() {
    RecordAssembler.Assembly a = RecordAssembler.assemble(Side.DESTINATION, byKind(
        pending(LOCATIONS, "1", null, "name", "paris", "type", "Site"),
        pending(LOCATIONS, "2", null, "name", "paris", "type", "Region")), LAYOUTS, ORDER, true);
    assertThat(records(a, "LocationGeneric")).singleElement().satisfies(r -> {
      assertThat(r.get("type")).isEqualTo("Site");
      assertThat(r.serverId()).isEqualTo("1");
    });
    assertThat(a.errors()).singleElement().satisfies(e -> {
      assertThat(e.errorClass()).isEqualTo("duplicate-key");
      assertThat(e.sourceId()).isEqualTo("paris");
      assertThat(e.destId()).isEqualTo("2");
    });
    assertThat(a.skippedKeys()).isEmpty();
  }

  @Test
  void aRecordWithoutIdentifierValuesIsAnError() {
    assertThatThrownBy(() -> assemble(false, pending(TAGS, "1", null, "name", null)))
        .isInstanceOf(MappingException.class).hasMessageContaining("every identifier [name] is empty");
    RecordAssembler.Assembly a = assemble(true, pending(TAGS, "1", null, "name", null), pending(TAGS, "2", null, "name", "ok"));
    assertThat(records(a, "BuiltinTag")).hasSize(1);
    assertThat(a.errors()).extracting(SyncError::errorClass).containsExactly("mapping");
  }

  @Test
  void oneEmptyIdentifierKeysAsNone() {
    RecordAssembler.Assembly a = assemble(false, pending(DEVICES, "10", null, "name", "leaf1"));
    assertThat(records(a, "InfraDevice").get(0).key().toString()).isEqualTo("leaf1__None");
  }

  @Test
  void referencesToKindsNotInThisRunUseTheDisplayFormOnly() {
    FieldLayout racks = FieldLayout.of("InfraRack", List.of("name", "site"), List.of("name"),
        Map.of("site", new FieldLayout.Reference("LocationSite", false)));
    Map<String, FieldLayout> layouts = Map.of("InfraRack", racks);
    RecordAssembler.Assembly a = RecordAssembler.assemble(Side.SOURCE, byKind(pending(racks, "1", null, "name", "r1", "site", "paris")),
        layouts, List.of("InfraRack"), false);
    assertThat(records(a, "InfraRack").get(0).get("site")).isEqualTo(Key.of("paris"));
    assertThatThrownBy(() -> RecordAssembler.assemble(Side.SOURCE, byKind(pending(racks, "1", null, "name", "r1", "site", Map.of("id", 4))),
        layouts, List.of("InfraRack"), false))
        .isInstanceOf(MappingException.class).hasMessageContaining("`LocationSite` is not synced in this run");
  }

  @Test
  void pendingRecordsOfAKindOutsideTheOrderAreRefused() {
    assertThatThrownBy(() -> RecordAssembler.assemble(Side.SOURCE, byKind(pending(TAGS, "1", null, "name", "x")), LAYOUTS,
        List.of("InfraDevice"), false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyRecordsAssembleThroughIndexes() {
    List<PendingRecord> locations = new ArrayList<>();
    List<PendingRecord> devices = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      locations.add(pending(LOCATIONS, "l" + i, null, "name", "site" + i));
    }
    for (int i = 0; i < 50_000; i++) {
      devices.add(pending(DEVICES, "d" + i, null, "name", "dev" + i, "location", Map.of("id", "l" + (i % 2_000))));
    }
    Map<String, List<PendingRecord>> in = new LinkedHashMap<>();
    in.put("LocationGeneric", locations);
    in.put("InfraDevice", devices);
    long t0 = System.nanoTime();
    RecordAssembler.Assembly a = RecordAssembler.assemble(Side.SOURCE, in, LAYOUTS, ORDER, false);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(records(a, "InfraDevice")).hasSize(50_000);
    assertThat(records(a, "InfraDevice").get(49_999).get("location")).isEqualTo(Key.of("site1999"));
    assertThat(ms).as("a linear scan per reference would take far longer").isLessThan(5_000);
  }
}
