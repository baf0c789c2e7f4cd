package io.infrasync.internal.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.ConfigurationException;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Tiers of every upstream example: every reference points to an earlier tier. */
class UpstreamTiersTest {
  static Path examples() {
    String prop = System.getProperty("infrasync.shared.dir");
    return Path.of(prop != null ? prop : "../../shared").resolve("upstream-examples");
  }

  static SyncConfig load(Path file) {
    return ConfigLoader.load(file, v -> "x");
  }

  static List<Path> configs(String name) throws IOException {
    try (Stream<Path> s = Files.walk(examples())) {
      return s.filter(p -> p.getFileName().toString().equals(name)).sorted().toList();
    }
  }

  @Test
  void everyReferenceOfEveryUpstreamExamplePointsToAnEarlierTier() throws IOException {
    int checked = 0;
    for (Path file : configs("config.yml")) {
      SyncConfig config;
      try {
        config = load(file);
      } catch (ConfigurationException refused) {
        continue; // peeringdb and plugin-loader-demo are refused by the loader (its own test)
      }
      var tiers = DependencyGraph.compute(config);
      Set<String> kinds = new HashSet<>(config.kinds());
      for (SchemaMapping m : config.schemaMapping()) {
        for (FieldMapping f : m.fields()) {
          String ref = f.reference();
          if (ref == null || ref.equals(m.name()) || !kinds.contains(ref)) {
            continue;
          }
          boolean dropped = tiers.droppedEdges().stream()
              .anyMatch(e -> e.from().equals(m.name()) && e.to().equals(ref));
          if (tiers.serial()) {
            continue; // `order` wins; its own warnings cover it
          }
          if (!dropped) {
            assertThat(tiers.tierOf(ref)).as(file + ": " + m.name() + "." + f.name() + " -> " + ref)
                .isLessThan(tiers.tierOf(m.name()));
          }
        }
      }
      assertThat(tiers.flatten()).as(file.toString()).isNotEmpty();
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(15);
  }

  @Test
  void netboxExampleTiersMatchTheDocumentedDerivation() {
    var tiers = DependencyGraph.compute(load(examples().resolve("netbox_to_infrahub/config.yml")));
    assertThat(tiers.tiers()).containsExactly(
        List.of("BuiltinTag", "CoreStandardGroup", "RoleGeneric"),
        List.of("ChoiceCircuitType", "OrganizationGeneric"),
        List.of("ChoiceDeviceType", "InfraCircuit", "InfraProviderNetwork", "InfraRouteTarget", "LocationGeneric"),
        List.of("InfraRack", "InfraVLAN", "InfraVRF"),
        List.of("InfraDevice", "InfraIPAddress", "InfraPrefix"),
        List.of("InfraInterfaceL2L3"));
  }

  @Test
  void tiersAgreeWithTheExplicitOrderOfEveryUpstream157Config() throws IOException {
    int compared = 0;
    for (Path old : configs("config.v1.5.7.yml")) {
      SyncConfig v157;
      try {
        v157 = load(old);
      } catch (ConfigurationException refused) {
        continue; // peeringdb's dyffsync_flags typo is refused in every version
      }
      if (v157.order().isEmpty()) {
        continue;
      }
      SyncConfig current;
      try {
        current = load(old.resolveSibling("config.yml"));
      } catch (ConfigurationException refused) {
        continue;
      }
      var tiers = DependencyGraph.compute(current);
      List<String> order = v157.order();
      // Whenever 1.5.7 lists a kind after a kind it references, auto-tiering keeps that order.
      for (SchemaMapping m : current.schemaMapping()) {
        for (FieldMapping f : m.fields()) {
          String ref = f.reference();
          if (ref == null || ref.equals(m.name()) || tiers.tierOf(ref) < 0 || tiers.tierOf(m.name()) < 0) {
            continue;
          }
          int a = order.indexOf(ref);
          int b = order.indexOf(m.name());
          boolean dropped = tiers.droppedEdges().stream().anyMatch(e -> e.from().equals(m.name()) && e.to().equals(ref));
          if (a >= 0 && b >= 0 && a < b && !dropped) {
            assertThat(tiers.tierOf(ref)).as(old + ": " + ref + " before " + m.name())
                .isLessThan(tiers.tierOf(m.name()));
            compared++;
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(20);
  }
}
