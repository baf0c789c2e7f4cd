package io.infrasync.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.SyncException;
import io.infrasync.config.AdapterConfig;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.IncrementalConfig;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SourceLocation;
import io.infrasync.config.SyncConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

  static SchemaMapping kind(String name, List<String> ids, FieldMapping... fields) {
    return new SchemaMapping(name, name.toLowerCase(), ids, List.of(fields), List.of(), List.of(),
        SourceLocation.UNKNOWN);
  }

  static FieldMapping f(String name) {
    return FieldMapping.of(name, name);
  }

  static FieldMapping ref(String name, String kind) {
    return FieldMapping.reference(name, name, kind);
  }

  static SyncConfig config(List<String> order, SchemaMapping... mappings) {
    return new SyncConfig("test", null, null, new AdapterConfig("memory", Map.of()),
        new AdapterConfig("memory", Map.of()), List.of(), order, List.of(mappings), Set.of(),
        IncrementalConfig.DEFAULT, null, null);
  }

  @Test
  void simpleChainGivesOneKindPerTier() {
    var tiers = DependencyGraph.compute(config(List.of(),
        kind("Interface", List.of("device", "name"), f("name"), ref("device", "Device")),
        kind("Device", List.of("name"), f("name"), ref("tags", "Tag")),
        kind("Tag", List.of("name"), f("name"))));
    assertThat(tiers.tiers()).containsExactly(List.of("Tag"), List.of("Device"), List.of("Interface"));
    assertThat(tiers.serial()).isFalse();
  }

  @Test
  void repeatedKindNamesUnionTheirReferences() {
    var tiers = DependencyGraph.compute(config(List.of(),
        kind("Location", List.of("name"), f("name")),
        kind("Location", List.of("name"), f("name"), ref("org", "Org")),
        kind("Org", List.of("name"), f("name"))));
    assertThat(tiers.tiers()).containsExactly(List.of("Org"), List.of("Location"));
  }

  @Test
  void kindsOfOneTierAreSortedByName() {
    var tiers = DependencyGraph.compute(config(List.of(),
        kind("Zeta", List.of("name"), f("name")), kind("Alpha", List.of("name"), f("name"))));
    assertThat(tiers.tiers()).containsExactly(List.of("Alpha", "Zeta"));
  }

  @Test
  void selfReferencesDoNotFormACycle() {
    var tiers = DependencyGraph.compute(config(List.of(),
        kind("Location", List.of("name"), f("name"), ref("parent", "Location"))));
    assertThat(tiers.tiers()).containsExactly(List.of("Location"));
    assertThat(tiers.droppedEdges()).isEmpty();
  }

  @Test
  void optionalEdgeIsDroppedToBreakACycleWithAWarningNamingIt() {
    var tiers = DependencyGraph.compute(config(List.of(),
        kind("Device", List.of("name"), f("name"), ref("asn", "RoutingAS")),
        kind("RoutingAS", List.of("asn", "device"), f("asn"), ref("device", "Device"))));
    assertThat(tiers.tiers()).containsExactly(List.of("Device"), List.of("RoutingAS"));
    assertThat(tiers.droppedEdges()).singleElement()
        .satisfies(e -> assertThat(e.toString()).isEqualTo("Device.asn -> RoutingAS"));
    assertThat(tiers.warnings()).anySatisfy(w -> assertThat(w).contains("Device.asn -> RoutingAS"));
  }

  @Test
  void identityCycleIsAnErrorThatPrintsTheCycle() {
    assertThatThrownBy(() -> DependencyGraph.compute(config(List.of(),
        kind("A", List.of("b"), ref("b", "B")),
        kind("B", List.of("a"), ref("a", "A")))))
        .isInstanceOf(SyncException.class)
        .hasMessageContaining("A.b -> B")
        .hasMessageContaining("B.a -> A")
        .satisfies(e -> assertThat(((SyncException) e).code()).isEqualTo(SyncException.Code.DEPENDENCY_CYCLE));
  }

  @Test
  void nonEmptyOrderWinsAndIsSerial() {
    var tiers = DependencyGraph.compute(config(List.of("Tag", "Device"),
        kind("Device", List.of("name"), f("name"), ref("tags", "Tag")),
        kind("Tag", List.of("name"), f("name")),
        kind("Extra", List.of("name"), f("name"))));
    assertThat(tiers.tiers()).containsExactly(List.of("Tag"), List.of("Device"));
    assertThat(tiers.serial()).isTrue();
    assertThat(tiers.warnings()).anySatisfy(w -> assertThat(w).contains("Extra is mapped but not listed"));
  }

  @Test
  void orderListingAReferenceAfterItsUserIsWarned() {
    var tiers = DependencyGraph.compute(config(List.of("Device", "Tag"),
        kind("Device", List.of("name"), f("name"), ref("tags", "Tag")),
        kind("Tag", List.of("name"), f("name"))));
    assertThat(tiers.warnings()).anySatisfy(w -> assertThat(w).contains("lists Device before Tag"));
  }

  @Test
  void referencesToUnmappedKindsAreNotNodes() {
    var tiers = DependencyGraph.compute(config(List.of(),
        kind("Device", List.of("name"), f("name"), ref("platform", "InfraPlatform"))));
    assertThat(tiers.tiers()).containsExactly(List.of("Device"));
    assertThat(tiers.warnings()).anySatisfy(w -> assertThat(w).contains("InfraPlatform, which is not mapped"));
  }

  @Test
  void longerCyclesKeepDroppingOptionalEdgesUntilSortable() {
    List<SchemaMapping> ms = new ArrayList<>();
    ms.add(kind("A", List.of("name"), f("name"), ref("b", "B")));
    ms.add(kind("B", List.of("name"), f("name"), ref("c", "C")));
    ms.add(kind("C", List.of("name"), f("name"), ref("a", "A")));
    var tiers = DependencyGraph.compute(config(List.of(), ms.toArray(SchemaMapping[]::new)));
    assertThat(tiers.flatten()).containsExactlyInAnyOrder("A", "B", "C");
    assertThat(tiers.droppedEdges()).hasSize(1);
  }
}
