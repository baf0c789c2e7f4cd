package io.infrasync.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.ConfigurationException;
import io.infrasync.FieldLayout;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class LayoutsTest {
  private static List<String> noUnique(String kind) {
    return List.of();
  }

  private static SyncConfig config(SchemaMapping... mappings) {
    SyncConfig.Builder b = SyncConfig.builder("layouts-test").source("memory", Map.of()).destination("memory", Map.of());
    for (SchemaMapping m : mappings) {
      b.mapping(m);
    }
    return b.build();
  }

  @Test
  void aKindWithSeveralEntriesGetsTheUnionOfTheirFields() {
    SyncConfig c = config(
        SchemaMapping.builder("BuiltinTag").mapping("extras.tags").identifiers("name").field("name", "name").build(),
        SchemaMapping.builder("LocationGeneric").mapping("dcim.regions").identifiers("name")
            .field("name", "slug").field("description", "name").staticField("type", "Region").build(),
        SchemaMapping.builder("LocationGeneric").mapping("dcim.sites")
            .field("name", "slug").staticField("type", "Site").reference("tags", "tags", "BuiltinTag")
            .reference("parent", "region", "LocationGeneric").build());
    Map<String, FieldLayout> layouts = Layouts.of(c, LayoutsTest::noUnique);
    assertThat(layouts.keySet()).containsExactly("BuiltinTag", "LocationGeneric");
    FieldLayout loc = Objects.requireNonNull(layouts.get("LocationGeneric"));
    assertThat(loc.names()).containsExactly("name", "description", "type", "tags", "parent");
    assertThat(loc.identifiers()).containsExactly("name");
    assertThat(loc.reference("tags")).isEqualTo(new FieldLayout.Reference("BuiltinTag", false));
    assertThat(loc.reference("parent")).isEqualTo(new FieldLayout.Reference("LocationGeneric", false));
    assertThat(loc.reference("type")).isNull();
  }

  @Test
  void withoutIdentifiersTheDestinationsMappedUniqueFieldsAreUsed() {
    SyncConfig c = config(SchemaMapping.builder("InfraDevice").mapping("dcim.devices")
        .field("name", "name").field("serial", "serial").build());
    Map<String, FieldLayout> layouts = Layouts.of(c, kind -> List.of("asset_tag", "serial"));
    assertThat(Objects.requireNonNull(layouts.get("InfraDevice")).identifiers()).containsExactly("serial");
  }

  @Test
  void withoutIdentifiersOrUniqueFieldsANameFieldIsTheKey() {
    SyncConfig c = config(SchemaMapping.builder("InfraDevice").mapping("dcim.devices")
        .field("name", "name").field("serial", "serial").build());
    assertThat(Objects.requireNonNull(Layouts.of(c, kind -> List.of("asset_tag")).get("InfraDevice")).identifiers()).containsExactly("name");
  }

  @Test
  void aKindThatCannotBeKeyedIsAConfigurationError() {
    SyncConfig c = config(SchemaMapping.builder("IpamPrefix").mapping("ipam.prefixes").field("prefix", "prefix").build());
    assertThatThrownBy(() -> Layouts.of(c, LayoutsTest::noUnique)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("kind `IpamPrefix` has no `identifiers`");
  }

  @Test
  void aFieldReferencingTwoKindsIsAConfigurationError() {
    SyncConfig c = config(
        SchemaMapping.builder("A").mapping("a").identifiers("name").field("name", "name").build(),
        SchemaMapping.builder("B").mapping("b").identifiers("name").field("name", "name").build(),
        SchemaMapping.builder("X").mapping("x1").identifiers("name").field("name", "name").reference("peer", "p", "A").build(),
        SchemaMapping.builder("X").mapping("x2").identifiers("name").field("name", "name").reference("peer", "p", "B").build());
    assertThatThrownBy(() -> Layouts.of(c, LayoutsTest::noUnique)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("field `peer` of `X` references `A` in one entry and `B` in another");
  }
}
