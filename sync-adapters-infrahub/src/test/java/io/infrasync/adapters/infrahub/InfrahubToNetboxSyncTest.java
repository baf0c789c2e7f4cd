package io.infrasync.adapters.infrahub;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.SyncEngine;
import io.infrasync.SyncReport;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Infrahub as the source (the direction of upstream's {@code infrahub_to_peering-manager}), into NetBox. */
@Timeout(120)
class InfrahubToNetboxSyncTest {
  @RegisterExtension
  static final InfrahubServer infrahub = InfrahubServer.builder().schema(InfrahubSchema.examples()).build();
  @RegisterExtension static final NetBoxServer netbox = NetBoxServer.builder().build();

  static final String CONFIG = """
      name: to-netbox
      source:
        name: infrahub
        settings:
          url: "http://infrahub.invalid"
          page_size: 2
      destination:
        name: netbox
        settings:
          url: "http://netbox.invalid"
          token: "from-the-environment"
      schema_mapping:
        - name: BuiltinTag
          mapping: extras.tags
          identifiers: ["name"]
          fields:
            - {name: name, mapping: name}
            - {name: slug, mapping: slug}
            - {name: description, mapping: description}
          transforms:
            - {field: slug, expression: "{{ name | lower }}"}
        - name: OrganizationGeneric
          mapping: tenancy.tenants
          identifiers: ["name"]
          fields:
            - {name: name, mapping: name}
            - {name: slug, mapping: slug}
          transforms:
            - {field: slug, expression: "{{ name | lower }}"}
        - name: LocationGeneric
          mapping: dcim.sites
          identifiers: ["name"]
          fields:
            - {name: name, mapping: name}
            - {name: slug, mapping: slug}
            - {name: description, mapping: description}
            - {name: organization, mapping: tenant, reference: OrganizationGeneric}
            - {name: tags, mapping: tags, reference: BuiltinTag}
          filters:
            - {field: type, operation: "==", value: "Site"}
          transforms:
            - {field: slug, expression: "{{ name | lower }}"}
      """;

  @BeforeEach
  void reset() {
    infrahub.clear();
    netbox.clear();
    infrahub.graphqlLog().clear();
    netbox.requestLog().reset();
  }

  @Test
  void infrahubNodesAreWrittenToNetboxWithTheirReferencesAndASecondRunWritesNothing() {
    String core = infrahub.create("BuiltinTag", Map.of("name", "Core", "description", "core network"));
    String edge = infrahub.create("BuiltinTag", Map.of("name", "Edge", "description", "edge"));
    String acme = infrahub.create("OrganizationGeneric", Map.of("name", "Acme"));
    infrahub.create("LocationGeneric", Map.of("name", "AMS1", "type", "Site", "description", "Amsterdam",
        "organization", acme, "tags", List.of(core, edge)));
    infrahub.create("LocationGeneric", Map.of("name", "FRA1", "type", "Site", "description", "Frankfurt", "tags", List.of(edge)));
    infrahub.create("LocationGeneric", Map.of("name", "EMEA", "type", "Region"));
    Map<String, String> env = Map.of(
        "INFRAHUB_ADDRESS", infrahub.baseUrl().toString(), "NETBOX_URL", netbox.baseUrl().toString(),
        "NETBOX_TOKEN", NetBoxServer.DEFAULT_TOKEN);
    SyncConfig config = ConfigLoader.parse(CONFIG, "to-netbox.yml", null, env::get);

    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env::get).inMemoryCache().build()) {
      SyncReport report = engine.sync();
      assertThat(report.success()).as(report.errors().toString()).isTrue();

      assertThat(netbox.objects("extras/tags")).extracting(t -> t.get("name")).containsExactlyInAnyOrder("Core", "Edge");
      assertThat(netbox.find("extras/tags", "name", "Core").orElseThrow()).containsEntry("slug", "core")
          .containsEntry("description", "core network");
      Map<String, @Nullable Object> tenant = netbox.find("tenancy/tenants", "name", "Acme").orElseThrow();
      assertThat(netbox.objects("dcim/sites")).hasSize(2); // the Region is filtered out
      Map<String, @Nullable Object> ams1 = netbox.find("dcim/sites", "name", "AMS1").orElseThrow();
      assertThat(ams1).containsEntry("slug", "ams1").containsEntry("description", "Amsterdam");
      assertThat(idOf(ams1.get("tenant"))).isEqualTo(tenant.get("id"));
      assertThat(((List<?>) Objects.requireNonNull(ams1.get("tags"))).stream().map(InfrahubToNetboxSyncTest::idOf))
          .containsExactlyInAnyOrder(
              netbox.find("extras/tags", "name", "Core").orElseThrow().get("id"),
              netbox.find("extras/tags", "name", "Edge").orElseThrow().get("id"));
      // Infrahub was read with page_size 2: 3 queries for the 5 LocationGeneric + tags + orgs, no N+1
      assertThat(infrahub.graphqlLog().reads("LocationGeneric")).isEqualTo(2);
      assertThat(infrahub.graphqlLog().mutationRequests()).isZero();

      netbox.requestLog().reset();
      SyncReport second = engine.sync();
      assertThat(second.plan().changes()).as(second.plan().render()).isEmpty();
      assertThat(netbox.requestLog().count("POST", "/api/") + netbox.requestLog().count("PATCH", "/api/")
          + netbox.requestLog().count("DELETE", "/api/")).isZero();
    }
  }

  private static @Nullable Object idOf(@Nullable Object nested) {
    return nested instanceof Map<?, ?> m ? m.get("id") : null;
  }

  @Test
  void anIncrementalRunReadsOnlyChangedNodesAndFindsDeletesThroughTheIdListing() {
    infrahub.clock().set(java.time.Instant.parse("2026-06-01T08:00:00Z"));
    String core = infrahub.create("BuiltinTag", Map.of("name", "Core", "description", "core network"));
    String edge = infrahub.create("BuiltinTag", Map.of("name", "Edge", "description", "edge"));
    for (int i = 0; i < 5; i++) {
      infrahub.create("BuiltinTag", Map.of("name", "Tag" + i, "description", "t" + i));
    }
    Map<String, String> env = Map.of(
        "INFRAHUB_ADDRESS", infrahub.baseUrl().toString(), "NETBOX_URL", netbox.baseUrl().toString(),
        "NETBOX_TOKEN", NetBoxServer.DEFAULT_TOKEN);
    SyncConfig config = ConfigLoader.parse(CONFIG.replace("name: to-netbox", "name: to-netbox\ndiffsync_flags: [CONTINUE_ON_FAILURE]"),
        "to-netbox.yml", null, env::get);
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env::get).inMemoryCache()
        .incremental(true).guardrails(io.infrasync.Guardrails.NONE).build()) {
      assertThat(engine.sync().success()).isTrue();
      assertThat(netbox.objects("extras/tags")).hasSize(7);

      infrahub.clock().advance(java.time.Duration.ofMinutes(5));
      infrahub.update(core, Map.of("description", "the core"));
      infrahub.delete(edge);
      List<String> queries = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      infrahub.faults().on(r -> {
        if (r.path().startsWith("/graphql")) {
          queries.add(r.bodyText());
        }
        return false;
      }).always(io.infrasync.testkit.Fault.latency(java.time.Duration.ZERO));

      SyncReport second = engine.sync();

      assertThat(second.success()).as(second.errors().toString()).isTrue();
      assertThat(second.plan().changes()).extracting(c -> c.action() + " " + c.key())
          .containsExactlyInAnyOrder("UPDATE Core", "DELETE Edge");
      assertThat(netbox.find("extras/tags", "name", "Core").orElseThrow()).containsEntry("description", "the core");
      assertThat(netbox.find("extras/tags", "name", "Edge")).isEmpty();
      assertThat(queries).anySatisfy(q -> assertThat(q).contains("BuiltinTag(offset: 0, limit: 2, "
          + "node_metadata__updated_at__after: \\\"2026-06-01T07:59:00Z\\\")"));
      assertThat(queries).anySatisfy(q -> assertThat(q).contains("edges { node { id } }"));
    } finally {
      infrahub.faults().clear();
      infrahub.clock().release();
    }
  }

  @Test
  void onceBothSidesAreQuietForLongerThanTheOverlapAnIncrementalRunReadsNothingOfTheUnchangedKinds() {
    infrahub.clock().set(java.time.Instant.parse("2026-06-01T08:00:00Z"));
    for (int i = 0; i < 7; i++) {
      infrahub.create("BuiltinTag", Map.of("name", "Tag" + i, "description", "t" + i));
    }
    Map<String, String> env = Map.of(
        "INFRAHUB_ADDRESS", infrahub.baseUrl().toString(), "NETBOX_URL", netbox.baseUrl().toString(),
        "NETBOX_TOKEN", NetBoxServer.DEFAULT_TOKEN);
    SyncConfig config = ConfigLoader.parse(CONFIG.replace("name: to-netbox", "name: to-netbox\ndiffsync_flags: [CONTINUE_ON_FAILURE]"),
        "to-netbox.yml", null, env::get);
    try (SyncEngine engine = SyncEngine.builder().config(config).environment(env::get).inMemoryCache()
        .incremental(true).guardrails(io.infrasync.Guardrails.NONE).build()) {
      assertThat(engine.sync().success()).isTrue(); // cold: writes the 7 tags into NetBox
      assertThat(netbox.objects("extras/tags")).hasSize(7);
      // Both servers' clocks move on past the 60 s overlap: nothing changes on either side.
      infrahub.clock().advance(java.time.Duration.ofMinutes(5));
      netbox.clock().advance(java.time.Duration.ofMinutes(5));

      SyncReport first = engine.sync();
      assertThat(first.success()).as(first.errors().toString()).isTrue();
      assertThat(first.plan().changes()).isEmpty();
      infrahub.clock().advance(java.time.Duration.ofMinutes(5));
      netbox.clock().advance(java.time.Duration.ofMinutes(5));
      infrahub.graphqlLog().clear();
      netbox.requestLog().reset();

      SyncReport second = engine.sync();

      assertThat(second.success()).as(second.errors().toString()).isTrue();
      assertThat(second.plan().changes()).isEmpty();
      // Before: newest change − 60 s, so the 7 tags that the cold run saw (Infrahub) and wrote
      // (NetBox), all within one minute, were read again by every incremental run: 4 pages of 2.
      assertThat(infrahub.graphqlLog().reads("BuiltinTag")).as("watermark, 1 empty page of changes, id listing")
          .isEqualTo(3);
      // NetBox: last_updated >= the newest tag's stamp, not 60 s before it.
      java.time.Instant newest = netbox.objects("extras/tags").stream()
          .map(t -> java.time.Instant.parse(String.valueOf(t.get("last_updated"))))
          .max(java.util.Comparator.naturalOrder()).orElseThrow();
      List<java.time.Instant> filters = netbox.requestLog().entries().stream()
          .filter(e -> e.path().equals("/api/extras/tags/") && e.query().contains("last_updated__gte"))
          .map(e -> java.time.Instant.parse(java.net.URLDecoder.decode(
              e.query().replaceAll(".*last_updated__gte=([^&]*).*", "$1"), java.nio.charset.StandardCharsets.UTF_8)))
          .toList();
      assertThat(filters).containsExactly(newest);
    } finally {
      netbox.clock().release();
      infrahub.clock().release();
    }
  }
}
