package io.infrasync.adapters.netbox;

import static io.infrasync.adapters.netbox.Rest.mapping;
import static io.infrasync.adapters.netbox.Rest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.testsupport.AdapterHarness;
import io.infrasync.Action;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Side;
import io.infrasync.SyncRecord;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.WriteOutcome;
import io.infrasync.testkit.Fault;
import io.infrasync.testkit.RequestLog;
import io.infrasync.testkit.RequestMatcher;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class NetBoxWriteTest {
  private static final String TOKEN = NetBoxServer.DEFAULT_TOKEN;
  private final SyncConfig config = Rest.config("memory", "netbox",
      mapping("BuiltinTag", "extras.tags", List.of("name"),
          FieldMapping.of("name", "name"), FieldMapping.of("slug", "slug"), FieldMapping.of("description", "description")),
      mapping("OrganizationGeneric", "tenancy.tenants", List.of("name"),
          FieldMapping.of("name", "name"), FieldMapping.of("slug", "slug")),
      mapping("LocationGeneric", "dcim.sites", List.of("name"),
          FieldMapping.of("name", "name"), FieldMapping.of("slug", "slug"), FieldMapping.of("status", "status"),
          FieldMapping.reference("organization", "tenant", "OrganizationGeneric"),
          FieldMapping.reference("tags", "tags", "BuiltinTag")),
      mapping("RoleGeneric", "dcim.device_roles", List.of("name"),
          FieldMapping.of("name", "name"), FieldMapping.of("slug", "slug"), FieldMapping.of("description", "description")),
      mapping("RoleGeneric", "dcim.rack_roles", List.of("name"),
          FieldMapping.of("name", "name"), FieldMapping.of("slug", "slug"), FieldMapping.of("description", "description")),
      mapping("InfraInterface", "dcim.interfaces", List.of("name"),
          FieldMapping.of("name", "name"), FieldMapping.of("interface_type", "type.label")));
  private final FieldLayout tags = AdapterHarness.layout(config, "BuiltinTag");
  private final FieldLayout sites = AdapterHarness.layout(config, "LocationGeneric");
  private final FieldLayout tenants = AdapterHarness.layout(config, "OrganizationGeneric");
  private final FieldLayout roles = AdapterHarness.layout(config, "RoleGeneric");
  private NetBoxServer netbox;
  private AdapterHarness.Ids ids;

  @BeforeEach
  void start() {
    netbox = NetBoxServer.builder().build().start();
    ids = new AdapterHarness.Ids(config);
  }

  @AfterEach
  void stop() {
    netbox.close();
  }

  private Adapter adapter(Object... settings) {
    return Rest.adapter("netbox", netbox, TOKEN, config, Side.DESTINATION, Rest.settings(settings));
  }

  private SyncRecord tag(String name, @Nullable String slug, @Nullable String description) {
    Map<String, Object> v = new HashMap<>();
    v.put("name", name);
    if (slug != null) {
      v.put("slug", slug);
    }
    if (description != null) {
      v.put("description", description);
    }
    return record(tags, v, null);
  }

  private List<Change> createTags(int n) {
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(AdapterHarness.create(tag("tag-" + i, "tag-" + i, "number " + i)));
    }
    return out;
  }

  private long writes() {
    return netbox.requestLog().entries().stream().filter(e -> !e.method().equals("GET")).count();
  }

  @Test
  void createsInBulkBatchesAndReturnsTheNewIds() {
    List<WriteOutcome> out = AdapterHarness.write(adapter("write_batch_size", 100), ids, Action.CREATE, tags, createTags(250));

    assertThat(out).hasSize(250).allSatisfy(o -> assertThat(o.ok()).as(String.valueOf(o.message())).isTrue());
    assertThat(netbox.count("extras/tags")).isEqualTo(250);
    assertThat(netbox.requestLog().count("POST", "/api/extras/tags/")).isEqualTo(3);
    for (int i = 0; i < 250; i++) {
      Map<String, Object> stored = netbox.find("extras/tags", "name", "tag-" + i).orElseThrow();
      assertThat(out.get(i).serverId()).isEqualTo(String.valueOf(stored.get("id")));
      assertThat(stored).containsEntry("description", "number " + i);
    }
  }

  @Test
  void perItemErrorsOfABulkCreateAreAttributedAndTheOtherRecordsWritten() {
    List<Change> changes = new ArrayList<>(createTags(4));
    changes.add(2, AdapterHarness.create(tag("no-slug", null, "x")));

    List<WriteOutcome> out = AdapterHarness.write(adapter(), ids, Action.CREATE, tags, changes);

    assertThat(out.get(2).ok()).isFalse();
    assertThat(out.get(2).field()).isEqualTo("slug");
    assertThat(out.get(2).message()).contains("POST " + netbox.baseUrl() + "/api/extras/tags/").contains("400")
        .contains("slug: This field is required.").contains("BuiltinTag no-slug");
    assertThat(out).filteredOn(WriteOutcome::ok).hasSize(4);
    assertThat(netbox.count("extras/tags")).isEqualTo(4);
    assertThat(netbox.requestLog().count("POST", "/api/extras/tags/")).isEqualTo(2);
  }

  @Test
  void netbox47BulkErrorsAreAttributedByIndexAndTheOthersSentAgain() {
    netbox.faults().on(RequestMatcher.of("POST", "/api/extras/tags/")).nth(1, Fault.status(400, "application/json",
        "{\"detail\": \"1 of 3 objects failed validation.\", \"errors\": [{\"index\": 1, \"errors\":"
            + " {\"name\": [\"Tag with this name is reserved.\"]}}]}"));

    List<WriteOutcome> out = AdapterHarness.write(adapter(), ids, Action.CREATE, tags, createTags(3));

    assertThat(out).extracting(WriteOutcome::ok).containsExactly(true, false, true);
    assertThat(out.get(1).field()).isEqualTo("name");
    assertThat(out.get(1).message()).contains("Tag with this name is reserved.");
    assertThat(netbox.objects("extras/tags")).extracting(o -> o.get("name")).containsExactlyInAnyOrder("tag-0", "tag-2");
  }

  @Test
  void anUnattributedBulkUpdateErrorIsNarrowedDownByWritingEachRecordAlone() {
    List<WriteOutcome> created = AdapterHarness.write(adapter(), ids, Action.CREATE, tags, createTags(3));
    List<Change> updates = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SyncRecord before = tag("tag-" + i, "tag-" + i, "number " + i).withServerId(created.get(i).serverId());
      String slug = i == 1 ? "tag-0" : "tag-" + i; // a duplicate slug: NetBox 4.6 answers one plain error dict
      updates.add(AdapterHarness.update(before, tag("tag-" + i, slug, "updated " + i)));
    }
    netbox.requestLog().reset();

    List<WriteOutcome> out = AdapterHarness.write(adapter(), ids, Action.UPDATE, tags, updates);

    assertThat(out).extracting(WriteOutcome::ok).containsExactly(true, false, true);
    assertThat(out.get(1).field()).isEqualTo("slug");
    assertThat(out.get(1).message()).contains("PATCH").contains("400").contains("slug");
    assertThat(netbox.find("extras/tags", "name", "tag-0").orElseThrow()).containsEntry("description", "updated 0");
    assertThat(netbox.find("extras/tags", "name", "tag-1").orElseThrow()).containsEntry("description", "number 1");
    assertThat(netbox.requestLog().count("PATCH", "/api/extras/tags/")).isEqualTo(4);
  }

  @Test
  void referencesAreWrittenAsTheServerIdsOfThePeers() {
    AdapterHarness.write(adapter(), ids, Action.CREATE, tags, createTags(2));
    AdapterHarness.write(adapter(), ids, Action.CREATE, tenants,
        List.of(AdapterHarness.create(record(tenants, Map.of("name", "Acme", "slug", "acme"), null))));
    SyncRecord tagA = tag("tag-0", "tag-0", "number 0");
    SyncRecord tagB = tag("tag-1", "tag-1", "number 1");
    SyncRecord acme = record(tenants, Map.of("name", "Acme", "slug", "acme"), null);
    SyncRecord site = record(sites, Map.of("name", "ams1", "slug", "ams1", "status", "planned",
        "organization", acme.key(), "tags", List.of(tagA.key(), tagB.key())), null);

    List<WriteOutcome> out = AdapterHarness.write(adapter(), ids, Action.CREATE, sites, List.of(AdapterHarness.create(site)));

    assertThat(out.get(0).ok()).as(String.valueOf(out.get(0).message())).isTrue();
    Map<String, Object> stored = netbox.find("dcim/sites", "name", "ams1").orElseThrow();
    assertThat(stored.get("tenant")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("name", "Acme");
    assertThat(stored.get("status")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("value", "planned");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> storedTags = (List<Map<String, Object>>) stored.get("tags");
    assertThat(storedTags).extracting(t -> t.get("name")).containsExactlyInAnyOrder("tag-0", "tag-1");
  }

  @Test
  void aFieldReadThroughANestedPathIsReportedNotGuessed() {
    FieldLayout interfaces = AdapterHarness.layout(config, "InfraInterface");
    SyncRecord eth0 = record(interfaces, Map.of("name", "eth0", "interface_type", "1000BASE-T (1GE)"), null);

    List<WriteOutcome> out = AdapterHarness.write(adapter(), ids, Action.CREATE, interfaces, List.of(AdapterHarness.create(eth0)));

    assertThat(out.get(0).ok()).isFalse();
    assertThat(out.get(0).field()).isEqualTo("interface_type");
    assertThat(out.get(0).message()).contains("InfraInterface.interface_type").contains("type.label");
    assertThat(writes()).isZero();
  }

  @Test
  void deletesByIdAndNarrowsAProtectedDeleteDownToTheRecordThatIsReferenced() {
    List<Change> creates = new ArrayList<>();
    for (String t : List.of("a", "b", "c")) {
      creates.add(AdapterHarness.create(record(tenants, Map.of("name", t, "slug", t), null)));
    }
    List<WriteOutcome> created = AdapterHarness.write(adapter(), ids, Action.CREATE, tenants, creates);
    netbox.seed("dcim/sites", Map.of("name", "s", "slug", "s", "tenant", Long.parseLong(created.get(1).serverId())));
    List<Change> deletes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      deletes.add(AdapterHarness.delete(source(creates.get(i)).withServerId(created.get(i).serverId())));
    }

    List<WriteOutcome> out = AdapterHarness.write(adapter(), ids, Action.DELETE, tenants, deletes);

    assertThat(out).extracting(WriteOutcome::ok).containsExactly(true, false, true);
    assertThat(out.get(1).message()).contains("409").contains("DELETE");
    assertThat(netbox.objects("tenancy/tenants")).extracting(o -> o.get("name")).containsExactly("b");
  }

  @Test
  void updatesAndDeletesOfAKindFedBySeveralEndpointsReachTheTableTheRecordWasReadFrom() {
    Map<String, Object> deviceRole = netbox.seed("dcim/device-roles", Map.of("name", "router", "slug", "router"));
    Map<String, Object> rackRole = netbox.seed("dcim/rack-roles", Map.of("name", "storage", "slug", "storage"));
    assertThat(deviceRole.get("id")).isEqualTo(rackRole.get("id"));
    Adapter a = adapter();
    List<RawRecord> read = new ArrayList<>();
    a.read(AdapterHarness.request(config, Side.DESTINATION, "dcim.device_roles"), read::add);
    a.read(AdapterHarness.request(config, Side.DESTINATION, "dcim.rack_roles"), read::add);
    assertThat(read).hasSize(2);
    String id = String.valueOf(rackRole.get("id"));
    SyncRecord storage = record(roles, Map.of("name", "storage", "slug", "storage"), id);

    List<WriteOutcome> updated = AdapterHarness.write(a, ids, Action.UPDATE, roles,
        List.of(AdapterHarness.update(storage, record(roles, Map.of("name", "storage", "slug", "storage", "description", "disks"),
            null))));
    assertThat(updated.get(0).ok()).as(String.valueOf(updated.get(0).message())).isTrue();
    assertThat(netbox.find("dcim/rack-roles", "name", "storage").orElseThrow()).containsEntry("description", "disks");
    assertThat(netbox.find("dcim/device-roles", "name", "router").orElseThrow()).containsEntry("description", "");

    List<WriteOutcome> deleted = AdapterHarness.write(adapter(), ids, Action.DELETE, roles, List.of(AdapterHarness.delete(storage)));
    assertThat(deleted.get(0).ok()).isTrue();
    assertThat(netbox.count("dcim/rack-roles")).isZero();
    assertThat(netbox.count("dcim/device-roles")).isEqualTo(1);
  }

  @Test
  void aCreateWhoseAnswerWasLostIsLookedUpAndNotSentTwice() {
    Adapter a = adapter("timeout", "1s");
    AdapterHarness.write(a, ids, Action.CREATE, tags, createTags(1));
    // The server applies the POST, then the connection breaks mid-answer: the outcome is unknown.
    netbox.faults().on(RequestMatcher.of("POST", "/api/extras/tags/")).nth(1, Fault.brokenBody(10));
    netbox.requestLog().reset();

    List<Change> more = new ArrayList<>();
    for (int i = 10; i < 15; i++) {
      more.add(AdapterHarness.create(tag("tag-" + i, "tag-" + i, null)));
    }
    List<WriteOutcome> out = AdapterHarness.write(a, ids, Action.CREATE, tags, more);

    assertThat(out).allSatisfy(o -> assertThat(o.ok()).as(String.valueOf(o.message())).isTrue());
    assertThat(netbox.count("extras/tags")).isEqualTo(6);
    assertThat(netbox.requestLog().count("POST", "/api/extras/tags/")).isEqualTo(1);
    assertThat(netbox.requestLog().entries()).anySatisfy(e -> assertThat(e.query()).contains("last_updated__gte"));
    for (int i = 0; i < 5; i++) {
      assertThat(out.get(i).serverId()).isEqualTo(
          String.valueOf(netbox.find("extras/tags", "name", "tag-" + (10 + i)).orElseThrow().get("id")));
    }
  }

  @Test
  void aCreateLostBeforeTheServerAppliedItIsSentAgainOnlyForTheMissingRecords() {
    netbox.faults().on(RequestMatcher.of("POST", "/api/extras/tags/")).nth(1, Fault.status(502));
    List<WriteOutcome> out = AdapterHarness.write(adapter(), ids, Action.CREATE, tags, createTags(5));

    assertThat(out).allSatisfy(o -> assertThat(o.ok()).as(String.valueOf(o.message())).isTrue());
    assertThat(netbox.count("extras/tags")).isEqualTo(5);
    assertThat(netbox.requestLog().count("POST", "/api/extras/tags/")).isEqualTo(2);
  }

  @Test
  void tenPercentFaultyRequestsLeaveTheSameStateAsAFaultFreeRunWithoutDuplicates() {
    Map<String, String> expected = scenario();
    netbox.clear();
    ids = new AdapterHarness.Ids(config);
    netbox.requestLog().reset();
    RequestMatcher any = RequestMatcher.any();
    netbox.faults().on(any).randomly(0.025, 11L, Fault.tooManyRequests(0));
    netbox.faults().on(any).randomly(0.025, 12L, Fault.status(503));
    netbox.faults().on(any).randomly(0.02, 13L, Fault.status(502));
    netbox.faults().on(any).randomly(0.015, 14L, Fault.dropConnection());
    netbox.faults().on(any).randomly(0.015, 15L, Fault.brokenBody(5));

    Map<String, String> faulty = scenario();

    assertThat(faulty).isEqualTo(expected);
    long fired = netbox.faults().rules().stream().mapToLong(r -> r.fired()).sum();
    assertThat(fired).as("faults fired").isGreaterThanOrEqualTo(8);
    // Some creates had an unknown outcome (502 or a broken answer after the server applied them).
    assertThat(netbox.requestLog().entries()).anySatisfy(e -> {
      assertThat(e.method()).isEqualTo("POST");
      assertThat(e.status() == 502 || "BrokenBody".equals(e.fault())).isTrue();
    });
  }

  /** Creates 300 tags, updates every third, deletes every fifth; the final state by name. */
  private Map<String, String> scenario() {
    Adapter a = adapter("write_batch_size", 5, "max_retries", 6, "timeout", "1s");
    List<Change> creates = createTags(300);
    List<WriteOutcome> created = AdapterHarness.write(a, ids, Action.CREATE, tags, creates);
    assertThat(created).allSatisfy(o -> assertThat(o.ok()).as(String.valueOf(o.message())).isTrue());
    List<Change> updates = new ArrayList<>();
    List<Change> deletes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      SyncRecord stored = source(creates.get(i)).withServerId(created.get(i).serverId());
      if (i % 3 == 0) {
        updates.add(AdapterHarness.update(stored, tag("tag-" + i, "tag-" + i, "third " + i)));
      } else if (i % 5 == 0) {
        deletes.add(AdapterHarness.delete(stored));
      }
    }
    assertThat(AdapterHarness.write(a, ids, Action.UPDATE, tags, updates)).allSatisfy(o -> assertThat(o.ok()).isTrue());
    assertThat(AdapterHarness.write(a, ids, Action.DELETE, tags, deletes)).allSatisfy(o -> assertThat(o.ok()).isTrue());
    assertThat(netbox.objects("extras/tags").stream().map(o -> o.get("name")).distinct().count())
        .isEqualTo(netbox.count("extras/tags"));
    return netbox.objects("extras/tags").stream().collect(Collectors.toMap(o -> (String) o.get("name"),
        o -> String.valueOf(o.get("description"))));
  }

  @Test
  void theTokenNeverAppearsInMessagesOrLogs() {
    netbox.close();
    netbox = NetBoxServer.builder().readOnlyToken(TOKEN).build().start();
    List<String> texts = new ArrayList<>();
    try (Rest.Logs logs = new Rest.Logs()) {
      for (WriteOutcome o : AdapterHarness.write(adapter(), ids, Action.CREATE, tags, createTags(2))) {
        assertThat(o.ok()).isFalse();
        texts.add(o.message());
      }
      try {
        AdapterHarness.read(Rest.adapter("netbox", netbox, "nbt_abcdefghijkl.wrongwrongwrong", config, Side.SOURCE, Map.of()),
            AdapterHarness.request(config, Side.SOURCE, "extras.tags"));
      } catch (RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          texts.add(String.valueOf(t.getMessage()));
        }
      }
      texts.add(logs.text());
    }
    assertThat(texts).anySatisfy(t -> assertThat(t).contains("403"));
    assertThat(String.join("\n", texts)).doesNotContain(TOKEN).doesNotContain("wrongwrongwrong");
  }

  @Test
  void secondIdenticalWriteOfAnUnchangedRecordSendsNothing() {
    List<WriteOutcome> created = AdapterHarness.write(adapter(), ids, Action.CREATE, tags, createTags(1));
    SyncRecord stored = tag("tag-0", "tag-0", "number 0").withServerId(created.get(0).serverId());
    netbox.requestLog().reset();
    List<WriteOutcome> out = AdapterHarness.write(adapter(), ids, Action.UPDATE, tags,
        List.of(new Change(Action.UPDATE, "BuiltinTag", stored.key(), stored, stored, List.of(), 0)));
    assertThat(out.get(0).ok()).isTrue();
    assertThat(netbox.requestLog().total()).isZero();
  }

  private static SyncRecord source(Change c) {
    return java.util.Objects.requireNonNull(c.source());
  }

  static List<RequestLog.Entry> entries(NetBoxServer s, String method) {
    return s.requestLog().entries().stream().filter(e -> e.method().equals(method)).toList();
  }
}
