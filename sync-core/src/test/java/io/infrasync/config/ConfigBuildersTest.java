package io.infrasync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.ConfigurationException;
import io.infrasync.ConfigurationException.Problem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SyncConfig#builder} and {@link SchemaMapping#builder}: fail fast, same semantics as YAML. */
class ConfigBuildersTest {
  private static SchemaMapping tags() {
    return SchemaMapping.builder("BuiltinTag").mapping("extras.tags").identifiers("name").field("name", "name").build();
  }

  @Test
  void builtConfigMatchesTheSameYaml() {
    SyncConfig built = SyncConfig.builder("from-netbox")
        .source("netbox", Map.of("url", "https://netbox.example", "page_size", 50))
        .destination("infrahub", Map.of("url", "http://localhost:8000"))
        .mapping(tags())
        .mapping(SchemaMapping.builder("InfraDevice")
            .mapping("dcim.devices")
            .identifiers("name")
            .field("name", "name")
            .reference("tags", "tags", "BuiltinTag")
            .staticField("status", "active")
            .filter("status.value", FilterOp.EQ, "active")
            .transform("name", "{{ name | lower }}")
            .build())
        .order("BuiltinTag", "InfraDevice")
        .flags(DiffFlag.SKIP_UNMATCHED_DST)
        .incremental(5)
        .build();
    SyncConfig loaded = ConfigTesting.load("""
        name: from-netbox
        source: {name: netbox, settings: {url: "https://netbox.example", page_size: 50}}
        destination: {name: infrahub, settings: {url: "http://localhost:8000"}}
        order: [BuiltinTag, InfraDevice]
        diffsync_flags: [SKIP_UNMATCHED_DST]
        incremental: {full_resync_every: 5}
        schema_mapping:
          - name: BuiltinTag
            mapping: extras.tags
            identifiers: [name]
            fields: [{name: name, mapping: name}]
          - name: InfraDevice
            mapping: dcim.devices
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: tags, mapping: tags, reference: BuiltinTag}
              - {name: status, static: active}
            filters: [{field: status.value, operation: "==", value: active}]
            transforms: [{field: name, expression: "{{ name | lower }}"}]
        """);

    assertThat(withoutLocations(built)).isEqualTo(withoutLocations(loaded));
    assertThat(built.source().location()).isEqualTo(SourceLocation.UNKNOWN);
    assertThat(built.source().settings()).containsEntry("page_size", 50L);
  }

  @Test
  void staticFieldsKeepFalsyValuesAndNormaliseNumbers() {
    SchemaMapping m = SchemaMapping.builder("Kind").mapping("x")
        .staticField("a", false).staticField("b", 0).staticField("c", "").staticField("d", null)
        .staticReference("e", "peer-id", "Kind")
        .build();

    assertThat(m.fields()).extracting(FieldMapping::staticValue).containsExactly(false, 0L, "", null, "peer-id");
    assertThat(m.fields()).allSatisfy(f -> assertThat(f.hasStatic()).isTrue());
    assertThat(m.fields().get(4).reference()).isEqualTo("Kind");
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose
  void schemaMappingBuilderFailsFast() {
    assertThatIllegalArgumentException().isThrownBy(() -> SchemaMapping.builder(" "))
        .withMessage("kind must not be blank");
    assertThatNullPointerException().isThrownBy(() -> SchemaMapping.builder("K").field("name", null))
        .withMessage("field path");
    assertThatIllegalArgumentException().isThrownBy(() -> SchemaMapping.builder("K").field("name", "a").staticField("name", 1))
        .withMessage("field `name` of K is already defined");
    assertThatIllegalStateException().isThrownBy(() -> SchemaMapping.builder("K").mapping("a").mapping("b"))
        .withMessage("mapping of K was already set to a");
    assertThatIllegalArgumentException().isThrownBy(() -> SchemaMapping.builder("K").identifiers())
        .withMessage("identifiers of K must not be empty");
    assertThatIllegalArgumentException().isThrownBy(() -> SchemaMapping.builder("K").identifiers("a", "a"))
        .withMessage("identifiers of K contain a duplicate: [a, a]");
    assertThatNullPointerException().isThrownBy(() -> SchemaMapping.builder("K").filter("f", null, 1));
  }

  @Test
  void schemaMappingBuildRunsTheEntryRules() {
    assertThatThrownBy(() -> SchemaMapping.builder("K").mapping("k").identifiers("slug").field("name", "name")
            .filter("id", FilterOp.GT, "ten").build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).extracting(Problem::path).containsExactly("identifiers[0]", "filters[0].value");
          assertThat(e.problems()).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo("<builder>");
            assertThat(p.line()).isZero();
          });
          assertThat(e.problems().get(0).message()).isEqualTo("identifier `slug` is not a field of `K` (fields: `name`)");
        });
  }

  @Test
  void syncConfigBuilderFailsFast() {
    assertThatIllegalArgumentException().isThrownBy(() -> SyncConfig.builder(""));
    assertThatIllegalStateException().isThrownBy(() -> SyncConfig.builder("s").source("a", Map.of()).source("b", Map.of()))
        .withMessageStartingWith("source was already set to AdapterConfig[name=a");
    assertThatIllegalArgumentException().isThrownBy(() -> SyncConfig.builder("s").incremental(-1))
        .withMessage("fullResyncEvery must be >= 0, was -1");
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("token", null);
    assertThatIllegalArgumentException().isThrownBy(() -> SyncConfig.builder("s").source("netbox", withNull))
        .withMessage("source settings: the value of `token` is null (leave the key out instead)");
    assertThatIllegalStateException().isThrownBy(() -> SyncConfig.builder("s").flags(DiffFlag.NONE).flags(DiffFlag.NONE));
    assertThatIllegalStateException().isThrownBy(() -> SyncConfig.builder("s").destination("d", Map.of()).build())
        .withMessage("source is required: call source(name, settings)");
    assertThatIllegalStateException().isThrownBy(() -> SyncConfig.builder("s").source("d", Map.of()).build())
        .withMessage("destination is required: call destination(name, settings)");
    assertThatIllegalArgumentException().isThrownBy(() -> SyncConfig.builder("s").order("A", " "))
        .withMessage("order entry must not be blank");
  }

  @Test
  void syncConfigBuildRunsTheSameRulesAsTheLoader() {
    SchemaMapping device = SchemaMapping.builder("InfraDevice").mapping("dcim.devices").identifiers("name")
        .field("name", "name").reference("tags", "tags", "BuiltinTags").build();
    SchemaMapping otherIds = SchemaMapping.builder("BuiltinTag").mapping("extras.more").identifiers("slug")
        .field("slug", "slug").build();

    assertThatThrownBy(() -> SyncConfig.builder("../x").source("netbox", Map.of()).destination("infrahub", Map.of())
            .mapping(tags()).mapping(device).mapping(otherIds).order("BuiltinTag", "Nope").build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).extracting(Problem::path).containsExactly("name",
              "schema_mapping[1].fields[1].reference", "schema_mapping[2].identifiers", "order[1]");
          assertThat(e.problems()).extracting(Problem::source).containsOnly("<builder>");
          assertThat(e.getMessage()).startsWith("4 configuration problems:")
              .contains("<builder>: schema_mapping[1].fields[1].reference: kind `BuiltinTags` is not mapped by any "
                  + "schema_mapping entry; did you mean `BuiltinTag`?");
        });
  }

  @Test
  void defaultsOfABuiltConfig() {
    SyncConfig c = SyncConfig.builder("s").source("a", Map.of()).destination("b", Map.of()).build();

    assertThat(c.incremental()).isEqualTo(IncrementalConfig.DEFAULT);
    assertThat(c.diffsyncFlags()).isEmpty();
    assertThat(c.order()).isEmpty();
    assertThat(c.adaptersPath()).isEmpty();
    assertThat(c.file()).isNull();
    assertThat(c.directory()).isNull();
  }

  /** The config with every source location reset, for comparing built and loaded configurations. */
  private static SyncConfig withoutLocations(SyncConfig c) {
    SourceLocation u = SourceLocation.UNKNOWN;
    List<SchemaMapping> mappings = c.schemaMapping().stream().map(m -> new SchemaMapping(m.name(), m.mapping(), m.identifiers(),
        m.fields().stream().map(f -> new FieldMapping(f.name(), f.mapping(), f.staticValue(), f.hasStatic(), f.reference(), u)).toList(),
        m.filters().stream().map(f -> new FilterSpec(f.field(), f.operation(), f.value(), u)).toList(),
        m.transforms().stream().map(t -> new TransformSpec(t.field(), t.expression(), u)).toList(), u)).toList();
    return new SyncConfig(c.name(), c.description(), c.store(),
        new AdapterConfig(c.source().name(), c.source().adapter(), c.source().settings(), u),
        new AdapterConfig(c.destination().name(), c.destination().adapter(), c.destination().settings(), u),
        c.adaptersPath(), c.order(), mappings, c.diffsyncFlags(), c.incremental(), c.directory(), c.file());
  }
}
