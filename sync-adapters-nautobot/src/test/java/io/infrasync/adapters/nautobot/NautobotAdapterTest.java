package io.infrasync.adapters.nautobot;

import static io.infrasync.adapters.nautobot.Fixtures.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.testsupport.AdapterHarness;
import io.infrasync.Action;
import io.infrasync.AdapterException;
import io.infrasync.ConfigurationException;
import io.infrasync.FieldLayout;
import io.infrasync.Side;
import io.infrasync.SyncRecord;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.spi.Secret;
import io.infrasync.spi.Settings;
import io.infrasync.spi.WriteOutcome;
import io.infrasync.testkit.Fault;
import io.infrasync.testkit.RequestLog;
import io.infrasync.testkit.RequestMatcher;
import io.infrasync.testkit.nautobot.NautobotServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NautobotAdapterTest {
  private final SyncConfig config = Fixtures.config("""
        - name: CoreStandardGroup
          mapping: tenancy.tenant-groups
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
        - name: OrganizationGeneric
          mapping: tenancy.tenants
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
            - {name: description, mapping: description}
            - {name: group, mapping: tenant_group, reference: CoreStandardGroup}
            - {name: group_name, mapping: tenant_group.name}
      """);
  private final FieldLayout tenants = AdapterHarness.layout(config, "OrganizationGeneric");
  private final FieldLayout groups = AdapterHarness.layout(config, "CoreStandardGroup");
  private NautobotServer nautobot;
  private AdapterHarness.Ids ids;

  @BeforeEach
  void start() {
    nautobot = NautobotServer.builder().build().start();
    ids = new AdapterHarness.Ids(config);
  }

  @AfterEach
  void stop() {
    nautobot.close();
  }

  private Adapter adapter(Object... settings) {
    return Fixtures.adapter(nautobot, config, Side.SOURCE, settings);
  }

  private ReadRequest tenantsRead() {
    return AdapterHarness.request(config, Side.SOURCE, "tenancy.tenants");
  }

  private List<String> queries(String path) {
    return nautobot.requestLog().entries().stream().filter(e -> e.path().equals(path)).map(RequestLog.Entry::query)
        .toList();
  }

  private Map<String, Object> seedTenants(int n) {
    Map<String, Object> group = nautobot.seed("tenancy/tenant-groups", m("name", "customers"));
    for (int i = 0; i < n; i++) {
      nautobot.seed("tenancy/tenants", m("name", String.format("tenant-%05d", i), "tenant_group", group.get("id")));
    }
    return group;
  }

  @Test
  void settingsComeFromNautobotEnvironmentVariablesAndDepthDefaultsToOne() {
    Map<String, String> env = Map.of("NAUTOBOT_URL", "https://url.example", "NAUTOBOT_ADDRESS", "https://address.example",
        "NAUTOBOT_TOKEN", "t0k3n");
    Settings s = Fixtures.settings(Map.of("url", "https://config.example", "token", "x"), env);
    assertThat(s.string("url")).contains("https://address.example");
    assertThat(s.secret("token")).contains(Secret.of("t0k3n"));
    assertThat(s.integer("depth")).isEqualTo(1);
    assertThat(NautobotAdapterProvider.authorization(Secret.of("abc")).reveal()).isEqualTo("Token abc");
    assertThatThrownBy(() -> Fixtures.adapter(nautobot, config, Side.SOURCE, "api_version", "two"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("api_version");
    assertThatThrownBy(() -> Fixtures.adapter(nautobot, config, Side.SOURCE, "depth", 11))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("depth");
  }

  @Test
  void readsAtDepthOneSoThatDottedPathsReachRelatedAttributesWithConcurrentPages() {
    seedTenants(1010);
    nautobot.requestLog().reset();

    List<RawRecord> read = AdapterHarness.read(adapter(), tenantsRead());

    assertThat(read).hasSize(1010);
    assertThat(read).allSatisfy(r -> assertThat(UUID.fromString(r.id())).isNotNull());
    assertThat(read.get(0).data().get("tenant_group")).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("name", "customers").containsKey("url");
    assertThat(queries("/api/tenancy/tenants/")).hasSize(2)
        .allSatisfy(q -> assertThat(q).contains("depth=1"))
        .anySatisfy(q -> assertThat(q).contains("limit=0").contains("offset=0"))
        .anySatisfy(q -> assertThat(q).contains("limit=1000").contains("offset=1000"));
  }

  @Test
  void depthZeroNestsOnlyIdObjectTypeAndUrl() {
    seedTenants(1);
    RawRecord t = AdapterHarness.read(adapter("depth", 0), tenantsRead()).get(0);
    assertThat(t.data().get("tenant_group")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsOnlyKeys("id", "object_type", "url");
  }

  @Test
  void listIdsAndWatermarksAskForTheSmallestShape() {
    seedTenants(1010);
    nautobot.requestLog().reset();
    Adapter a = adapter();

    Set<String> listed = a.listIds(tenantsRead());
    Cursor w = a.watermark(tenantsRead()).orElseThrow();

    assertThat(listed).hasSize(1010).isEqualTo(nautobot.objects("tenancy/tenants").stream()
        .map(o -> String.valueOf(o.get("id"))).collect(Collectors.toSet()));
    assertThat(queries("/api/tenancy/tenants/")).hasSize(3).allSatisfy(q -> assertThat(q).contains("depth=0"))
        .anySatisfy(q -> assertThat(q).contains("sort=-last_updated").contains("limit=1"));
    assertThat(w.tier()).isEqualTo(Cursor.Tier.TIMESTAMP);
  }

  @Test
  void anUnknownFilterAnswerFallsBackToAFullReadWithAWarning() {
    seedTenants(3);
    nautobot.faults().on(r -> r.rawQuery().contains("last_updated__gte")).always(Fault.status(400, "application/json",
        "{\"last_updated__gte\": [\"Unknown filter field\"]}"));
    Adapter a = adapter();
    List<RawRecord> changed = Collections.synchronizedList(new ArrayList<>());
    List<LogRecord> logs = Collections.synchronizedList(new ArrayList<>());
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logs.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger.getLogger("").addHandler(h);
    try {
      a.readChangedSince(tenantsRead(), Cursor.timestamp("2026-01-01T00:00:00Z"), changed::add);
    } finally {
      Logger.getLogger("").removeHandler(h);
    }
    assertThat(changed).hasSize(3);
    assertThat(logs).anySatisfy(r -> assertThat(r.getMessage()).contains("does not honour the last_updated__gte"));
    nautobot.requestLog().reset();
    a.readChangedSince(tenantsRead(), Cursor.timestamp("2026-01-01T00:00:00Z"), changed::add);
    assertThat(queries("/api/tenancy/tenants/")).singleElement()
        .satisfies(q -> assertThat(q).doesNotContain("last_updated__gte"));
  }

  @Test
  void theApiVersionIsAskedForInTheAcceptHeader() {
    List<String> accepts = Collections.synchronizedList(new ArrayList<>());
    nautobot.faults().on(r -> {
      accepts.add(String.valueOf(r.header("Accept")));
      return false;
    }).always(Fault.status(500));
    seedTenants(1);
    AdapterHarness.read(adapter("api_version", "2.3"), tenantsRead());
    assertThat(accepts).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo("application/json; version=2.3"));
    assertThatThrownBy(() -> AdapterHarness.read(adapter("api_version", "2.9"), tenantsRead()))
        .isInstanceOf(AdapterException.class).hasMessageContaining("406").hasMessageContaining("GET");
  }

  private SyncRecord group(String name) {
    return SyncRecord.of(groups, Map.of("name", name), null);
  }

  private SyncRecord tenant(String name, String description, SyncRecord group) {
    return SyncRecord.of(tenants, m("name", name, "description", description, "group", group.key()), null);
  }

  @Test
  void writesInBulkWithUuidReferencesAndAttributesErrorsToTheirRecords() {
    Adapter a = Fixtures.adapter(nautobot, config, Side.DESTINATION, "write_batch_size", 50);
    SyncRecord customers = group("customers");
    assertThat(AdapterHarness.write(a, ids, Action.CREATE, groups, List.of(AdapterHarness.create(customers))))
        .singleElement().satisfies(o -> assertThat(o.ok()).isTrue());
    nautobot.seed("tenancy/tenants", m("name", "taken"));
    List<io.infrasync.Change> creates = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      creates.add(AdapterHarness.create(tenant("t-" + i, "number " + i, customers)));
    }
    creates.add(7, AdapterHarness.create(tenant("taken", "clash", customers)));

    List<WriteOutcome> out = AdapterHarness.write(a, ids, Action.CREATE, tenants, creates);

    assertThat(out.get(7).ok()).isFalse();
    assertThat(out.get(7).field()).isEqualTo("name");
    assertThat(out.get(7).message()).contains("POST").contains("/api/tenancy/tenants/").contains("400");
    assertThat(out).filteredOn(WriteOutcome::ok).hasSize(120)
        .allSatisfy(o -> assertThat(UUID.fromString(java.util.Objects.requireNonNull(o.serverId()))).isNotNull());
    Map<String, Object> t5 = nautobot.find("tenancy/tenants", "name", "t-5").orElseThrow();
    assertThat(t5.get("tenant_group")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("id", ids.serverId("CoreStandardGroup", customers.key()));

    SyncRecord before = tenant("t-5", "number 5", customers).withServerId(out.get(5).serverId());
    List<WriteOutcome> updated = AdapterHarness.write(a, ids, Action.UPDATE, tenants,
        List.of(AdapterHarness.update(before, tenant("t-5", "renumbered", customers))));
    assertThat(updated.get(0).ok()).as(String.valueOf(updated.get(0).message())).isTrue();
    assertThat(nautobot.find("tenancy/tenants", "name", "t-5").orElseThrow()).containsEntry("description", "renumbered");

    List<WriteOutcome> deleted = AdapterHarness.write(a, ids, Action.DELETE, tenants, List.of(AdapterHarness.delete(before)));
    assertThat(deleted.get(0).ok()).isTrue();
    assertThat(nautobot.find("tenancy/tenants", "name", "t-5")).isEmpty();
  }

  @Test
  void aNestedPathIsNotWrittenAndALostCreateAnswerIsNotSentTwice() {
    Adapter a = Fixtures.adapter(nautobot, config, Side.DESTINATION, "timeout", "1s");
    SyncRecord customers = group("customers");
    AdapterHarness.write(a, ids, Action.CREATE, groups, List.of(AdapterHarness.create(customers)));
    SyncRecord named = SyncRecord.of(tenants, m("name", "n", "group_name", "customers"), null);
    assertThat(AdapterHarness.write(a, ids, Action.CREATE, tenants, List.of(AdapterHarness.create(named))).get(0).message())
        .contains("OrganizationGeneric.group_name").contains("tenant_group.name");

    nautobot.faults().on(RequestMatcher.of("POST", "/api/tenancy/tenants/")).nth(1, Fault.brokenBody(10));
    List<io.infrasync.Change> creates = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      creates.add(AdapterHarness.create(tenant("lost-" + i, "", customers)));
    }
    List<WriteOutcome> out = AdapterHarness.write(a, ids, Action.CREATE, tenants, creates);

    assertThat(out).allSatisfy(o -> assertThat(o.ok()).as(String.valueOf(o.message())).isTrue());
    assertThat(nautobot.count("tenancy/tenants")).isEqualTo(4);
    assertThat(nautobot.requestLog().count("POST", "/api/tenancy/tenants/")).isEqualTo(1);
  }
}
