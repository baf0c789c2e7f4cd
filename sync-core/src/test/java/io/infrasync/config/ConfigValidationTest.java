package io.infrasync.config;

import static io.infrasync.config.ConfigTesting.HEADER;
import static io.infrasync.config.ConfigTesting.assertPointsAt;
import static io.infrasync.config.ConfigTesting.errorAt;
import static io.infrasync.config.ConfigTesting.errors;
import static io.infrasync.config.ConfigTesting.load;
import static io.infrasync.config.ConfigTesting.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.ConfigurationException.Problem;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per loader rule; each asserts the path, the message and the line:column. */
class ConfigValidationTest {
  private static final String TAG_MAPPING = """
      schema_mapping:
        - name: BuiltinTag
          mapping: extras.tags
          identifiers: [name]
          fields:
            - name: name
              mapping: name
      """;

  @Test
  void minimalConfigurationLoadsWithDefaults() {
    SyncConfig config = load(HEADER);

    assertThat(config.name()).isEqualTo("test-sync");
    assertThat(config.source()).isEqualTo(new AdapterConfig("netbox", null, Map.of(), config.source().location()));
    assertThat(config.source().location()).isEqualTo(new SourceLocation("config.yml", 2, 1));
    assertThat(config.description()).isNull();
    assertThat(config.store()).isNull();
    assertThat(config.schemaMapping()).isEmpty();
    assertThat(config.order()).isEmpty();
    assertThat(config.adaptersPath()).isEmpty();
    assertThat(config.diffsyncFlags()).isEmpty();
    assertThat(config.incremental()).isEqualTo(IncrementalConfig.DEFAULT);
    assertThat(config.directory()).isNull();
    assertThat(config.file()).isNull();
  }

  @Test
  void everyKeyIsRead() {
    String yaml = """
        name: full
        description: "All keys"
        store:
          type: redis
          settings: {host: localhost, port: 6379}
        source:
          name: netbox
          adapter: my.module:NetboxAdapter
          settings:
            url: https://netbox.example
            verify_ssl: false
            page_size: 100
        destination:
          name: infrahub
        adapters_path: [./adapters, /opt/adapters]
        order: [BuiltinTag, InfraDevice]
        diffsync_flags: [CONTINUE_ON_FAILURE, SKIP_UNMATCHED_DST]
        incremental:
          full_resync_every: 3
        schema_mapping:
          - name: BuiltinTag
            mapping: extras.tags
            identifiers: [name]
            fields:
              - name: name
                mapping: name
          - name: InfraDevice
            mapping: dcim.devices
            identifiers: [name]
            fields:
              - name: name
                mapping: name
              - name: tags
                mapping: tags
                reference: BuiltinTag
              - name: status
                static: active
            filters:
              - field: status.value
                operation: "=="
                value: active
              - field: name
                operation: is_not_empty
            transforms:
              - field: name
                expression: "{{ name | lower }}"
        """;
    SyncConfig c = load(yaml);

    assertThat(c.description()).isEqualTo("All keys");
    assertThat(c.store()).isEqualTo(new StoreConfig("redis", Map.of("host", "localhost", "port", 6379L)));
    assertThat(c.source().adapter()).isEqualTo("my.module:NetboxAdapter");
    assertThat(c.source().adapterName()).isEqualTo("my.module:NetboxAdapter");
    assertThat(c.source().settings()).containsExactlyInAnyOrderEntriesOf(
        Map.of("url", "https://netbox.example", "verify_ssl", false, "page_size", 100L));
    assertThat(c.adaptersPath()).containsExactly("./adapters", "/opt/adapters");
    assertThat(c.order()).containsExactly("BuiltinTag", "InfraDevice");
    assertThat(c.diffsyncFlags()).containsExactlyInAnyOrder(DiffFlag.CONTINUE_ON_FAILURE, DiffFlag.SKIP_UNMATCHED_DST);
    assertThat(c.incremental().fullResyncEvery()).isEqualTo(3);
    SchemaMapping device = c.mappingsOf("InfraDevice").get(0);
    assertThat(device.location()).isEqualTo(new SourceLocation("config.yml", 27, 5));
    assertThat(device.fields()).extracting(FieldMapping::name).containsExactly("name", "tags", "status");
    assertThat(device.fields().get(1).reference()).isEqualTo("BuiltinTag");
    assertThat(device.fields().get(2).staticValue()).isEqualTo("active");
    assertThat(device.filters()).extracting(FilterSpec::operation).containsExactly(FilterOp.EQ, FilterOp.IS_NOT_EMPTY);
    assertThat(device.filters().get(1).value()).isNull();
    assertThat(device.transforms()).singleElement().satisfies(t -> {
      assertThat(t.field()).isEqualTo("name");
      assertThat(t.expression()).isEqualTo("{{ name | lower }}");
    });
  }

  @Test
  void storeIsAcceptedWithAWarningThatItIsIgnored() {
    List<Problem> w = warnings(HEADER + "store:\n  type: redis\n");

    assertThat(w).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("store");
      assertThat(p.message()).contains("type `redis`").contains("ignored");
      assertThat(p.line()).isEqualTo(6);
    });
  }

  @Test
  void unknownKeysAtEveryLevelAreErrorsWithTheNearestValidKey() {
    String yaml = """
        name: t
        dyffsync_flags: [NONE]
        source:
          name: netbox
          setings: {}
        destination:
          name: infrahub
        incremental:
          full_resync_evry: 2
        schema_mapping:
          - name: BuiltinTag
            identifier: [name]
            fields:
              - name: name
                mapping: name
                refrence: BuiltinTag
            filters:
              - field: name
                operator: "=="
            transforms:
              - field: x
                expresion: "{{ name }}"
        colour: blue
        """;
    List<Problem> p = errors(yaml);

    assertThat(p).extracting(Problem::path).containsExactly("dyffsync_flags", "source.setings",
        "incremental.full_resync_evry", "schema_mapping[0].identifier", "schema_mapping[0].fields[0].refrence",
        "schema_mapping[0].filters[0].operation", "schema_mapping[0].filters[0].operator",
        "schema_mapping[0].transforms[0].expression", "schema_mapping[0].transforms[0].expresion", "colour");
    assertThat(errorAt(p, "dyffsync_flags").message()).isEqualTo("unknown key `dyffsync_flags`; did you mean `diffsync_flags`?");
    assertThat(errorAt(p, "source.setings").message()).endsWith("did you mean `settings`?");
    assertThat(errorAt(p, "incremental.full_resync_evry").message()).endsWith("did you mean `full_resync_every`?");
    assertThat(errorAt(p, "schema_mapping[0].identifier").message()).endsWith("did you mean `identifiers`?");
    assertThat(errorAt(p, "schema_mapping[0].fields[0].refrence").message()).endsWith("did you mean `reference`?");
    assertThat(errorAt(p, "schema_mapping[0].filters[0].operator").message()).endsWith("did you mean `operation`?");
    assertThat(errorAt(p, "schema_mapping[0].filters[0].operation").message()).isEqualTo("`operation` is required");
    assertThat(errorAt(p, "colour").message()).isEqualTo("unknown key `colour`; expected one of `name`, `description`, "
        + "`store`, `source`, `destination`, `adapters_path`, `order`, `schema_mapping`, `diffsync_flags`, `incremental`");
    assertPointsAt(errorAt(p, "dyffsync_flags"), yaml, "dyffsync_flags");
    assertPointsAt(errorAt(p, "schema_mapping[0].fields[0].refrence"), yaml, "refrence");
    assertPointsAt(errorAt(p, "colour"), yaml, "colour");
    Problem refrence = errorAt(p, "schema_mapping[0].fields[0].refrence");
    assertThat(refrence.toString()).isEqualTo("config.yml:16:9: schema_mapping[0].fields[0].refrence: "
        + "unknown key `refrence`; did you mean `reference`?");
  }

  @Test
  void unknownFlagsListTheValidOnes() {
    String yaml = HEADER + "diffsync_flags: [SKIP_UNMATCHED_SRC, skip_unmatched_dst, DELETE_ALL]\n";
    List<Problem> p = errors(yaml);

    assertThat(p).extracting(Problem::path).containsExactly("diffsync_flags[1]", "diffsync_flags[2]");
    assertThat(p.get(0).message()).startsWith("unknown flag `skip_unmatched_dst`; did you mean `SKIP_UNMATCHED_DST`?")
        .endsWith("valid flags: NONE, CONTINUE_ON_FAILURE, SKIP_UNMATCHED_SRC, SKIP_UNMATCHED_DST, SKIP_UNMATCHED_BOTH, LOG_UNCHANGED_RECORDS");
    assertThat(p.get(1).message()).startsWith("unknown flag `DELETE_ALL`; valid flags: NONE,");
    assertPointsAt(p.get(0), yaml, "skip_unmatched_dst");
    assertPointsAt(p.get(1), yaml, "DELETE_ALL");
  }

  @Test
  void flagsThatAreNotAListAreAnError() {
    String yaml = HEADER + "diffsync_flags: SKIP_UNMATCHED_SRC\n";
    Problem p = errorAt(errors(yaml), "diffsync_flags");

    assertThat(p.message()).startsWith("`diffsync_flags` must be a list of flag names, got a string (\"SKIP_UNMATCHED_SRC\")");
    assertPointsAt(p, yaml, "SKIP_UNMATCHED_SRC");
  }

  @Test
  void unknownFilterOperationsListAllFourteen() {
    String yaml = HEADER + """
        schema_mapping:
          - name: BuiltinTag
            mapping: extras.tags
            fields:
              - name: name
                mapping: name
            filters:
              - field: name
                operation: equals
              - field: name
                operation: is_emtpy
        """;
    List<Problem> p = errors(yaml);

    String all = Arrays.stream(FilterOp.values()).map(op -> "`" + op.symbol() + "`").reduce((a, b) -> a + ", " + b).orElseThrow();
    assertThat(all).contains("`not contains`").contains("`is_ip_within`");
    Problem equals = errorAt(p, "schema_mapping[0].filters[0].operation");
    assertThat(equals.message()).isEqualTo("unknown operation `equals`; did you mean `==`?; valid operations: " + all);
    assertPointsAt(equals, yaml, "operation: equals");
    assertThat(errorAt(p, "schema_mapping[0].filters[1].operation").message())
        .startsWith("unknown operation `is_emtpy`; did you mean `is_empty`?");
  }

  @Test
  void aReferenceThatLooksLikeATypoOfAMappedKindIsAnError() {
    String yaml = HEADER + TAG_MAPPING + """
          - name: InfraDevice
            mapping: dcim.devices
            fields:
              - name: name
                mapping: name
              - name: tags
                mapping: tags
                reference: BuiltinTags
        """;
    Problem p = errorAt(errors(yaml), "schema_mapping[1].fields[1].reference");

    assertThat(p.message()).isEqualTo("kind `BuiltinTags` is not mapped by any schema_mapping entry; did you mean `BuiltinTag`?");
    assertPointsAt(p, yaml, "reference: BuiltinTags");
  }

  @Test
  void aReferenceToAnUnrelatedUnmappedKindIsAcceptedWithAWarning() {
    String yaml = HEADER + TAG_MAPPING + """
              - name: platform
                mapping: os
                reference: InfraPlatform
        """;
    Problem w = warnings(yaml).get(0);

    assertThat(w.path()).isEqualTo("schema_mapping[0].fields[1].reference");
    assertThat(w.message()).contains("kind `InfraPlatform` is not mapped").contains("must already exist in the destination");
    assertPointsAt(w, yaml, "reference: InfraPlatform");
  }

  @Test
  void aFieldNeedsMappingOrStaticUnlessItIsAStaticReference() {
    String yaml = HEADER + TAG_MAPPING + """
              - name: description
              - name: owner
                reference: BuiltinTag
              - name: parent
                static: "root"
                reference: BuiltinTag
        """;
    List<Problem> p = errors(yaml);

    assertThat(p).extracting(Problem::path).containsExactly("schema_mapping[0].fields[1]", "schema_mapping[0].fields[2]");
    assertThat(p.get(0).message()).isEqualTo("field `description` of `BuiltinTag` gives neither `mapping` nor `static`");
    assertPointsAt(p.get(0), yaml, "name: description");
    assertPointsAt(p.get(1), yaml, "name: owner");
  }

  @Test
  void aMistypedMappingKeyIsReportedOnceWithoutFollowUpErrors() {
    String yaml = HEADER + """
        schema_mapping:
          - name: BuiltinTag
            mapping: extras.tags
            identifiers: [name]
            fields:
              - name: name
                mappin: name
        """;
    assertThat(errors(yaml)).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("schema_mapping[0].fields[0].mappin");
      assertThat(p.message()).isEqualTo("unknown key `mappin`; did you mean `mapping`?");
    });
  }

  @Test
  void staticAndMappingTogetherWarnThatStaticWins() {
    String yaml = HEADER + TAG_MAPPING + """
              - name: description
                mapping: description
                static: fixed
        """;
    assertThat(warnings(yaml)).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("schema_mapping[0].fields[1]");
      assertThat(w.message()).contains("`static` wins");
    });
  }

  @Test
  void staticDistinguishesAbsentFromNullAndKeepsFalsyValues() {
    String yaml = HEADER + TAG_MAPPING + """
              - name: a
                static: false
              - name: b
                static: 0
              - name: c
                static: ""
              - name: d
                static: null
              - name: e
                static:
              - name: f
                static: []
        """;
    List<FieldMapping> fields = load(yaml).schemaMapping().get(0).fields();

    assertThat(fields.get(0).hasStatic()).isFalse();
    assertThat(fields.subList(1, 7)).allSatisfy(f -> assertThat(f.hasStatic()).isTrue());
    assertThat(fields.subList(1, 7)).extracting(FieldMapping::staticValue).containsExactly(false, 0L, "", null, null, List.of());
  }

  @Test
  void identicalDuplicateFieldsAreCollapsed() {
    String yaml = HEADER + TAG_MAPPING + """
              - name: description
                mapping: description
              - name: description
                mapping: description
        """;
    SchemaMapping m = load(yaml).schemaMapping().get(0);

    assertThat(m.fields()).extracting(FieldMapping::name).containsExactly("name", "description");
    assertThat(warnings(yaml)).isEmpty();
  }

  @Test
  void aDuplicateFieldWithAnotherDefinitionWarnsAndTheLastDefinitionWins() {
    String yaml = HEADER + TAG_MAPPING + """
              - name: description
                mapping: description
              - name: slug
                mapping: slug
              - name: description
                mapping: display
        """;
    SchemaMapping m = load(yaml).schemaMapping().get(0);

    assertThat(m.fields()).extracting(FieldMapping::name).containsExactly("name", "description", "slug");
    assertThat(m.fields().get(1).mapping()).isEqualTo("display");
    assertThat(warnings(yaml)).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("schema_mapping[0].fields[3]");
      assertThat(w.message()).contains("field `description` of `BuiltinTag` is defined again with a different definition")
          .contains("first at schema_mapping[0].fields[1], line 13");
      assertPointsAt(w, yaml, "name: description\n        mapping: display");
    });
  }

  @Test
  void identifiersMustBeFieldsOfTheEntry() {
    String yaml = HEADER + """
        schema_mapping:
          - name: BuiltinTag
            mapping: extras.tags
            identifiers: [name, slug, name]
            fields:
              - name: name
                mapping: name
              - name: label
                mapping: label
        """;
    List<Problem> p = errors(yaml);

    assertThat(p).extracting(Problem::path).containsExactly("schema_mapping[0].identifiers[1]", "schema_mapping[0].identifiers[2]");
    assertThat(p.get(0).message()).isEqualTo("identifier `slug` is not a field of `BuiltinTag` (fields: `name`, `label`)");
    assertThat(p.get(1).message()).isEqualTo("identifier `name` is listed twice");
    assertPointsAt(p.get(0), yaml, "slug");
  }

  @Test
  void identifiersOfAnEntryWithoutFieldsAreNotChecked() {
    SchemaMapping m = load(HEADER + """
        schema_mapping:
          - name: Device
            mapping: devices
            identifiers: [name]
        """).schemaMapping().get(0);

    assertThat(m.identifiers()).containsExactly("name");
    assertThat(m.fields()).isEmpty();
  }

  @Test
  void entriesOfOneKindMustNotDeclareDifferentIdentifiers() {
    String yaml = HEADER + """
        schema_mapping:
          - name: RoleGeneric
            mapping: dcim.device_roles
            identifiers: [name]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
          - name: RoleGeneric
            mapping: ipam.roles
            fields:
              - {name: name, mapping: name}
          - name: RoleGeneric
            mapping: dcim.rack_roles
            identifiers: [slug]
            fields:
              - {name: name, mapping: name}
              - {name: slug, mapping: slug}
        """;
    Problem p = errorAt(errors(yaml), "schema_mapping[2].identifiers");

    assertThat(p.message()).isEqualTo("kind `RoleGeneric` has identifiers [slug] here but [name] in schema_mapping[0]; "
        + "every entry of a kind must use the same identifiers (or none)");
    assertPointsAt(p, yaml, "identifiers: [slug]");
  }

  @Test
  void orderMustNameMappedKindsOnce() {
    String yaml = HEADER + "order: [BuiltinTag, BuiltinTags, Unrelated, BuiltinTag]\n" + TAG_MAPPING;
    List<Problem> p = errors(yaml);

    assertThat(p).extracting(Problem::path).containsExactly("order[1]", "order[2]", "order[3]");
    assertThat(p.get(0).message()).isEqualTo("`order` names `BuiltinTags`, which no schema_mapping entry maps; did you mean `BuiltinTag`?");
    assertThat(p.get(1).message()).isEqualTo("`order` names `Unrelated`, which no schema_mapping entry maps");
    assertThat(p.get(2).message()).isEqualTo("`BuiltinTag` is listed twice in `order` (first at order[0])");
    assertThat(p.get(2).line()).isEqualTo(6);
    assertThat(p.get(2).column()).isEqualTo(45);
  }

  @Test
  void missingRequiredNamesAreReportedWhereverTheyAreRequired() {
    String yaml = """
        description: no name
        source:
          adapter: my_network
        schema_mapping:
          - mapping: extras.tags
          - name: InfraDevice
            fields:
              - mapping: name
            filters:
              - operation: is_empty
            transforms:
              - field: x
        store:
          settings: {}
        """;
    List<Problem> p = errors(yaml);

    assertThat(p).extracting(Problem::path).containsExactlyInAnyOrder("name", "source.name", "destination",
        "schema_mapping[0].name", "schema_mapping[1].fields[0].name", "schema_mapping[1].filters[0].field",
        "schema_mapping[1].transforms[0].expression", "store.type");
    assertThat(p).extracting(Problem::message).allSatisfy(m -> assertThat(m).contains("is required"));
    assertPointsAt(errorAt(p, "source.name"), yaml, "source:");
    assertPointsAt(errorAt(p, "schema_mapping[0].name"), yaml, "mapping: extras.tags");
    assertPointsAt(errorAt(p, "schema_mapping[1].fields[0].name"), yaml, "mapping: name");
  }

  @Test
  void wrongTypesAreErrors() {
    String yaml = """
        name: 42
        source:
          name: netbox
          settings: [url, token]
        destination: infrahub
        adapters_path: ./adapters
        order: {first: BuiltinTag}
        incremental:
          full_resync_every: "10"
        schema_mapping:
          - name: BuiltinTag
            mapping: [extras, tags]
            identifiers: name
            fields: name
            filters:
              - field: name
                operation: "=="
          - just a string
        """;
    List<Problem> p = errors(yaml);

    assertThat(p).extracting(Problem::path, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("name", "`name` must be a string, got an integer (42)"),
        org.assertj.core.groups.Tuple.tuple("source.settings", "`settings` must be a mapping, got a list"),
        org.assertj.core.groups.Tuple.tuple("destination", "expected a mapping with `name`, `adapter` and `settings`, got a string (\"infrahub\")"),
        org.assertj.core.groups.Tuple.tuple("adapters_path", "`adapters_path` must be a list of strings, got a string (\"./adapters\"); write `[./adapters]`"),
        org.assertj.core.groups.Tuple.tuple("order", "`order` must be a list of strings, got a mapping"),
        org.assertj.core.groups.Tuple.tuple("incremental.full_resync_every", "`full_resync_every` must be an integer >= 0, got a string (\"10\")"),
        org.assertj.core.groups.Tuple.tuple("schema_mapping[0].mapping", "`mapping` must be a string, got a list"),
        org.assertj.core.groups.Tuple.tuple("schema_mapping[0].identifiers", "`identifiers` must be a list of strings, got a string (\"name\"); write `[name]`"),
        org.assertj.core.groups.Tuple.tuple("schema_mapping[0].fields", "`fields` must be a list of mappings, got a string (\"name\")"),
        org.assertj.core.groups.Tuple.tuple("schema_mapping[1]", "expected a mapping, got a string (\"just a string\")"));
    assertPointsAt(errorAt(p, "name"), yaml, "42");
    assertPointsAt(errorAt(p, "schema_mapping[0].identifiers"), yaml, "name\n    fields");
  }

  @Test
  void incrementalFullResyncMustNotBeNegative() {
    Problem p = errorAt(errors(HEADER + "incremental: {full_resync_every: -1}\n"), "incremental.full_resync_every");
    assertThat(p.message()).contains("between 0 and").contains("got -1");

    assertThat(load(HEADER + "incremental: {full_resync_every: 0}\n").incremental().fullResyncEvery()).isZero();
    assertThat(load(HEADER + "incremental: {}\n").incremental()).isEqualTo(IncrementalConfig.DEFAULT);
    assertThat(load(HEADER + "incremental:\n").incremental()).isEqualTo(IncrementalConfig.DEFAULT);
  }

  @Test
  void filterValuesMustFitTheirOperation() {
    String yaml = HEADER + """
        schema_mapping:
          - name: InfraDevice
            mapping: dcim.devices
            fields:
              - {name: name, mapping: name}
            filters:
              - {field: id, operation: ">", value: ten}
              - {field: id, operation: "<=", value: "200"}
              - {field: site, operation: in}
              - {field: name, operation: regex, value: "^(pe-"}
              - {field: ip, operation: is_ip_within, value: 10}
              - {field: tags, operation: contains}
              - {field: id, operation: ">=", value: 1.0}
              - {field: status, operation: "==", value: null}
        """;
    List<Problem> p = errors(yaml);

    assertThat(p).extracting(Problem::path).containsExactly("schema_mapping[0].filters[0].value",
        "schema_mapping[0].filters[2].value", "schema_mapping[0].filters[3].value", "schema_mapping[0].filters[4].value",
        "schema_mapping[0].filters[5].value");
    assertThat(p.get(0).message()).isEqualTo("`>` compares integers (as infrahub-sync does with int()): the value must be an integer, got a string (\"ten\")");
    assertThat(p.get(1).message()).isEqualTo("`in` needs a list (or a string) value, got null");
    assertThat(p.get(2).message()).startsWith("invalid regular expression: ");
    assertThat(p.get(3).message()).startsWith("`is_ip_within` needs a CIDR string");
    assertThat(p.get(4).message()).isEqualTo("`contains` needs a value");
    assertPointsAt(p.get(0), yaml, "value: ten");
    assertPointsAt(p.get(1), yaml, "{field: site");
  }

  @Test
  void emptyOperationsWarnWhenGivenAValue() {
    String yaml = HEADER + TAG_MAPPING + """
            filters:
              - {field: name, operation: is_empty, value: x}
        """;
    assertThat(warnings(yaml)).singleElement().satisfies(w -> assertThat(w.message()).isEqualTo("`is_empty` takes no value; the value is ignored"));
  }

  @Test
  void aNameThatCannotNameACacheDirectoryIsRefused() {
    Problem p = errorAt(errors(HEADER.replace("test-sync", "../escape")), "name");
    assertThat(p.message()).contains("cannot name a cache directory");
    assertThat(p.line()).isEqualTo(1);
  }

  @Test
  void yamlSyntaxErrorsCarryLineAndColumn() {
    Problem p = errors("name: x\nsource:\n  name: a\n   bad: indent\n").get(0);
    assertThat(p.line()).isEqualTo(4);
    assertThat(p.column()).isEqualTo(7);
    assertThat(p.message()).startsWith("YAML syntax error: mapping values are not allowed here");

    Problem unclosed = errors("name: x\norder: [a, b\n").get(0);
    assertThat(unclosed.message()).contains("while parsing a flow sequence").contains("expected ',' or ']'");
    assertThat(unclosed.line()).isEqualTo(3);

    Problem tab = errors("name: x\nsource:\n\tname: a\n").get(0);
    assertThat(tab.message()).contains("TAB");
    assertThat(tab.line()).isEqualTo(3);
  }

  @Test
  void duplicateKeysAreErrors() {
    String yaml = HEADER + "name: again\n";
    Problem p = errorAt(errors(yaml), "name");
    assertThat(p.message()).isEqualTo("duplicate key `name` (first at line 1)");
    assertThat(p.line()).isEqualTo(6);
  }

  @Test
  void emptyNonMappingAndMultiDocumentFilesAreErrors() {
    assertThat(errors("").get(0).message()).startsWith("the file is empty");
    assertThat(errors("# only a comment\n").get(0).message()).startsWith("the file is empty");
    assertThat(errors("- a\n- b\n").get(0).message()).startsWith("expected a mapping at the top level");
    Problem multi = errors(HEADER + "---\n" + HEADER).get(0);
    assertThat(multi.message()).startsWith("more than one YAML document");
    assertThat(multi.line()).isEqualTo(7);
  }

  @Test
  void anchorsAliasesAndMergeKeysWork() {
    String yaml = HEADER + """
        schema_mapping:
          - name: RoleGeneric
            mapping: dcim.device_roles
            identifiers: &ids [name]
            fields: &role_fields
              - {name: name, mapping: name}
          - name: RoleGeneric
            mapping: ipam.roles
            identifiers: *ids
            fields: *role_fields
            filters:
              - &filter_base {field: name, operation: is_not_empty}
              - <<: *filter_base
                operation: "!="
                value: x
        """;
    SyncConfig c = load(yaml);

    assertThat(c.schemaMapping().get(1).identifiers()).containsExactly("name");
    assertThat(c.schemaMapping().get(1).fields()).extracting(FieldMapping::mapping).containsExactly("name");
    assertThat(c.schemaMapping().get(1).filters()).extracting(FilterSpec::operation).containsExactly(FilterOp.IS_NOT_EMPTY, FilterOp.NE);
    assertThat(c.schemaMapping().get(1).filters().get(1).field()).isEqualTo("name");
    assertThat(errors("name: *nowhere\n").get(0).message()).contains("nowhere");
    assertThat(errors(HEADER + "order:\n  <<: [*a]\n").get(0).message()).startsWith("YAML syntax error");
  }

  @Test
  void scalarsFollowYaml12() {
    SyncConfig c = load(HEADER.replace("  name: netbox\n", """
          name: netbox
          settings:
            yes_is_a_string: yes
            real_bool: true
            tilde: ~
            hex: 0x10
            float: 1.5
            quoted_number: "42"
            leading_zero: 017
            octal: 0o17
            capital_true: True
            infinity: .inf
        """));

    assertThat(c.source().settings()).containsEntry("yes_is_a_string", "yes").containsEntry("real_bool", true)
        .containsEntry("hex", 16L).containsEntry("float", 1.5).containsEntry("quoted_number", "42")
        .containsEntry("leading_zero", 15L).containsEntry("octal", 15L).containsEntry("capital_true", true)
        .containsEntry("infinity", Double.POSITIVE_INFINITY).doesNotContainKey("tilde");
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnceInDocumentOrder() {
    String yaml = """
        name: t
        source: {name: netbox}
        destination: {name: infrahub}
        order: [Nope]
        diffsync_flags: [NOPE]
        schema_mapping:
          - name: A
            mapping: a
            identifiers: [missing]
            fields:
              - {name: x, mapping: x, reference: Ab}
            filters:
              - {field: x, operation: "~"}
        bogus: 1
        """;
    List<Problem> p = errors(yaml);

    assertThat(p).extracting(Problem::line).containsExactly(4, 5, 9, 11, 13, 14);
    assertThat(p).extracting(Problem::line).isSorted();
  }

  @Test
  void aTransformTemplateJinjaWouldNotCompileIsRefusedAtItsLine() {
    String yaml = HEADER + """
        schema_mapping:
          - name: LocationSite
            mapping: dcim.sites
            fields:
              - {name: name, mapping: name}
            transforms:
              - field: name
                expression: "{{ name | lower }}"
              - field: slug
                expression: "{% for x in %}{% endfor %}"
              - field: label
                expression: "{{ name is no_such_test }}"
        """;
    List<Problem> problems = errors(yaml);
    assertThat(problems).hasSize(2);
    Problem loop = errorAt(problems, "schema_mapping[0].transforms[1]");
    assertThat(loop.message()).contains("`LocationSite` transform of `slug`", "{% for x in %}", "expected `for <name> in <iterable>`");
    assertPointsAt(loop, yaml, "field: slug");
    Problem test = errorAt(problems, "schema_mapping[0].transforms[2]");
    assertThat(test.message()).contains("no test named 'no_such_test'");
    assertPointsAt(test, yaml, "field: label");
  }

  @Test
  void aFilterThatIsNotBuiltInIsAWarningAtLoad() {
    String yaml = HEADER + """
        schema_mapping:
          - name: LocationSite
            mapping: dcim.sites
            fields:
              - {name: name, mapping: name}
            transforms:
              - field: name
                expression: "{{ name | no_such_filter }}"
        """;
    assertThat(warnings(yaml)).singleElement().satisfies(w -> {
      assertThat(w.path()).isEqualTo("schema_mapping[0].transforms[0]");
      assertThat(w.message()).contains("no filter named 'no_such_filter'", "unless the adapter supplies it");
      assertPointsAt(w, yaml, "field: name");
    });
  }
}
