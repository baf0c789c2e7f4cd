package io.infrasync.adapters.infrahub.internal;

import static io.infrasync.adapters.infrahub.internal.Fixture.DEVICE;
import static io.infrasync.adapters.infrahub.internal.Fixture.TAG;
import static io.infrasync.adapters.infrahub.internal.Fixture.create;
import static io.infrasync.adapters.infrahub.internal.Fixture.delete;
import static io.infrasync.adapters.infrahub.internal.Fixture.map;
import static io.infrasync.adapters.infrahub.internal.Fixture.record;
import static io.infrasync.adapters.infrahub.internal.Fixture.update;
import static io.infrasync.adapters.infrahub.internal.Fixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.AdapterException;
import io.infrasync.Change;
import io.infrasync.ConfigurationException;
import io.infrasync.Key;
import io.infrasync.SyncRecord;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.WriteOutcome;
import io.infrasync.testkit.Fault;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class InfrahubAdapterTest {
  @RegisterExtension
  static final InfrahubServer infrahub = InfrahubServer.builder().schema(InfrahubSchema.examples()).build();

  @BeforeEach
  void reset() {
    infrahub.clear();
    infrahub.faults().clear();
    infrahub.requestLog().reset();
    infrahub.graphqlLog().clear();
  }

  /** Node ids by seeded name. */
  record Seed(Map<String, String> ids) {
    String get(String name) {
      return java.util.Objects.requireNonNull(ids.get(name), name);
    }

    void put(String name, String id) {
      ids.put(name, id);
    }
  }

  /** Tags t0..t2, site s1, devices d0..d6 at s1, each tagged with t0 and t(i % 3). */
  private Seed seedDevices() {
    Seed ids = new Seed(new java.util.LinkedHashMap<>());
    for (int i = 0; i < 3; i++) {
      ids.put("t" + i, infrahub.create("BuiltinTag", Map.of("name", "t" + i)));
    }
    ids.put("s1", infrahub.create("LocationGeneric", Map.of("name", "s1", "type", "Site")));
    for (int i = 0; i < 7; i++) {
      ids.put("d" + i, infrahub.create("InfraDevice", Map.of("name", "d" + i, "location", ids.get("s1"),
          "tags", List.of(ids.get("t0"), ids.get("t" + (i % 3))).stream().distinct().toList())));
    }
    return ids;
  }

  @Test
  void readsAttributesAndRelationshipIdsOfOnePageInOneQueryWithoutPerNodeRequests() {
    Seed ids = seedDevices();
    SyncConfig config = Fixture.config(infrahub, Map.of("page_size", 3L));
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of("page_size", 3L));

    List<RawRecord> records = Fixture.read(adapter, config, "InfraDevice");

    assertThat(records).hasSize(7);
    RawRecord d4 = records.stream().filter(r -> "d4".equals(r.data().get("name"))).findFirst().orElseThrow();
    assertThat(d4.id()).isEqualTo(ids.get("d4"));
    assertThat(d4.data()).containsExactlyEntriesOf(map("name", "d4", "description", null,
        "location", Map.of("id", ids.get("s1")), "rack", null,
        "tags", List.of(Map.of("id", ids.get("t0")), Map.of("id", ids.get("t1")))));
    // 7 nodes, 3 per page: 3 queries, and nothing else (no per-node relationship fetch)
    assertThat(infrahub.graphqlLog().queryRequests()).isEqualTo(3);
    assertThat(infrahub.graphqlLog().reads("InfraDevice")).isEqualTo(3);
    assertThat(infrahub.requestLog().count("GET", "/api/schema")).isEqualTo(1);
  }

  @Test
  void writesCreatesAsSeveralMutationsPerRequestAndReturnsTheNewIds() {
    SyncConfig config = Fixture.config(infrahub, Map.of("write_batch_size", 3L, "concurrency", 1L));
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of("write_batch_size", 3L, "concurrency", 1L));
    List<Change> creates = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      creates.add(create(record(TAG, null, "name", "tag" + i, "description", i % 2 == 0 ? "even \"" + i + "\"" : null)));
    }

    List<WriteOutcome> outcomes = write(adapter, new Fixture.Ids(config), creates);

    assertThat(outcomes).allMatch(WriteOutcome::ok);
    assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(3); // ceil(7 / 3)
    for (int i = 0; i < 7; i++) {
      var node = infrahub.find("BuiltinTag", "name", "tag" + i).orElseThrow();
      assertThat(outcomes.get(i).serverId()).isEqualTo(node.id());
      assertThat(node.attribute("description")).isEqualTo(i % 2 == 0 ? "even \"" + i + "\"" : null);
    }
  }

  @Test
  void infrahubSync168StalePeersRemoved() {
    Seed ids = seedDevices();
    SyncConfig config = Fixture.config(infrahub, Map.of());
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of());
    Fixture.Ids context = new Fixture.Ids(config);
    ids.ids().forEach((name, id) -> context.put(name.startsWith("t") ? "BuiltinTag" : "LocationGeneric", Key.of(name), id));
    Key s1 = Key.of("s1");
    SyncRecord d1 = record(DEVICE, ids.get("d1"), "name", "d1", "location", s1,
        "tags", List.of(Key.of("t0"), Key.of("t1")));
    assertThat(infrahub.node(ids.get("d1")).orElseThrow().peers("tags")).hasSize(2);

    List<WriteOutcome> outcomes = write(adapter, context, List.of(update(d1, "tags", List.of(Key.of("t1")))));

    assertThat(outcomes).singleElement().matches(WriteOutcome::ok);
    assertThat(infrahub.node(ids.get("d1")).orElseThrow().peers("tags")).containsExactly(ids.get("t1"));
    // and read back as exactly that peer
    RawRecord back = Fixture.read(adapter, config, "InfraDevice").stream()
        .filter(r -> ids.get("d1").equals(r.id())).findFirst().orElseThrow();
    assertThat(back.data().get("tags")).isEqualTo(List.of(Map.of("id", ids.get("t1"))));
  }

  @Test
  void aCardinalityOneRelationshipSetToNullIsCleared() {
    Seed ids = seedDevices();
    String rack = infrahub.create("InfraRack", Map.of("name", "r1", "location", ids.get("s1")));
    infrahub.update(ids.get("d2"), Map.of("rack", rack));
    SyncConfig config = Fixture.config(infrahub, Map.of());
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of());
    SyncRecord d2 = record(DEVICE, ids.get("d2"), "name", "d2", "location", Key.of("s1"),
        "rack", Key.of("r1", Key.of("s1")));

    List<WriteOutcome> outcomes = write(adapter, new Fixture.Ids(config), List.of(update(d2, "rack", null)));

    assertThat(outcomes).singleElement().matches(WriteOutcome::ok);
    assertThat(infrahub.node(ids.get("d2")).orElseThrow().peer("rack")).isNull();
    assertThat(infrahub.node(ids.get("d2")).orElseThrow().peer("location")).isEqualTo(ids.get("s1"));
  }

  @Test
  void deletesByIdAndCountsANodeAlreadyGoneAsDeleted() {
    Seed ids = seedDevices();
    SyncConfig config = Fixture.config(infrahub, Map.of());
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of());
    infrahub.delete(ids.get("d6"));
    List<Change> deletes = List.of(
        delete(record(DEVICE, ids.get("d5"), "name", "d5", "location", Key.of("s1"))),
        delete(record(DEVICE, ids.get("d6"), "name", "d6", "location", Key.of("s1"))));

    List<WriteOutcome> outcomes = write(adapter, new Fixture.Ids(config), deletes);

    assertThat(outcomes).allMatch(WriteOutcome::ok);
    assertThat(infrahub.count("InfraDevice")).isEqualTo(5);
    assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(1);
  }

  @Test
  void aFailedMutationIsMappedToItsRecordAndFieldAndTheOthersOfTheRequestSucceed() {
    infrahub.create("BuiltinTag", Map.of("name", "taken"));
    SyncConfig config = Fixture.config(infrahub, Map.of());
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of());

    List<WriteOutcome> outcomes = write(adapter, new Fixture.Ids(config), List.of(
        create(record(TAG, null, "name", "a")), create(record(TAG, null, "name", "taken")),
        create(record(TAG, null, "name", "b"))));

    assertThat(outcomes).extracting(WriteOutcome::ok).containsExactly(true, false, true);
    WriteOutcome failed = outcomes.get(1);
    assertThat(failed.key()).isEqualTo(Key.of("taken"));
    assertThat(failed.field()).isEqualTo("name");
    assertThat(failed.message()).startsWith("BuiltinTag 'taken', field name: ").contains("UNIQUENESS_VIOLATION");
    assertThat(infrahub.count("BuiltinTag")).isEqualTo(3);
    assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(1);
  }

  @Test
  void aReferenceWithoutAnInfrahubNodeFailsThatRecordOnlyAndIsNeverSent() {
    Seed ids = seedDevices();
    SyncConfig config = Fixture.config(infrahub, Map.of());
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of());
    Fixture.Ids context = new Fixture.Ids(config).put("LocationGeneric", Key.of("s1"), ids.get("s1"));

    List<WriteOutcome> outcomes = write(adapter, context, List.of(
        create(record(DEVICE, null, "name", "new1", "location", Key.of("s1"))),
        create(record(DEVICE, null, "name", "new2", "location", Key.of("s1"), "tags", List.of(Key.of("nope"))))));

    assertThat(outcomes.get(0).ok()).isTrue();
    assertThat(outcomes.get(1).ok()).isFalse();
    assertThat(outcomes.get(1).field()).isEqualTo("tags");
    assertThat(outcomes.get(1).message()).isEqualTo("InfraDevice 's1__new2', field tags: the referenced BuiltinTag"
        + " 'nope' has no Infrahub node (it is not in Infrahub and was not created in this run)");
    assertThat(infrahub.find("InfraDevice", "name", "new2")).isEmpty();
  }

  @Test
  void aLostAnswerToCreatesThatWereAppliedIsVerifiedAndNothingIsCreatedTwice() {
    SyncConfig config = Fixture.config(infrahub, Map.of());
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of());
    infrahub.faults().on(InfrahubServer.mutations()).nth(1, Fault.truncatedBody(10));

    List<WriteOutcome> outcomes = write(adapter, new Fixture.Ids(config),
        List.of(create(record(TAG, null, "name", "x")), create(record(TAG, null, "name", "y"))));

    assertThat(outcomes).allMatch(WriteOutcome::ok);
    assertThat(infrahub.count("BuiltinTag")).isEqualTo(2);
    assertThat(outcomes.get(0).serverId()).isEqualTo(infrahub.find("BuiltinTag", "name", "x").orElseThrow().id());
    assertThat(outcomes).allMatch(o -> o.retries() == 1);
    assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(1); // found, not sent again
  }

  @Test
  void anAnswerCutOffMidBodyAfterTheCreatesWereAppliedIsVerifiedToo() {
    SyncConfig config = Fixture.config(infrahub, Map.of());
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of("timeout", 2L));
    infrahub.faults().on(InfrahubServer.mutations()).nth(1, Fault.brokenBody(10));

    List<WriteOutcome> outcomes = write(adapter, new Fixture.Ids(config),
        List.of(create(record(TAG, null, "name", "x")), create(record(TAG, null, "name", "y"))));

    assertThat(outcomes).allMatch(WriteOutcome::ok);
    assertThat(infrahub.count("BuiltinTag")).isEqualTo(2);
    assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(1);
  }

  @Test
  void aLostRequestThatWasNotAppliedIsSentAgainOnceVerified() {
    SyncConfig config = Fixture.config(infrahub, Map.of());
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of());
    infrahub.faults().on(InfrahubServer.mutations()).nth(1, Fault.dropConnection());

    List<WriteOutcome> outcomes = write(adapter, new Fixture.Ids(config),
        List.of(create(record(TAG, null, "name", "x")), create(record(TAG, null, "name", "y"))));

    assertThat(outcomes).allMatch(WriteOutcome::ok);
    assertThat(infrahub.count("BuiltinTag")).isEqualTo(2);
    assertThat(outcomes.get(1).serverId()).isEqualTo(infrahub.find("BuiltinTag", "name", "y").orElseThrow().id());
  }

  @Test
  void theConfigurationIsCheckedAgainstTheSchemaBeforeAnyNodeIsRead() {
    SyncConfig config = SyncConfig.builder("bad")
        .source("memory", Map.of())
        .destination("infrahub", Map.of("url", infrahub.baseUrl().toString(), "token", InfrahubServer.DEFAULT_TOKEN))
        .mapping(io.infrasync.config.SchemaMapping.builder("InfraDevice").mapping("dcim.devices")
            .identifiers("name", "location", "rack").field("name", "name")
            .reference("location", "site", "LocationGeneric").reference("rack", "rack", "InfraRack").build())
        .mapping(io.infrasync.config.SchemaMapping.builder("BuiltinTagg").mapping("extras.tags")
            .identifiers("name").field("name", "name").build())
        .build();
    InfrahubAdapter adapter = new InfrahubAdapter(Contexts.of(config, io.infrasync.Side.DESTINATION, null));

    assertThatThrownBy(() -> Fixture.read(adapter, config, "InfraDevice"))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
            .extracting(ConfigurationException.Problem::message).containsExactlyInAnyOrder(
                "infrahub: identifiers [name, location, rack] of `InfraDevice` are finer than Infrahub's human"
                    + " friendly id [location__name__value, name__value] on [location, name]: two source records"
                    + " that differ only in [rack] would be the same Infrahub node (infrahub-sync #166); use"
                    + " identifiers [location, name] or change the Infrahub schema",
                "infrahub: kind `BuiltinTagg` does not exist in Infrahub (branch main); did you mean `BuiltinTag`?"));
    assertThat(infrahub.requestLog().count("POST", "/graphql")).isZero();
    assertThat(adapter.validate()).hasSize(2);
  }

  @Test
  void aUrlCarryingCredentialsIsRefusedWithoutEchoingThem() {
    String url = infrahub.baseUrl().toString().replace("http://", "http://admin:s3cr3t-pw@");
    SyncConfig config = Fixture.config(infrahub, Map.of("url", url));
    assertThatThrownBy(() -> new InfrahubAdapter(Contexts.of(config, io.infrasync.Side.DESTINATION, null)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
            .extracting(ConfigurationException.Problem::message).containsExactly(
                "infrahub: must not carry credentials, a query or a fragment; put the token in settings.token (or"
                    + " INFRAHUB_API_TOKEN)"))
        .hasMessageNotContaining("s3cr3t-pw");
    assertThat(infrahub.requestLog().total()).as("refused before any request").isZero();
  }

  @Test
  void writesGoToTheConfiguredBranchAndLeaveMainUntouched() {
    infrahub.createBranch("b1");
    SyncConfig config = Fixture.config(infrahub, Map.of("branch", "ignored-because-the-run-overrides-it"));
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of("branch", "ignored"), "b1");

    write(adapter, new Fixture.Ids(config), List.of(create(record(TAG, null, "name", "on-b1"))));

    assertThat(infrahub.nodes("b1", "BuiltinTag")).extracting(n -> n.attribute("name")).containsExactly("on-b1");
    assertThat(infrahub.nodes("BuiltinTag")).isEmpty();
    assertThat(Fixture.read(adapter, config, "BuiltinTag")).hasSize(1);
    assertThat(Fixture.read(Fixture.adapter(infrahub, Map.of()), config, "BuiltinTag")).isEmpty();
    assertThat(infrahub.requestLog().count("POST", "/graphql/b1")).isEqualTo(2); // one mutation, one query
  }

  @Test
  void anUnknownBranchIsReportedByName() {
    SyncConfig config = Fixture.config(infrahub, Map.of());
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of(), "nope");

    assertThatThrownBy(() -> Fixture.read(adapter, config, "BuiltinTag"))
        .isInstanceOf(AdapterException.class)
        .hasMessageContaining("branch 'nope' does not exist");
  }

  @Test
  void pagesOfALargeKindAreFetchedConcurrentlyAndCompletely() {
    for (int i = 0; i < 95; i++) {
      infrahub.create("BuiltinTag", Map.of("name", String.format("tag-%03d", i)));
    }
    SyncConfig config = Fixture.config(infrahub, Map.of("page_size", 10L, "concurrency", 4L));
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of("page_size", 10L, "concurrency", 4L));
    infrahub.faults().latency(java.time.Duration.ofMillis(20));

    List<RawRecord> records = Fixture.read(adapter, config, "BuiltinTag");

    assertThat(records).extracting(r -> (String) r.data().get("name")).doesNotHaveDuplicates().hasSize(95);
    assertThat(infrahub.graphqlLog().queryRequests()).isEqualTo(10);
    assertThat(adapter.listIds(Fixture.request(config, "BuiltinTag")))
        .isEqualTo(infrahub.nodes("BuiltinTag").stream().map(n -> n.id()).collect(Collectors.toSet()));
    assertThat(infrahub.graphqlLog().queryRequests()).isEqualTo(11); // id pages are 10x larger: 1 more query
  }

  @Test
  void incrementalReadsUseTheServersNewestChangeAsWatermarkAndOverlapIt() {
    var clock = infrahub.clock();
    clock.set(java.time.Instant.parse("2026-05-01T10:00:00Z"));
    String a = infrahub.create("BuiltinTag", Map.of("name", "a"));
    clock.advance(java.time.Duration.ofMinutes(10));
    infrahub.create("BuiltinTag", Map.of("name", "b"));
    SyncConfig config = Fixture.config(infrahub, Map.of("cursor_overlap", 30L));
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of("cursor_overlap", 30L));
    var request = Fixture.request(config, "BuiltinTag");

    assertThat(adapter.supportsCursor(request)).isTrue();
    var cursor = adapter.watermark(request).orElseThrow();
    assertThat(cursor.toString()).isEqualTo("TIMESTAMP:2026-05-01T10:10:00Z");

    clock.advance(java.time.Duration.ofMinutes(5));
    infrahub.update(a, Map.of("description", "changed"));
    clock.advance(java.time.Duration.ofMinutes(5));
    infrahub.create("BuiltinTag", Map.of("name", "c"));
    List<RawRecord> changed = new ArrayList<>();
    adapter.readChangedSince(request, cursor, changed::add);

    // b (updated exactly 0 s before the watermark) is re-read thanks to the 30 s overlap
    assertThat(changed).extracting(r -> (String) r.data().get("name")).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(changed.stream().filter(r -> a.equals(r.id())).findFirst().orElseThrow().data().get("description"))
        .isEqualTo("changed");
    clock.release();
  }

  @Test
  void aKindQuietForLongerThanTheOverlapIsNotReadAgainByTheNextIncrementalRead() {
    var clock = infrahub.clock();
    try {
      clock.set(java.time.Instant.parse("2026-05-01T10:00:00Z"));
      for (int i = 0; i < 5; i++) { // a bulk load: every node within one overlap of the newest
        infrahub.create("BuiltinTag", Map.of("name", "bulk" + i));
        clock.advance(java.time.Duration.ofSeconds(1));
      }
      clock.advance(java.time.Duration.ofMinutes(10));
      SyncConfig config = Fixture.config(infrahub, Map.of());
      InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of()); // cursor_overlap 60 s
      var request = Fixture.request(config, "BuiltinTag");

      var cursor = adapter.watermark(request).orElseThrow();
      // newest change 10:00:04 + overlap, not the server's 10:10:05
      assertThat(cursor.toString()).isEqualTo("TIMESTAMP:2026-05-01T10:01:04Z");
      List<RawRecord> changed = new ArrayList<>();
      adapter.readChangedSince(request, cursor, changed::add);
      assertThat(changed).as("before: newest − 60 s re-read all 5 nodes on every run").isEmpty();

      clock.advance(java.time.Duration.ofMinutes(1));
      String late = infrahub.create("BuiltinTag", Map.of("name", "late"));
      adapter.readChangedSince(request, cursor, changed::add);
      assertThat(changed).extracting(RawRecord::id).containsExactly(late);
    } finally {
      clock.release();
    }
  }

  @Test
  void aWriteStampedBeforeTheWatermarkButCommittedAfterItIsStillRead() {
    var clock = infrahub.clock();
    try {
      SyncConfig config = Fixture.config(infrahub, Map.of());
      InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of()); // cursor_overlap 60 s
      var request = Fixture.request(config, "BuiltinTag");

      // A busy kind: its newest change (10:00:10) is within the overlap of the server's time (10:00:20).
      clock.set(java.time.Instant.parse("2026-05-01T10:00:00Z"));
      infrahub.create("BuiltinTag", Map.of("name", "a"));
      clock.advance(java.time.Duration.ofSeconds(10));
      infrahub.create("BuiltinTag", Map.of("name", "b"));
      clock.advance(java.time.Duration.ofSeconds(10));
      var busy = adapter.watermark(request).orElseThrow();
      assertThat(busy.toString()).isEqualTo("TIMESTAMP:2026-05-01T10:00:20Z");
      // A transaction that began before the newest change (stamped 10:00:09) commits after the watermark query.
      clock.set(java.time.Instant.parse("2026-05-01T10:00:09Z"));
      String inFlight = infrahub.create("BuiltinTag", Map.of("name", "in-flight"));
      clock.set(java.time.Instant.parse("2026-05-01T10:00:30Z"));
      List<RawRecord> changed = new ArrayList<>();
      adapter.readChangedSince(request, busy, changed::add);
      assertThat(changed).extracting(RawRecord::id).contains(inFlight);

      // A quiet kind: the newest change is long before the server's time; a write in flight at the
      // watermark query is stamped at most the overlap before that time, and is read.
      clock.advance(java.time.Duration.ofMinutes(10)); // 10:10:30
      var quiet = adapter.watermark(request).orElseThrow();
      assertThat(quiet.toString()).isEqualTo("TIMESTAMP:2026-05-01T10:01:10Z");
      clock.set(java.time.Instant.parse("2026-05-01T10:09:31Z"));
      String slow = infrahub.create("BuiltinTag", Map.of("name", "slow"));
      clock.set(java.time.Instant.parse("2026-05-01T10:11:00Z"));
      changed.clear();
      adapter.readChangedSince(request, quiet, changed::add);
      assertThat(changed).extracting(RawRecord::id).containsExactly(slow);
    } finally {
      clock.release();
    }
  }

  @Test
  void theWatermarkIsTheServerTimeCappedAtTheNewestChangePlusTheOverlap() {
    java.time.Instant newest = java.time.Instant.parse("2026-05-01T10:00:00.123456Z");
    java.time.Duration overlap = java.time.Duration.ofSeconds(60);
    java.time.Instant server = java.time.Instant.parse("2026-05-01T10:00:30Z");
    assertThat(InfrahubAdapter.watermark(newest, server, overlap)).as("busy: the server time").isEqualTo(server);
    assertThat(InfrahubAdapter.watermark(newest, server.plusSeconds(3600), overlap)).as("quiet: newest + overlap")
        .isEqualTo(newest.plus(overlap));
    assertThat(InfrahubAdapter.watermark(newest, server.minusSeconds(3600), overlap))
        .as("a server clock behind the stamps reads more, never less").isEqualTo(server.minusSeconds(3600));
    assertThat(InfrahubAdapter.watermark(null, server, overlap)).as("empty kind").isEqualTo(server);
    assertThat(InfrahubAdapter.watermark(newest, null, overlap)).as("no Date header: as before").isEqualTo(newest);
    assertThat(InfrahubAdapter.watermark(null, null, overlap)).isEqualTo(java.time.Instant.EPOCH);
  }

  @Test
  void theTokenNeverAppearsInAnExceptionMessageOrALogLine() {
    var records = new java.util.concurrent.CopyOnWriteArrayList<java.util.logging.LogRecord>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    java.util.logging.Level level = root.getLevel();
    root.addHandler(handler);
    root.setLevel(java.util.logging.Level.ALL);
    List<String> texts = new ArrayList<>();
    try {
      // a valid token: a write whose answers are all lost, then one that fails on a reference
      SyncConfig config = Fixture.config(infrahub, Map.of());
      InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of("max_retries", 1L));
      infrahub.faults().on(InfrahubServer.mutations()).always(Fault.status(502));
      List<WriteOutcome> outcomes = write(adapter, new Fixture.Ids(config), List.of(create(record(TAG, null,
          "name", "x"))));
      assertThat(outcomes.get(0).ok()).isFalse();
      texts.add(outcomes.get(0).message());
      infrahub.faults().clear();
      texts.add(adapter.toString());
      texts.add(adapter.settings().toString());
      // a wrong token: refused with 401
      String wrong = "s3cr3t-token-0123456789";
      InfrahubAdapter refused = Fixture.adapter(infrahub, Map.of("token", wrong));
      assertThatThrownBy(() -> Fixture.read(refused, config, "BuiltinTag"))
          .isInstanceOf(AdapterException.class)
          .satisfies(e -> texts.add(String.valueOf(e.getMessage())))
          .satisfies(e -> texts.add(String.valueOf(e.getCause())))
          .hasMessageContaining("401").hasMessageContaining("check the token");
      records.forEach(r -> texts.add(new java.util.logging.SimpleFormatter().format(r)));
      assertThat(texts).hasSizeGreaterThan(5)
          .noneMatch(t -> t.contains(wrong) || t.contains(InfrahubServer.DEFAULT_TOKEN));
      assertThat(String.join("\n", texts)).contains("502").contains("answer was lost");
    } finally {
      root.removeHandler(handler);
      root.setLevel(level);
    }
  }

  @Test
  void writtenValuesCarryTheConfiguredAccountGroupsAsLineage() {
    // The emulator reserves the type name CoreAccount, so only groups can be tested here.
    InfrahubSchema withGroups = InfrahubSchema.examples().toBuilder()
        .node("CoreAccountGroup", k -> k.unique("name", "Text"))
        .build();
    try (InfrahubServer server = InfrahubServer.builder().schema(withGroups).build().start()) {
      String sources = server.create("CoreAccountGroup", Map.of("name", "importers"));
      String owners = server.create("CoreAccountGroup", Map.of("name", "netops"));
      String tag = server.create("BuiltinTag", Map.of("name", "t"));
      List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
      server.faults().on(r -> {
        if (r.bodyText().contains("mutation")) {
          bodies.add(r.bodyText());
        }
        return false;
      }).always(Fault.latency(java.time.Duration.ZERO));
      SyncConfig config = Fixture.config(server, Map.of("owner", "netops", "source", "importers"));
      InfrahubAdapter adapter = Fixture.adapter(server, Map.of("owner", "netops", "source", "importers"));
      String site = server.create("LocationGeneric", Map.of("name", "s1"));
      Fixture.Ids ids = new Fixture.Ids(config).put("BuiltinTag", Key.of("t"), tag)
          .put("LocationGeneric", Key.of("s1"), site);

      List<WriteOutcome> outcomes = write(adapter, ids, List.of(create(record(DEVICE, null, "name", "d",
          "location", Key.of("s1"), "tags", List.of(Key.of("t"))))));

      assertThat(outcomes).allMatch(WriteOutcome::ok);
      assertThat(bodies).singleElement().satisfies(b -> assertThat(b)
          .contains("name: {value: \\\"d\\\", source: \\\"" + sources + "\\\", owner: \\\"" + owners + "\\\"}")
          .contains("_relation__source: \\\"" + sources + "\\\", _relation__owner: \\\"" + owners + "\\\""));
    }
  }

  @Test
  void uniqueFieldsPreferAMappedHumanFriendlyId() {
    InfrahubAdapter adapter = Fixture.adapter(infrahub, Map.of());
    assertThat(adapter.uniqueFields("InfraDevice")).containsExactly("location", "name");
    assertThat(adapter.uniqueFields("BuiltinTag")).containsExactly("name");
    assertThat(adapter.uniqueFields("Unknown")).isEmpty();
    String fingerprint = adapter.schemaFingerprint();
    assertThat(fingerprint).startsWith("infrahub:").isEqualTo(Fixture.adapter(infrahub, Map.of()).schemaFingerprint());
  }
}
