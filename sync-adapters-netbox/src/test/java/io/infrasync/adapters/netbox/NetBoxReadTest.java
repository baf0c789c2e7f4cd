package io.infrasync.adapters.netbox;

import static io.infrasync.adapters.netbox.Rest.mapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.testsupport.AdapterHarness;
import io.infrasync.AdapterException;
import io.infrasync.Side;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RawRecord;
import io.infrasync.spi.ReadRequest;
import io.infrasync.testkit.Fault;
import io.infrasync.testkit.RequestLog;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetBoxReadTest {
  private static final String TOKEN = NetBoxServer.DEFAULT_TOKEN;
  private final SyncConfig config = Rest.config("netbox", "memory",
      mapping("LocationGeneric", "dcim.sites", List.of("name"),
          FieldMapping.of("name", "name"), FieldMapping.of("description", "description"),
          FieldMapping.reference("organization", "tenant", "OrganizationGeneric")),
      mapping("OrganizationGeneric", "tenancy.tenants", List.of("name"), FieldMapping.of("name", "name")));
  private NetBoxServer netbox;

  @BeforeEach
  void start() {
    netbox = NetBoxServer.builder().build().start();
  }

  @AfterEach
  void stop() {
    netbox.close();
  }

  private Adapter adapter(Object... settings) {
    return Rest.adapter("netbox", netbox, TOKEN, config, Side.SOURCE, Rest.settings(settings));
  }

  private ReadRequest sites() {
    return AdapterHarness.request(config, Side.SOURCE, "dcim.sites");
  }

  private void seedSites(int n, String prefix) {
    for (int i = 0; i < n; i++) {
      String name = String.format("%s-%05d", prefix, i);
      netbox.seed("dcim/sites", Map.of("name", name, "slug", name));
    }
  }

  private List<RequestLog.Entry> gets(String path) {
    return netbox.requestLog().entries().stream().filter(e -> e.method().equals("GET") && e.path().equals(path))
        .toList();
  }

  @Test
  void readsEveryRecordOnceWithTheLargestPageThenConcurrentOffsets() {
    seedSites(2345, "site");
    netbox.requestLog().reset();
    List<RawRecord> read = AdapterHarness.read(adapter(), sites());

    assertThat(read).hasSize(2345);
    assertThat(read.stream().map(RawRecord::id).collect(Collectors.toSet())).hasSize(2345);
    List<RequestLog.Entry> pages = gets("/api/dcim/sites/");
    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).query()).contains("limit=0").contains("offset=0");
    assertThat(pages.stream().skip(1).map(RequestLog.Entry::query).toList())
        .anySatisfy(q -> assertThat(q).contains("limit=1000").contains("offset=1000"))
        .anySatisfy(q -> assertThat(q).contains("limit=1000").contains("offset=2000"));
    assertThat(netbox.requestLog().total()).isEqualTo(3);
  }

  @Test
  void followsTheServersPageCapWhenItIsSmallerThanAsked() {
    netbox.close();
    netbox = NetBoxServer.builder().maxPageSize(100).build().start();
    seedSites(250, "s");
    netbox.requestLog().reset();

    assertThat(AdapterHarness.read(adapter("concurrency", 2), sites())).hasSize(250);
    assertThat(gets("/api/dcim/sites/")).extracting(RequestLog.Entry::query)
        .hasSize(3).anySatisfy(q -> assertThat(q).contains("limit=100").contains("offset=200"));
  }

  @Test
  void asksOnlyForTheMappedTopLevelFieldsAndKeepsRelatedObjectsNested() {
    Map<String, Object> tenant = netbox.seed("tenancy/tenants", Map.of("name", "Acme", "slug", "acme"));
    netbox.seed("dcim/sites", Map.of("name", "ams1", "slug", "ams1", "tenant", tenant.get("id"),
        "physical_address", "Street 1"));
    netbox.requestLog().reset();

    RawRecord site = AdapterHarness.read(adapter(), sites()).get(0);

    assertThat(gets("/api/dcim/sites/").get(0).query())
        .contains("fields=id%2Curl%2Cdisplay%2Clast_updated%2Cname%2Cdescription%2Ctenant");
    assertThat(site.id()).isEqualTo(String.valueOf(site.data().get("id")));
    assertThat(site.data()).containsKeys("id", "url", "name", "tenant").doesNotContainKey("physical_address");
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) java.util.Objects.requireNonNull(site.data().get("tenant"));
    assertThat(String.valueOf(nested.get("id"))).isEqualTo(String.valueOf(tenant.get("id")));
    assertThat(nested).containsEntry("name", "Acme");
    assertThat((String) nested.get("url")).endsWith("/api/tenancy/tenants/" + tenant.get("id") + "/");
  }

  @Test
  void aListThatShrinksDuringTheReadIsReadAgainForTheRecordsItSkipped() {
    seedSites(2500, "site");
    List<Map<String, Object>> all = netbox.objects("dcim/sites");
    Object firstId = all.get(0).get("id");
    AtomicBoolean deleted = new AtomicBoolean();
    // While page 2 is being served, delete a record of page 1: every later record moves up one place.
    netbox.faults().on(r -> {
      if (r.method().equals("GET") && "1000".equals(r.param("offset")) && deleted.compareAndSet(false, true)) {
        delete("/api/dcim/sites/" + firstId + "/");
      }
      return false;
    }).always(Fault.status(500));
    Set<String> read = AdapterHarness.read(adapter("concurrency", 1), sites()).stream().map(RawRecord::id)
        .collect(Collectors.toSet());

    Set<String> remaining = netbox.objects("dcim/sites").stream().map(o -> String.valueOf(o.get("id")))
        .collect(Collectors.toSet());
    assertThat(deleted).isTrue();
    assertThat(remaining).hasSize(2499);
    assertThat(read).containsAll(remaining);
  }

  @Test
  void watermarkIsTheServersNewestChangeOrItsClockMinusTheOverlapWhicheverIsEarlierAskedBeforeTheRead() {
    Instant t0 = Instant.parse("2026-05-18T10:00:00Z");
    netbox.clock().set(t0);
    seedSites(3, "old");
    netbox.clock().set(t0.plusSeconds(600));
    seedSites(2, "new");
    netbox.clock().set(t0.plusSeconds(630)); // busy: the newest change is 30 s old
    netbox.requestLog().reset();

    Cursor busy = adapter("cursor_overlap", "60s").watermark(sites()).orElseThrow();

    assertThat(busy).isEqualTo(Cursor.timestamp("2026-05-18T10:09:30.000000Z"));
    assertThat(gets("/api/dcim/sites/")).singleElement()
        .satisfies(e -> assertThat(e.query()).contains("ordering=-last_updated").contains("limit=1"));

    netbox.clock().set(t0.plusSeconds(3600)); // quiet for longer than the overlap
    Cursor quiet = adapter("cursor_overlap", "60s").watermark(sites()).orElseThrow();
    // Before: newest − 60 s, which re-read the 2 "new" sites on every run until the list changed.
    assertThat(quiet).isEqualTo(Cursor.timestamp("2026-05-18T10:10:00.000000Z"));
    netbox.clock().release();
  }

  @Test
  void aQuietListIsNotReadAgainButAWriteInFlightAtTheWatermarkIs() {
    Instant t0 = Instant.parse("2026-05-18T10:00:00Z");
    for (int i = 0; i < 5; i++) { // a bulk load, all within one overlap of the newest
      netbox.clock().set(t0.plusSeconds(i));
      seedSites(1, "bulk" + i);
    }
    netbox.clock().set(t0.plusSeconds(600));
    Adapter a = adapter("cursor_overlap", "60s");
    Cursor quiet = a.watermark(sites()).orElseThrow();
    List<RawRecord> changed = new ArrayList<>();
    a.readChangedSince(sites(), quiet, changed::add);
    // last_updated >= the newest change: that site only (before: all 5, on every run)
    assertThat(changed).extracting(r -> r.data().get("name")).containsExactly("bulk4-00000");

    // A busy list: a write stamped just before the newest change, committed after the watermark query.
    netbox.clock().set(t0.plusSeconds(700));
    seedSites(1, "late");
    netbox.clock().set(t0.plusSeconds(710));
    Cursor busy = a.watermark(sites()).orElseThrow();
    netbox.clock().set(t0.plusSeconds(699));
    netbox.seed("dcim/sites", Map.of("name", "in-flight", "slug", "in-flight"));
    netbox.clock().set(t0.plusSeconds(720));
    changed.clear();
    a.readChangedSince(sites(), busy, changed::add);
    assertThat(changed).extracting(r -> r.data().get("name")).contains("late-00000", "in-flight");
    netbox.clock().release();
  }

  @Test
  void watermarkOfAnEmptyListIsTheServerClock() {
    Instant before = Instant.now().minusSeconds(1);
    Cursor w = adapter("cursor_overlap", "0s").watermark(sites()).orElseThrow();
    Instant at = Instant.parse(w.value());
    assertThat(at).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
  }

  @Test
  void changedSinceReturnsChangesMadeDuringThePreviousReadAndThoseInTheOverlap() {
    Instant t0 = Instant.parse("2026-05-18T10:00:00Z");
    netbox.clock().set(t0);
    seedSites(1200, "old");
    netbox.clock().set(t0.plusSeconds(600));
    Map<String, Object> justBefore = netbox.seed("dcim/sites", Map.of("name", "overlap", "slug", "overlap"));
    netbox.clock().set(t0.plusSeconds(630));
    seedSites(1, "newest");
    Adapter a = adapter("cursor_overlap", "60s");
    Cursor w = a.watermark(sites()).orElseThrow();
    Object changedId = netbox.objects("dcim/sites").get(5).get("id");
    AtomicBoolean patched = new AtomicBoolean();
    netbox.faults().on(r -> {
      if (r.method().equals("GET") && "1000".equals(r.param("offset")) && patched.compareAndSet(false, true)) {
        netbox.clock().set(t0.plusSeconds(700));
        patch("/api/dcim/sites/" + changedId + "/", "{\"description\": \"changed during the read\"}");
      }
      return false;
    }).always(Fault.status(500));
    assertThat(AdapterHarness.read(a, sites())).hasSize(1202);
    assertThat(patched).isTrue();
    netbox.requestLog().reset();

    List<RawRecord> changed = new ArrayList<>();
    a.readChangedSince(sites(), w, changed::add);

    assertThat(changed).extracting(r -> r.data().get("name"))
        .containsExactlyInAnyOrder("overlap", "newest-00000", netbox.objects("dcim/sites").stream()
            .filter(o -> java.util.Objects.equals(changedId, o.get("id"))).findFirst().orElseThrow().get("name"));
    assertThat(String.valueOf(justBefore.get("last_updated"))).startsWith("2026-05-18T10:10:00");
    assertThat(gets("/api/dcim/sites/")).anySatisfy(e ->
        assertThat(e.query()).contains("last_updated__gte=2026-05-18T10%3A09%3A30.000000Z"));
  }

  @Test
  void anIgnoredChangedSinceFilterIsDetectedOnceAndTheFullListIsReadWithAWarning() {
    seedSites(5, "site");
    // A server that ignores the filter answers every filtered request with the whole list.
    String whole = get("/api/dcim/sites/?limit=0");
    netbox.faults().on(r -> r.rawQuery().contains("last_updated__gte"))
        .always(Fault.status(200, "application/json", whole));
    Adapter a = adapter();
    List<RawRecord> changed = Collections.synchronizedList(new ArrayList<>());
    try (Rest.Logs logs = new Rest.Logs()) {
      a.readChangedSince(sites(), Cursor.timestamp("2026-01-01T00:00:00Z"), changed::add);
      assertThat(logs.text()).contains("WARNING").contains("does not honour the last_updated__gte filter");
    }
    assertThat(changed).hasSize(5);
    assertThat(gets("/api/dcim/sites/")).anySatisfy(e -> assertThat(e.query()).contains("2999-01-01"));
    netbox.requestLog().reset();

    changed.clear();
    a.readChangedSince(sites(), Cursor.timestamp("2026-01-01T00:00:00Z"), changed::add);

    assertThat(changed).hasSize(5);
    assertThat(gets("/api/dcim/sites/")).singleElement()
        .satisfies(e -> assertThat(e.query()).doesNotContain("last_updated__gte"));
  }

  @Test
  void aHonouredFilterIsProvenByTheWatermarkCountWithoutAProbe() {
    netbox.clock().set(Instant.parse("2026-05-18T10:00:00Z"));
    seedSites(3, "old");
    netbox.clock().set(Instant.parse("2026-05-18T11:00:00Z"));
    seedSites(1, "new");
    Adapter a = adapter("cursor_overlap", "0s");
    assertThat(a.supportsCursor(sites())).isTrue();
    Cursor w = a.watermark(sites()).orElseThrow();
    List<RawRecord> changed = new ArrayList<>();
    netbox.requestLog().reset();

    a.readChangedSince(sites(), w, changed::add);

    assertThat(changed).extracting(r -> r.data().get("name")).containsExactly("new-00000");
    assertThat(gets("/api/dcim/sites/")).singleElement()
        .satisfies(e -> assertThat(e.query()).contains("last_updated__gte=2026-05-18T11%3A00%3A00.000000Z"));
  }

  @Test
  void cursorsWrittenByInfrahubSyncWithAnOffsetAreAccepted() {
    netbox.clock().set(Instant.parse("2026-05-18T10:00:00Z"));
    seedSites(2, "site");
    List<RawRecord> changed = new ArrayList<>();
    adapter().readChangedSince(sites(), Cursor.parse("TIMESTAMP:2026-05-18T09:00:00+00:00"), changed::add);
    assertThat(changed).hasSize(2);
    assertThat(adapter().supportsCursor(sites())).isTrue();
  }

  @Test
  void listIdsUsesTheIdOnlyShapeAndConcurrentPages() {
    seedSites(2345, "site");
    netbox.requestLog().reset();

    Set<String> ids = adapter().listIds(sites());

    assertThat(ids).hasSize(2345).isEqualTo(netbox.objects("dcim/sites").stream()
        .map(o -> String.valueOf(o.get("id"))).collect(Collectors.toSet()));
    assertThat(gets("/api/dcim/sites/")).hasSize(3)
        .allSatisfy(e -> assertThat(e.query()).startsWith("fields=id&"));
  }

  @Test
  void anAnswerWhoseBodyStallsTimesOutAndIsRetriedInsteadOfHanging() {
    seedSites(3, "site");
    netbox.faults().on(io.infrasync.testkit.RequestMatcher.of("GET", "/api/dcim/sites/"))
        .times(1, Fault.slowBody(8, Duration.ofSeconds(5)));
    long t0 = System.nanoTime();

    List<RawRecord> read = AdapterHarness.read(adapter("timeout", "500ms"), sites());

    assertThat(read).hasSize(3);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    assertThat(gets("/api/dcim/sites/")).hasSize(2);
  }

  @Test
  void aV2TokenIsSentAsBearerAndVerifySslOffIsWarnedAbout() {
    netbox.close();
    netbox = NetBoxServer.builder().tokenV2("abcdefghijkl", "s3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr").build().start();
    seedSites(2, "site");
    try (Rest.Logs logs = new Rest.Logs()) {
      Adapter a = Rest.adapter("netbox", netbox, "nbt_abcdefghijkl.s3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr", config,
          Side.SOURCE, Rest.settings("verify_ssl", false));
      assertThat(AdapterHarness.read(a, sites())).hasSize(2);
      assertThat(logs.text()).contains("WARNING").contains("verify_ssl: false").doesNotContain("s3cr3t");
    }
  }

  @Test
  void errorsNameTheMethodUrlStatusAndServerMessage() {
    ReadRequest unknown = new ReadRequest(Side.SOURCE, "dcim.nothing-here", "X", List.of());
    assertThatThrownBy(() -> AdapterHarness.read(adapter(), unknown))
        .isInstanceOf(AdapterException.class)
        .hasMessageContaining("netbox: GET " + netbox.baseUrl() + "/api/dcim/nothing-here/")
        .hasMessageContaining("404");
  }

  private String get(String path) {
    try {
      HttpRequest r = HttpRequest.newBuilder(URI.create(netbox.baseUrl() + path))
          .header("Authorization", netbox.authorization()).timeout(Duration.ofSeconds(10)).build();
      return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void delete(String path) {
    send("DELETE", path, null);
  }

  private void patch(String path, String json) {
    send("PATCH", path, json);
  }

  private void send(String method, String path, @org.jspecify.annotations.Nullable String json) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(netbox.baseUrl() + path))
          .header("Authorization", netbox.authorization()).header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(10));
      b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
      HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
