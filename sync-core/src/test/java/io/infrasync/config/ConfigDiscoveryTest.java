package io.infrasync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.ConfigurationException;
import io.infrasync.ConfigurationException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigLoader#discover} and {@link ConfigLoader#findByName}. */
class ConfigDiscoveryTest {
  @TempDir Path dir;

  private static String config(String name) {
    return "name: " + name + "\nsource: {name: netbox}\ndestination: {name: infrahub}\n";
  }

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, text);
  }

  @Test
  void discoverLoadsEveryConfigYmlBelowTheDirectorySortedByPath() throws IOException {
    write("zeta/config.yml", config("z-sync"));
    write("alpha/deep/config.yml", config("deep-sync"));
    write("config.yml", config("root-sync"));
    write("alpha/config.yaml", "not: looked at");
    write("alpha/other.yml", "not: looked at");

    assertThat(ConfigLoader.discover(dir)).extracting(SyncConfig::name).containsExactly("deep-sync", "root-sync", "z-sync");
  }

  @Test
  void discoverReportsTheProblemsOfAllFilesAtOnce() throws IOException {
    write("a/config.yml", config("a") + "dyffsync_flags: []\n");
    write("b/config.yml", config("b"));
    write("c/config.yml", "name: [broken\n");

    assertThatThrownBy(() -> ConfigLoader.discover(dir))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).extracting(Problem::source)
              .containsExactly(dir.resolve("a/config.yml").toString(), dir.resolve("c/config.yml").toString());
          assertThat(e.problems().get(0).message()).contains("did you mean `diffsync_flags`?");
          assertThat(e.problems().get(1).message()).startsWith("YAML syntax error");
        });
  }

  @Test
  void discoverRefusesTwoFilesWithTheSameName() throws IOException {
    write("a/config.yml", config("same"));
    write("b/config.yml", "# comment\n" + config("same"));

    assertThatThrownBy(() -> ConfigLoader.discover(dir))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
          assertThat(p.source()).isEqualTo(dir.resolve("b/config.yml").toString());
          assertThat(p.line()).isEqualTo(2);
          assertThat(p.message()).contains("`same` is already used by " + dir.resolve("a/config.yml"));
        }));
  }

  @Test
  void findByNameLoadsOnlyTheMatchingFile() throws IOException {
    write("a/config.yml", config("wanted"));
    write("b/config.yml", config("other") + "order: [Missing]\n");
    write("c/config.yml", "name: broken\nsource: [\n");

    SyncConfig found = ConfigLoader.findByName(dir, "wanted", name -> null).orElseThrow();

    assertThat(found.name()).isEqualTo("wanted");
    assertThat(found.file()).isEqualTo(dir.resolve("a/config.yml").toAbsolutePath().normalize());
    assertThat(found.directory()).isEqualTo(dir.resolve("a").toAbsolutePath().normalize());
    assertThatThrownBy(() -> ConfigLoader.findByName(dir, "other"))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> assertThat(p.path()).isEqualTo("order[0]")));
  }

  @Test
  void findByNameWithoutMatchIsEmptyUnlessSomeFileCouldNotBeRead() throws IOException {
    write("a/config.yml", config("a"));
    assertThat(ConfigLoader.findByName(dir, "nope")).isEmpty();

    write("b/config.yml", "name: [unterminated\n");
    assertThatThrownBy(() -> ConfigLoader.findByName(dir, "nope"))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems().get(0).source()).isEqualTo(dir.resolve("b/config.yml").toString());
          assertThat(e.problems().get(1).message()).contains("no configuration named `nope` was found");
        });
  }

  @Test
  void findByNameRefusesAnAmbiguousName() throws IOException {
    write("a/config.yml", config("twice"));
    write("b/config.yml", config("twice"));

    assertThatThrownBy(() -> ConfigLoader.findByName(dir, "twice"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the name `twice` is used by 2 files");
  }

  @Test
  void theUpstreamExamplesDirectoryFailsAsAWholeButFindsSingleSyncs() {
    Path examples = TestFiles.shared().resolve("upstream-examples");

    assertThatThrownBy(() -> ConfigLoader.discover(examples, UpstreamExamplesTest.ENV_LOOKUP))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).extracting(Problem::path)
            .containsExactly("dyffsync_flags", "source.name"));
    assertThat(ConfigLoader.findByName(examples, "from-cisco-aci", Map.of("CISCO_APIC_URL", "u", "CISCO_APIC_USERNAME", "n",
        "CISCO_APIC_PASSWORD", "p", "CISCO_APIC_VERIFY", "true")::get)).get().extracting(SyncConfig::description)
        .isEqualTo("Sync Cisco ACI fabric data to Infrahub");
  }

  @Test
  void fileAndDirectoryErrorsAreConfigurationExceptions() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yml")))
        .isInstanceOf(ConfigurationException.class).hasMessageEndingWith("missing.yml: file not found");
    Path notUtf8 = dir.resolve("bad.yml");
    Files.write(notUtf8, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28});
    assertThatThrownBy(() -> ConfigLoader.load(notUtf8)).hasMessageEndingWith("the file is not valid UTF-8");
    assertThatThrownBy(() -> ConfigLoader.discover(notUtf8)).hasMessageEndingWith("bad.yml: not a directory");
  }
}
