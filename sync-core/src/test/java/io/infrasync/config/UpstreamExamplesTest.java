package io.infrasync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.ConfigurationException;
import io.infrasync.ConfigurationException.Problem;
import io.infrasync.internal.config.ConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real upstream example (see shared/upstream-examples/README.md) against the strict loader. */
class UpstreamExamplesTest {
  /** The variables the examples reference, with stand-in values. */
  static final Map<String, String> ENV = Map.of(
      "CISCO_APIC_URL", "https://apic.example.net",
      "CISCO_APIC_USERNAME", "admin",
      "CISCO_APIC_PASSWORD", "s3cret-value",
      "CISCO_APIC_VERIFY", "false",
      "NETWORK_MONITOR_API_KEY", "monitor-key",
      "INFRAHUB_TOKEN", "infrahub-token");
  static final Function<String, @Nullable String> ENV_LOOKUP = ENV::get;
  static final Function<String, @Nullable String> NO_ENV = name -> null;

  /** Upstream itself would run these; InfraSync refuses them on purpose. */
  static final List<String> REFUSED = List.of("peeringdb_to_infrahub", "plugin-loader-demo");

  static Path examples() {
    return TestFiles.shared().resolve("upstream-examples");
  }

  static Stream<Path> allConfigFiles() throws IOException {
    try (Stream<Path> s = Files.walk(examples())) {
      List<Path> files = s.filter(p -> p.getFileName().toString().matches("config(\\.v1\\.5\\.7)?\\.yml")).sorted().toList();
      assertThat(files).hasSizeGreaterThanOrEqualTo(30);
      return files.stream();
    }
  }

  static Stream<Path> acceptedConfigFiles() throws IOException {
    return allConfigFiles().filter(p -> !REFUSED.contains(Objects.requireNonNull(p.getParent()).getFileName().toString()));
  }

  @ParameterizedTest
  @MethodSource("acceptedConfigFiles")
  void everyUpstreamExampleLoads(Path file) {
    SyncConfig config = ConfigLoader.load(file, ENV_LOOKUP);

    assertThat(config.name()).isNotBlank();
    assertThat(config.schemaMapping()).isNotEmpty();
    assertThat(config.file()).isEqualTo(file.toAbsolutePath().normalize());
    assertThat(config.directory()).isEqualTo(file.toAbsolutePath().normalize().getParent());
    assertThat(config.incremental()).isEqualTo(IncrementalConfig.DEFAULT);
    for (String kind : config.order()) {
      assertThat(config.kinds()).contains(kind);
    }
  }

  @Test
  void peeringdbIsRefusedForTheDyffsyncFlagsTypo() {
    for (String name : List.of("config.yml", "config.v1.5.7.yml")) {
      Path file = examples().resolve("peeringdb_to_infrahub").resolve(name);
      assertThatThrownBy(() -> ConfigLoader.load(file, ENV_LOOKUP))
          .isInstanceOfSatisfying(ConfigurationException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
              assertThat(p.path()).isEqualTo("dyffsync_flags");
              assertThat(p.message()).contains("unknown key `dyffsync_flags`").contains("did you mean `diffsync_flags`?");
              assertThat(p.line()).isEqualTo(lineOf(file, "dyffsync_flags:"));
              assertThat(p.column()).isEqualTo(1);
              assertThat(p.source()).isEqualTo(file.toString());
            });
          });
    }
  }

  @Test
  void pluginLoaderDemoIsRefusedBecauseItsSourceHasNoName() {
    Path file = examples().resolve("plugin-loader-demo/config.yml");
    assertThatThrownBy(() -> ConfigLoader.load(file, ENV_LOOKUP))
        .isInstanceOfSatisfying(ConfigurationException.class, e ->
            assertThat(e.problems()).singleElement().satisfies(p -> {
              assertThat(p.path()).isEqualTo("source.name");
              assertThat(p.message()).contains("`name` is required");
              assertThat(p.line()).isEqualTo(lineOf(file, "source:"));
            }));
  }

  @Test
  void aciExpandsItsEnvironmentVariables() {
    SyncConfig config = ConfigLoader.load(examples().resolve("aci_to_infrahub/config.yml"), ENV_LOOKUP);

    assertThat(config.description()).isEqualTo("Sync Cisco ACI fabric data to Infrahub");
    assertThat(config.source().settings())
        .containsEntry("url", "https://apic.example.net")
        .containsEntry("username", "admin")
        .containsEntry("password", "s3cret-value")
        .containsEntry("verify", "false")
        .containsEntry("api_endpoint", "api");
    assertThat(config.source().toString()).doesNotContain("s3cret-value");
  }

  @Test
  void aciWithoutEnvironmentNamesEveryMissingVariable() {
    Path file = examples().resolve("aci_to_infrahub/config.yml");
    assertThatThrownBy(() -> ConfigLoader.load(file, NO_ENV))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).extracting(Problem::path).containsExactly(
              "source.settings.url", "source.settings.username", "source.settings.password", "source.settings.verify");
          assertThat(e.problems()).extracting(Problem::message).allSatisfy(m -> assertThat(m).contains("is not set"));
          assertThat(e.getMessage()).contains("`CISCO_APIC_URL`", "`CISCO_APIC_USERNAME`", "`CISCO_APIC_PASSWORD`", "`CISCO_APIC_VERIFY`");
          Problem url = e.problems().get(0);
          assertThat(url.line()).isEqualTo(lineOf(file, "url: ${CISCO_APIC_URL}"));
          assertThat(url.column()).isEqualTo(10);
        });
  }

  @Test
  void netboxCollapsesItsIdenticalDuplicateProviderFields() {
    SyncConfig config = ConfigLoader.load(examples().resolve("netbox_to_infrahub/config.yml"), ENV_LOOKUP);

    assertThat(config.name()).isEqualTo("from-netbox");
    assertThat(config.schemaMapping()).hasSize(25);
    for (String kind : List.of("InfraProviderNetwork", "InfraCircuit")) {
      assertThat(config.mappingsOf(kind)).singleElement().satisfies(m ->
          assertThat(m.fields()).filteredOn(f -> f.name().equals("provider")).singleElement()
              .satisfies(f -> assertThat(f.reference()).isEqualTo("OrganizationGeneric")));
    }
    assertThat(config.mappingsOf("LocationGeneric")).hasSize(3)
        .allSatisfy(m -> assertThat(m.identifiers()).isEmpty());
    FieldMapping type = config.mappingsOf("LocationGeneric").get(0).fields().stream()
        .filter(f -> f.name().equals("type")).findFirst().orElseThrow();
    assertThat(type.hasStatic()).isTrue();
    assertThat(type.staticValue()).isEqualTo("Region");
    assertThat(config.source().settings()).containsEntry("url", "https://demo.netbox.dev");
    assertThat(config.order()).isEmpty();
  }

  @Test
  void conflictingDuplicateFieldsOfUpstreamExamplesLoadWithAWarningAndTheLastDefinitionWins() throws IOException {
    Path file = examples().resolve("observium_to_infrahub/config.yml");
    ConfigReader.Result r = ConfigReader.parse(Files.readString(file), "config.yml", null, null, ENV_LOOKUP);

    assertThat(r.errors()).isEmpty();
    SyncConfig config = Objects.requireNonNull(r.config());
    assertThat(config.mappingsOf("InfraDevice").get(0).fields())
        .filteredOn(f -> f.name().equals("description")).singleElement()
        .satisfies(f -> assertThat(f.mapping()).isEqualTo("upper_serial"));
    assertThat(r.warnings()).extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("field `description` of `InfraDevice` is defined again"))
        .anySatisfy(m -> assertThat(m).contains("kind `InfraPlatform` is not mapped").contains("must already exist in the destination"))
        .anySatisfy(m -> assertThat(m).contains("kind `OrganizationManufacturer` is not mapped"));
  }

  @Test
  void oldOrderListsParse() {
    SyncConfig netbox = ConfigLoader.load(examples().resolve("netbox_to_infrahub/config.v1.5.7.yml"), ENV_LOOKUP);
    assertThat(netbox.order()).startsWith("BuiltinTag").contains("InfraInterfaceL2L3").doesNotContain("InfraIPAddress");

    SyncConfig file = ConfigLoader.load(examples().resolve("file_to_infrahub/config.yml"), ENV_LOOKUP);
    assertThat(file.order()).containsExactly("OrganizationGeneric", "InfraDevice");
    assertThat(file.diffsyncFlags()).containsExactly(DiffFlag.SKIP_UNMATCHED_SRC);
  }

  @Test
  void localAdapterMappingsWithoutFieldsKeepTheirIdentifiers() {
    SyncConfig config = ConfigLoader.load(examples().resolve("local-adapter/config.yml"), ENV_LOOKUP);

    assertThat(config.mappingsOf("Interface")).singleElement().satisfies(m -> {
      assertThat(m.fields()).isEmpty();
      assertThat(m.identifiers()).containsExactly("device", "name");
      assertThat(m.filters()).containsExactly(new FilterSpec("status", FilterOp.EQ, "up", m.filters().get(0).location()));
    });
    assertThat(config.source().settings()).containsEntry("api_key", "monitor-key").containsEntry("timeout", 30L);
    assertThat(config.destination().settings()).containsEntry("token", "infrahub-token");
  }

  @Test
  void aciStaticReferencesAndListFilterValuesAreKept() {
    SyncConfig config = ConfigLoader.load(examples().resolve("aci_to_infrahub/config.yml"), ENV_LOOKUP);

    FilterSpec notIn = config.mappingsOf("OrganizationCustomer").get(0).filters().get(0);
    assertThat(notIn.operation()).isEqualTo(FilterOp.NOT_IN);
    assertThat(notIn.value()).isEqualTo(List.of("infra", "mgmt"));
    assertThat(config.schemaMapping()).flatExtracting(SchemaMapping::fields)
        .anySatisfy(f -> {
          assertThat(f.hasStatic()).isTrue();
          assertThat(f.reference()).isNotNull();
        });
  }

  static int lineOf(Path file, String text) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(text) && !lines.get(i).strip().startsWith("#")) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError(text + " not in " + file);
  }
}
