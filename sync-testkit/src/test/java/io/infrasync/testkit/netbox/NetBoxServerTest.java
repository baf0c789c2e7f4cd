package io.infrasync.testkit.netbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.testkit.TestHttp;
import io.infrasync.testkit.TestHttp.Reply;
import io.infrasync.testkit.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class NetBoxServerTest {
  static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";
  static final String RO_TOKEN = "fedcba9876543210fedcba9876543210fedcba98";

  @RegisterExtension
  static NetBoxServer netbox =
      NetBoxServer.builder()
          .token(TOKEN)
          .readOnlyToken(RO_TOKEN)
          .tokenV2("abcdefABCDEF", "0123456789abcdefghij0123456789abcdefghij")
          .customField("dcim/devices", "owner_team")
          .build();

  @BeforeEach
  void reset() {
    netbox.clear();
    netbox.faults().clear();
    netbox.clock().release();
    netbox.requestLog().reset();
  }

  static Path fixture(String name) {
    return TestHttp.sharedDir().resolve("fixtures/netbox").resolve(name);
  }

  static String api(String path) {
    return netbox.apiUrl() + path;
  }

  static Reply get(String path) {
    return TestHttp.get(api(path), "Authorization", "Token " + TOKEN);
  }

  static Reply send(String method, String path, @Nullable Object body) {
    return TestHttp.send(method, api(path), body, "Authorization", "Token " + TOKEN);
  }

  /** The fixture with its host replaced by the emulator's. */
  static @Nullable Object fixtureJson(String name) throws Exception {
    String text = Files.readString(fixture(name)).replace("http://localhost:8000", netbox.baseUrl().toString());
    return Json.parse(text);
  }

  @SuppressWarnings("unchecked")
  static void assertReproduces(Map<String, @Nullable Object> expected, Map<String, @Nullable Object> actual) {
    List<String> order = new ArrayList<>();
    for (Map.Entry<String, @Nullable Object> e : expected.entrySet()) {
      assertThat(actual).as("field %s", e.getKey()).containsKey(e.getKey());
      Object want = e.getValue();
      Object have = actual.get(e.getKey());
      if (want instanceof Map<?, ?> w && have instanceof Map<?, ?> h && !e.getKey().equals("custom_fields")) {
        // the fixture's nested objects are hand-written subsets of NetBox's brief form
        assertThat((Map<String, Object>) h).as("nested %s", e.getKey()).containsAllEntriesOf((Map<String, Object>) w);
      } else {
        assertThat(have).as("field %s", e.getKey()).isEqualTo(want);
      }
      order.add(e.getKey());
    }
    List<String> ours = new ArrayList<>(actual.keySet());
    ours.retainAll(order);
    assertThat(ours).as("relative field order").isEqualTo(order);
  }

  Map<String, @Nullable Object> seedDevice(String name) {
    Object site = netbox.find("dcim/sites", "slug", "site-a").map(m -> m.get("id"))
        .orElseGet(() -> netbox.seed("dcim/sites", Map.of("name", "site-a", "slug", "site-a")).get("id"));
    Object type = netbox.find("dcim/device-types", "slug", "mx960").map(m -> m.get("id")).orElseGet(() -> {
      Object m = netbox.seed("dcim/manufacturers", Map.of("name", "Juniper", "slug", "juniper")).get("id");
      return netbox.seed("dcim/device-types", Map.of("manufacturer", m, "model", "MX960", "slug", "mx960")).get("id");
    });
    Object role = netbox.find("dcim/device-roles", "slug", "router").map(m -> m.get("id"))
        .orElseGet(() -> netbox.seed("dcim/device-roles", Map.of("name", "Router", "slug", "router")).get("id"));
    return netbox.seed("dcim/devices", Map.of("name", name, "site", site, "device_type", type, "role", role));
  }

  // ------------------------------------------------------------------ fixtures

  @Test
  void locationFixtureIsReproducedFieldByField() throws Exception {
    netbox.seed("dcim/sites", Map.of("id", 1, "name", "test-site", "slug", "test-site"));
    netbox.seedFile("dcim/locations", fixture("location.json"));

    Reply detail = get("dcim/locations/1/");
    assertThat(detail.status()).isEqualTo(200);
    assertReproduces(Json.object(fixtureJson("location.json"), "fixture"), detail.object());
    assertThat(detail.object()).containsEntry("display_url", netbox.baseUrl() + "/dcim/locations/1/");
    assertThat(Json.object(detail.object().get("site"), "site"))
        .containsOnlyKeys("id", "url", "display", "name", "slug", "description");
  }

  @Test
  void locationsFixturePageIsReproduced() throws Exception {
    netbox.seed("dcim/sites", Map.of("id", 1, "name", "test-site", "slug", "test-site"));
    netbox.seedFile("dcim/locations", fixture("locations.json"));
    Map<String, @Nullable Object> expected = Json.object(fixtureJson("locations.json"), "fixture");

    Map<String, @Nullable Object> page = get("dcim/locations/").object();

    assertThat(page.keySet()).containsExactly("count", "next", "previous", "results");
    assertThat(page).containsEntry("count", 1).containsEntry("next", null).containsEntry("previous", null);
    List<@Nullable Object> want = Json.array(expected.get("results"), "results");
    List<@Nullable Object> have = Json.array(page.get("results"), "results");
    assertThat(have).hasSize(1);
    assertReproduces(Json.object(want.get(0), "want"), Json.object(have.get(0), "have"));
  }

  @Test
  void legacyInterfacePagesMatchTheFixtureEnvelopesAndLinks() throws Exception {
    Object device = seedDevice("test1-core1").get("id");
    for (int i = 0; i < 221; i++) {
      netbox.seed("dcim/interfaces", Map.of("device", device, "name", "et-0/0/" + i, "type", "other"));
    }
    Map<String, @Nullable Object> first = Json.object(fixtureJson("interfaces_1.json"), "fixture");
    Map<String, @Nullable Object> last = Json.object(fixtureJson("interfaces_2.json"), "fixture");

    Map<String, @Nullable Object> page1 = get("dcim/interfaces/").object();
    assertThat(page1.get("count")).isEqualTo(first.get("count"));
    assertThat(page1.get("next")).isEqualTo(first.get("next"));
    assertThat(page1.get("previous")).isEqualTo(first.get("previous"));
    assertThat(Json.array(page1.get("results"), "r")).hasSameSizeAs(Json.array(first.get("results"), "r"));

    Map<String, @Nullable Object> page5 = get("dcim/interfaces/?limit=50&offset=200").object();
    assertThat(page5.get("count")).isEqualTo(last.get("count"));
    assertThat(page5.get("next")).isEqualTo(last.get("next"));
    assertThat(page5.get("previous")).isEqualTo(last.get("previous"));
    assertThat(Json.array(page5.get("results"), "r")).hasSameSizeAs(Json.array(last.get("results"), "r"));
  }

  @Test
  void deviceFixtureShapeIsRenderedWithCurrentNesting() throws Exception {
    Map<String, @Nullable Object> legacy = Json.object(fixtureJson("device.json"), "fixture");
    Map<String, @Nullable Object> device = seedDevice("test1-edge1");

    // every top-level field of the legacy fixture that still exists in 4.6 is present
    for (String field : List.of("id", "name", "device_type", "role", "tenant", "platform", "serial", "asset_tag",
        "site", "rack", "position", "face", "parent_device", "status", "primary_ip", "primary_ip4", "primary_ip6",
        "oob_ip", "comments", "local_context_data", "custom_fields", "config_context")) {
      assertThat(legacy).containsKey(field);
      assertThat(device).containsKey(field);
    }
    Map<String, @Nullable Object> type = Json.object(device.get("device_type"), "device_type");
    assertThat(type).containsKeys("id", "url", "display", "manufacturer", "model", "slug", "description");
    assertThat(Json.object(type.get("manufacturer"), "manufacturer")).containsEntry("name", "Juniper");
    assertThat(device.get("status")).isEqualTo(Map.of("value", "active", "label", "Active"));
    assertThat(device.get("custom_fields")).isEqualTo(new LinkedHashMap<>(java.util.Collections.singletonMap("owner_team", null)));
  }

  @Test
  void bulkCreateAnswersAListInRequestOrderWithNestedReferences() throws Exception {
    Map<String, @Nullable Object> existing = seedDevice("seed");
    Object site = Json.object(existing.get("site"), "site").get("id");
    Object type = Json.object(existing.get("device_type"), "t").get("id");
    Object role = Json.object(existing.get("role"), "r").get("id");
    List<Object> fixtureItems = Json.array(fixtureJson("device_bulk_create.json"), "fixture");
    List<Object> body = new ArrayList<>();
    for (Object item : fixtureItems) {
      Map<String, @Nullable Object> m = Json.object(item, "item");
      body.add(Map.of("name", m.get("name"), "site", site, "device_type", type, "role", Map.of("id", role)));
    }

    Reply created = send("POST", "dcim/devices/", body);

    assertThat(created.status()).isEqualTo(201);
    List<Object> items = created.array();
    assertThat(items).hasSize(2);
    assertThat(Json.object(items.get(0), "0").get("name")).isEqualTo("test1-core3");
    assertThat(Json.object(items.get(1), "1").get("name")).isEqualTo("test1-core4");
    assertThat(Json.object(Json.object(items.get(1), "1").get("site"), "site")).containsEntry("id", site);
    assertThat(Json.object(Json.object(items.get(1), "1").get("role"), "role")).containsEntry("name", "Router");
  }

  // ------------------------------------------------------------------ pagination

  @Test
  void walkingNextLinksVisitsEveryObjectOnceAndKeepsFilters() {
    Object device = seedDevice("d1").get("id");
    for (int i = 0; i < 130; i++) {
      netbox.seed("dcim/interfaces", Map.of("device", device, "name", (i % 2 == 0 ? "eth" : "xe") + i, "type", "other"));
    }
    Set<Object> seen = new HashSet<>();
    String url = api("dcim/interfaces/?name__isw=eth&limit=20");
    int pages = 0;
    while (url != null) {
      Map<String, @Nullable Object> page = TestHttp.get(url, "Authorization", "Token " + TOKEN).object();
      assertThat(page.get("count")).isEqualTo(65);
      for (Object r : Json.array(page.get("results"), "results")) {
        assertThat(seen.add(Json.object(r, "r").get("id"))).isTrue();
      }
      url = (String) page.get("next");
      if (url != null) {
        assertThat(url).contains("name__isw=eth").contains("limit=20").startsWith(netbox.baseUrl().toString());
      }
      pages++;
    }
    assertThat(seen).hasSize(65);
    assertThat(pages).isEqualTo(4);
  }

  @Test
  void pageSizesFollowNetBoxLimitRules() {
    try (NetBoxServer small = NetBoxServer.builder().anonymousAccess().pageSize(3).maxPageSize(7).build().start()) {
      for (int i = 0; i < 20; i++) {
        small.seed("extras/tags", Map.of("name", "t" + i, "slug", "t" + i));
      }
      String base = small.apiUrl() + "extras/tags/";
      assertThat(results(TestHttp.get(base))).hasSize(3);
      assertThat(results(TestHttp.get(base + "?limit=100"))).hasSize(7);
      assertThat(results(TestHttp.get(base + "?limit=0"))).hasSize(7);
      assertThat(results(TestHttp.get(base + "?limit=-4"))).hasSize(3);
      assertThat(results(TestHttp.get(base + "?limit=abc"))).hasSize(3);
      assertThat(results(TestHttp.get(base + "?offset=19&limit=5"))).hasSize(1);
      assertThat(results(TestHttp.get(base + "?offset=50"))).isEmpty();
      assertThat(TestHttp.get(base + "?limit=0").object().get("next")).isEqualTo(base + "?limit=7&offset=7");
      assertThat(TestHttp.get(base + "?limit=5&offset=5").object().get("previous")).isEqualTo(base + "?limit=5");
    }
    try (NetBoxServer unlimited = NetBoxServer.builder().anonymousAccess().maxPageSize(0).build().start()) {
      for (int i = 0; i < 60; i++) {
        unlimited.seed("extras/tags", Map.of("name", "t" + i, "slug", "t" + i));
      }
      Map<String, @Nullable Object> all = TestHttp.get(unlimited.apiUrl() + "extras/tags/?limit=0").object();
      assertThat(Json.array(all.get("results"), "r")).hasSize(60);
      assertThat(all.get("next")).isNull();
    }
  }

  @Test
  void defaultPageIsFiftyAndALimitAboveTheCapIsCapped() {
    for (int i = 0; i < 1005; i++) {
      netbox.seed("extras/tags", Map.of("name", "tag" + i, "slug", "tag" + i));
    }
    assertThat(results(get("extras/tags/"))).hasSize(50);
    Map<String, @Nullable Object> capped = get("extras/tags/?limit=5000").object();
    assertThat(Json.array(capped.get("results"), "r")).hasSize(1000);
    assertThat(capped.get("next")).isEqualTo(api("extras/tags/?limit=1000&offset=1000"));
  }

  @Test
  void cursorModeWalksByPrimaryKey() {
    for (int i = 0; i < 5; i++) {
      netbox.seed("extras/tags", Map.of("name", "t" + i, "slug", "t" + i));
    }
    Map<String, @Nullable Object> page = get("extras/tags/?start=2&limit=2").object();
    assertThat(page.get("count")).isNull();
    assertThat(page.get("previous")).isNull();
    assertThat(ids(page)).containsExactly(2, 3);
    assertThat(page.get("next")).isEqualTo(api("extras/tags/?limit=2&start=4"));
    assertThat(get("extras/tags/?start=1&offset=2").status()).isEqualTo(400);
  }

  // ------------------------------------------------------------------ filters and rendering

  @Test
  void filtersCombineAndUnknownOnesAreIgnored() {
    Map<String, @Nullable Object> d1 = seedDevice("alpha");
    Map<String, @Nullable Object> d2 = seedDevice("beta");
    seedDevice("gamma");
    Object id1 = d1.get("id");
    Object id2 = d2.get("id");

    assertThat(ids(get("dcim/devices/?id=" + id1 + "&id=" + id2).object())).containsExactly(id1, id2);
    assertThat(ids(get("dcim/devices/?id__in=" + id1).object())).hasSize(3);
    assertThat(ids(get("dcim/devices/?no_such_filter=1").object())).hasSize(3);
    assertThat(ids(get("dcim/devices/?name=beta").object())).containsExactly(id2);
    assertThat(ids(get("dcim/devices/?name__ic=MM").object())).hasSize(1);
    assertThat(ids(get("dcim/devices/?name__n=beta").object())).hasSize(2);
    assertThat(ids(get("dcim/devices/?status=active&site=site-a").object())).hasSize(3);
    assertThat(ids(get("dcim/devices/?status=planned").object())).isEmpty();
    assertThat(ids(get("dcim/devices/?ordering=-name").object())).startsWith(netbox.find("dcim/devices", "name", "gamma").orElseThrow().get("id"));

    Reply bad = get("dcim/devices/?site_id=999");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.object()).isEqualTo(Map.of("site_id", List.of("Select a valid choice. 999 is not one of the available choices.")));
    assertThat(get("dcim/devices/?status=nope").status()).isEqualTo(400);
  }

  @Test
  void lastUpdatedFilterFollowsTheServerClock() {
    netbox.clock().set(Instant.parse("2025-01-01T00:00:00Z"));
    Map<String, @Nullable Object> old = netbox.seed("extras/tags", Map.of("name", "old", "slug", "old"));
    netbox.clock().advance(Duration.ofHours(1));
    netbox.seed("extras/tags", Map.of("name", "new", "slug", "new"));
    assertThat(old.get("created")).isEqualTo("2025-01-01T00:00:00.000000Z");

    assertThat(names(get("extras/tags/?last_updated__gte=2025-01-01T00:30:00Z").object())).containsExactly("new");
    assertThat(names(get("extras/tags/?last_updated__gte=2025-01-01T00:30:00%2B00:00").object())).containsExactly("new");
    Reply rawPlus = get("extras/tags/?last_updated__gte=2025-01-01T00:30:00+00:00");
    assertThat(rawPlus.status()).isEqualTo(400);
    assertThat(rawPlus.object()).isEqualTo(Map.of("last_updated__gte", List.of("Enter a valid date/time.")));

    netbox.clock().advance(Duration.ofHours(1));
    Reply patched = send("PATCH", "extras/tags/" + old.get("id") + "/", Map.of("description", "x"));
    assertThat(patched.object()).containsEntry("created", "2025-01-01T00:00:00.000000Z")
        .containsEntry("last_updated", "2025-01-01T02:00:00.000000Z");
    assertThat(patched.header("ETag")).isEqualTo("W/\"2025-01-01T02:00:00+00:00\"");
    assertThat(names(get("extras/tags/?last_updated__gte=2025-01-01T01:30:00Z").object())).containsExactly("old");
  }

  @Test
  void briefFieldsAndOmitShapeTheResults() {
    netbox.seed("dcim/sites", Map.of("name", "ams1", "slug", "ams1", "description", "Amsterdam"));
    Map<String, @Nullable Object> brief = first(get("dcim/sites/?brief=1"));
    assertThat(brief.keySet()).containsExactly("id", "url", "display", "name", "slug", "description");
    assertThat(first(get("dcim/sites/?brief=false")).keySet()).isEqualTo(brief.keySet());
    assertThat(first(get("dcim/sites/?fields=name,id,nope")).keySet()).containsExactly("id", "name");
    Map<String, @Nullable Object> omitted = first(get("dcim/sites/?omit=description,tags"));
    assertThat(omitted).doesNotContainKeys("description", "tags").containsKeys("display_url", "status");
    assertThat(first(get("dcim/sites/?fields=slug&omit=slug&brief=1")).keySet()).containsExactly("slug");
    assertThat(first(get("dcim/sites/?omit=slug&brief=1"))).containsKey("display_url").doesNotContainKey("slug");
  }

  // ------------------------------------------------------------------ writes

  @Test
  void writesValidateFieldsReferencesAndUniqueness() {
    netbox.seed("dcim/sites", Map.of("name", "ams1", "slug", "ams1"));

    Reply missing = send("POST", "dcim/sites/", Map.of("name", "x"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.object()).isEqualTo(Map.of("slug", List.of("This field is required.")));

    Reply duplicate = send("POST", "dcim/sites/", Map.of("name", "ams1", "slug", "ams2"));
    assertThat(duplicate.object()).isEqualTo(Map.of("name", List.of("site with this name already exists.")));

    Reply choiceDict = send("POST", "dcim/sites/", Map.of("name", "b", "slug", "b", "status", Map.of("value", "active")));
    assertThat(choiceDict.object()).isEqualTo(Map.of("status",
        List.of("Value must be passed directly (e.g. \"foo\": 123); do not use a dictionary or list.")));
    assertThat(send("POST", "dcim/sites/", Map.of("name", "b", "slug", "b", "status", "nope")).object())
        .isEqualTo(Map.of("status", List.of("\"nope\" is not a valid choice.")));

    Reply unknownFk = send("POST", "dcim/locations/", Map.of("name", "l", "slug", "l", "site", 99));
    assertThat(unknownFk.object()).isEqualTo(Map.of("site", List.of("Related object not found using the provided numeric ID: 99")));
    Reply byAttrs = send("POST", "dcim/locations/", Map.of("name", "l", "slug", "l", "site", Map.of("slug", "ams1")));
    assertThat(byAttrs.status()).isEqualTo(201);
    assertThat(Json.object(byAttrs.object().get("site"), "site")).containsEntry("slug", "ams1");
    Reply noMatch = send("POST", "dcim/locations/", Map.of("name", "m", "slug", "m", "site", Map.of("slug", "nope")));
    assertThat(noMatch.object()).isEqualTo(Map.of("site",
        List.of("Related object not found using the provided attributes: {'slug': 'nope'}")));

    Reply unknownCf = send("POST", "dcim/sites/", Map.of("name", "c", "slug", "c", "custom_fields", Map.of("foo", 1)));
    assertThat(unknownCf.object()).isEqualTo(Map.of("custom_fields",
        Map.of("foo", "Custom field 'foo' does not exist for this object type.")));
  }

  @Test
  void singleObjectWritesAndNotFound() {
    Reply created = send("POST", "tenancy/tenants/", Map.of("name", "t1", "slug", "t1"));
    assertThat(created.status()).isEqualTo(201);
    Object id = created.object().get("id");
    assertThat(send("PATCH", "tenancy/tenants/" + id + "/", Map.of("description", "d")).object())
        .containsEntry("description", "d").containsEntry("name", "t1");
    Reply put = send("PUT", "tenancy/tenants/" + id + "/", Map.of("name", "t2"));
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.object()).isEqualTo(Map.of("slug", List.of("This field is required.")));
    assertThat(send("PUT", "tenancy/tenants/" + id + "/", Map.of("name", "t2", "slug", "t2")).object())
        .containsEntry("name", "t2");
    assertThat(send("DELETE", "tenancy/tenants/" + id + "/", null).status()).isEqualTo(204);

    Reply gone = get("tenancy/tenants/" + id + "/");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.object()).isEqualTo(Map.of("detail", "No Tenant matches the given query."));
    assertThat(get("tenancy/tenants/abc/").object()).isEqualTo(Map.of("detail", "Not found."));
    assertThat(get("dcim/no-such-things/").status()).isEqualTo(404);
    assertThat(send("POST", "tenancy/tenants/1/", Map.of()).status()).isEqualTo(405);
    assertThat(get("tenancy/tenants").status()).isEqualTo(301);
    assertThat(send("POST", "tenancy/tenants", Map.of("name", "x", "slug", "x")).status()).isEqualTo(404);
  }

  @Test
  void bulkCreateIsAllOrNothingWithPerItemErrors() {
    Reply r = send("POST", "extras/tags/", List.of(Map.of("name", "a", "slug", "a"), Map.of("slug", "b")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.array()).containsExactly(Map.of(), Map.of("name", List.of("This field is required.")));
    assertThat(netbox.count("extras/tags")).isZero();
  }

  @Test
  void bulkUpdateSkipsUnknownIdsAndAnswersInModelOrder() {
    Object b = netbox.seed("extras/tags", Map.of("name", "b", "slug", "b")).get("id");
    Object a = netbox.seed("extras/tags", Map.of("name", "a", "slug", "a")).get("id");

    Reply r = send("PATCH", "extras/tags/", List.of(
        Map.of("id", b, "description", "B"), Map.of("id", 9999, "description", "x"), Map.of("id", a, "description", "A")));

    assertThat(r.status()).isEqualTo(200);
    assertThat(names(r.array())).containsExactly("a", "b");
    assertThat(netbox.find("extras/tags", "id", b).orElseThrow()).containsEntry("description", "B");

    Reply missingId = send("PATCH", "extras/tags/", List.of(Map.of("id", a), Map.of("description", "x")));
    assertThat(missingId.status()).isEqualTo(400);
    assertThat(missingId.array()).containsExactly(Map.of(), Map.of("id", List.of("This field is required.")));

    Reply invalid = send("PATCH", "extras/tags/", List.of(Map.of("id", a, "description", "ok"), Map.of("id", b, "slug", "a")));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json()).isEqualTo(Map.of("slug", List.of("tag with this slug already exists.")));
    assertThat(netbox.find("extras/tags", "id", a).orElseThrow()).containsEntry("description", "A");
  }

  @Test
  void bulkDeleteSkipsUnknownIdsAndRefusesProtectedObjects() {
    Map<String, @Nullable Object> device = seedDevice("dev1");
    Object site = Json.object(device.get("site"), "site").get("id");
    Object tag = netbox.seed("extras/tags", Map.of("name", "t", "slug", "t")).get("id");

    assertThat(send("DELETE", "extras/tags/", List.of(Map.of("id", tag), Map.of("id", 777))).status()).isEqualTo(204);
    assertThat(netbox.count("extras/tags")).isZero();

    Reply refused = send("DELETE", "dcim/sites/", List.of(Map.of("id", site)));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.object()).isEqualTo(Map.of("detail",
        "Unable to delete object. 1 dependent objects were found: dev1 (" + device.get("id") + ")"));
    assertThat(netbox.count("dcim/sites")).isEqualTo(1);

    netbox.seed("dcim/interfaces", Map.of("device", device.get("id"), "name", "eth0", "type", "other"));
    assertThat(send("DELETE", "dcim/devices/" + device.get("id") + "/", null).status()).isEqualTo(204);
    assertThat(netbox.count("dcim/interfaces")).as("interfaces cascade with their device").isZero();
    assertThat(send("DELETE", "dcim/devices/", Map.of("id", 1)).object())
        .isEqualTo(Map.of("non_field_errors", List.of("Expected a list of items but got type \"dict\".")));
  }

  @Test
  void ipAddressesAssignToInterfacesAndFilterByThem() {
    Map<String, @Nullable Object> device = seedDevice("dev1");
    Object iface = netbox.seed("dcim/interfaces", Map.of("device", device.get("id"), "name", "eth0", "type", "other")).get("id");
    Reply ip = send("POST", "ipam/ip-addresses/", Map.of("address", "10.0.0.1/31",
        "assigned_object_type", "dcim.interface", "assigned_object_id", iface));
    assertThat(ip.status()).isEqualTo(201);
    assertThat(ip.object()).containsEntry("family", Map.of("value", 4, "label", "IPv4"))
        .containsEntry("assigned_object_type", "dcim.interface").containsEntry("assigned_object_id", iface);
    assertThat(Json.object(ip.object().get("assigned_object"), "ao")).containsEntry("name", "eth0").containsKey("device");
    assertThat(ids(get("ipam/ip-addresses/?interface_id=" + iface).object())).hasSize(1);
    assertThat(ids(get("ipam/ip-addresses/?device_id=" + device.get("id")).object())).hasSize(1);
  }

  // ------------------------------------------------------------------ auth and versions

  @Test
  void authenticationFailuresAre403WithNetBoxBodies() {
    String url = api("dcim/sites/");
    Reply none = TestHttp.get(url);
    assertThat(none.status()).isEqualTo(403);
    assertThat(none.object()).isEqualTo(Map.of("detail", "Authentication credentials were not provided."));
    assertThat(none.header("API-Version")).isEqualTo("4.6");
    assertThat(TestHttp.get(url, "Authorization", "Token nope").object()).isEqualTo(Map.of("detail", "Invalid v1 token"));
    assertThat(TestHttp.get(url, "Authorization", "Bearer nbt_abcdefABCDEF.wrong").object())
        .isEqualTo(Map.of("detail", "Invalid v2 token"));
    assertThat(String.valueOf(TestHttp.get(url, "Authorization", "Bearer nbt_nodot").object().get("detail")))
        .startsWith("Invalid authorization header: Could not parse key from v2 token.");
    assertThat(TestHttp.get(url, "Authorization", "Basic abc").object())
        .isEqualTo(Map.of("detail", "Authentication credentials were not provided."));
    assertThat(TestHttp.get(url, "Authorization", "Token a b").status()).isEqualTo(403);

    assertThat(TestHttp.get(url, "Authorization", "Bearer nbt_abcdefABCDEF.0123456789abcdefghij0123456789abcdefghij").status())
        .isEqualTo(200);
    assertThat(TestHttp.get(url, "Authorization", "bearer " + TOKEN).status()).isEqualTo(200);
    assertThat(TestHttp.get(url, "Authorization", "Token " + RO_TOKEN).status()).isEqualTo(200);
    Reply roWrite = TestHttp.send("POST", url, Map.of("name", "x", "slug", "x"), "Authorization", "Token " + RO_TOKEN);
    assertThat(roWrite.status()).isEqualTo(403);
    assertThat(roWrite.object()).isEqualTo(Map.of("detail", "You do not have permission to perform this action."));
  }

  @Test
  void acceptHeaderVersionOtherThan46Is406() {
    String url = api("dcim/sites/");
    Reply bad = TestHttp.get(url, "Authorization", "Token " + TOKEN, "Accept", "application/json; version=4.5");
    assertThat(bad.status()).isEqualTo(406);
    assertThat(bad.object()).isEqualTo(Map.of("detail", "Invalid version in \"Accept\" header."));
    Reply ok = TestHttp.get(url, "Authorization", "Token " + TOKEN, "Accept", "application/json; version=4.6");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("API-Version")).isEqualTo("4.6");
  }

  // ------------------------------------------------------------------ seeding, inspection, log

  @Test
  void seedsABenchmarkDatasetDirectory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("LocationSite.jsonl"), "{\"name\":\"site-0001\",\"description\":\"one\"}\n");
    Files.writeString(dir.resolve("OrganizationTenant.jsonl"), "{\"name\":\"tenant-001\"}\n");
    Files.writeString(dir.resolve("InfraDeviceType.jsonl"),
        "{\"name\":\"DCS-7050-000\",\"manufacturer\":\"Arista\"}\n{\"name\":\"DCS-7050-001\",\"manufacturer\":\"Arista\"}\n");
    Files.writeString(dir.resolve("InfraDevice.jsonl"),
        "{\"name\":\"dev-000001\",\"site\":\"site-0001\",\"type\":\"DCS-7050-001\",\"tenant\":\"tenant-001\","
            + "\"serial\":\"SN1\",\"status\":\"planned\"}\n");
    Files.writeString(dir.resolve("InfraInterface.jsonl"),
        "{\"device\":\"dev-000001\",\"name\":\"Ethernet1/1\",\"description\":null,\"enabled\":true,\"mtu\":9000,\"speed\":10000}\n");
    Files.writeString(dir.resolve("IpamIPAddress.jsonl"),
        "{\"address\":\"10.0.0.1/31\",\"interface\":\"dev-000001__Ethernet1/1\",\"description\":\"p2p\"}\n");

    Map<String, Integer> counts = netbox.seedDataset(dir);

    assertThat(counts).containsExactly(Map.entry("dcim/sites", 1), Map.entry("tenancy/tenants", 1),
        Map.entry("dcim/manufacturers", 1), Map.entry("dcim/device-types", 2), Map.entry("dcim/device-roles", 1),
        Map.entry("dcim/devices", 1), Map.entry("dcim/interfaces", 1), Map.entry("ipam/ip-addresses", 1));
    Map<String, @Nullable Object> device = netbox.find("dcim/devices", "name", "dev-000001").orElseThrow();
    assertThat(Json.object(device.get("device_type"), "t")).containsEntry("model", "DCS-7050-001");
    assertThat(device.get("status")).isEqualTo(Map.of("value", "planned", "label", "Planned"));
    Map<String, @Nullable Object> iface = netbox.objects("dcim/interfaces").get(0);
    assertThat(iface).containsEntry("description", "").containsEntry("mtu", 9000).containsEntry("enabled", true);
    Map<String, @Nullable Object> ip = netbox.objects("ipam/ip-addresses").get(0);
    assertThat(ip).containsEntry("assigned_object_id", iface.get("id"));
  }

  @Test
  void seedingRejectsInvalidObjectsNamingTheEndpoint() {
    assertThatThrownBy(() -> netbox.seed("dcim/sites", Map.of("name", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dcim/sites").hasMessageContaining("slug");
    assertThatThrownBy(() -> netbox.seed("dcim/nope", Map.of()))
        .hasMessageContaining("unknown endpoint 'dcim/nope'");
  }

  @Test
  void requestLogCountsPerMethodAndEndpoint() {
    Object id = netbox.seed("extras/tags", Map.of("name", "a", "slug", "a")).get("id");
    get("extras/tags/");
    get("extras/tags/" + id + "/");
    send("PATCH", "extras/tags/" + id + "/", Map.of("description", "x"));

    assertThat(netbox.requestLog().total()).isEqualTo(3);
    assertThat(netbox.requestLog().count("GET", "/api/extras/tags/")).isEqualTo(2);
    assertThat(netbox.requestLog().count("PATCH", "/api/extras/")).isEqualTo(1);
    assertThat(netbox.requestLog().countsByEndpoint())
        .containsEntry("GET /api/extras/tags/", 2L).containsEntry("PATCH /api/extras/tags/", 1L);
  }

  static List<Object> results(Reply r) {
    return Json.array(r.object().get("results"), "results");
  }

  static Map<String, @Nullable Object> first(Reply r) {
    return Json.object(results(r).get(0), "result");
  }

  static List<Object> ids(Map<String, @Nullable Object> page) {
    List<Object> out = new ArrayList<>();
    for (Object r : Json.array(page.get("results"), "results")) {
      out.add(Json.object(r, "r").get("id"));
    }
    return out;
  }

  static List<Object> names(Map<String, @Nullable Object> page) {
    return names(Json.array(page.get("results"), "results"));
  }

  static List<Object> names(List<@Nullable Object> items) {
    List<Object> out = new ArrayList<>();
    for (Object r : items) {
      out.add(Json.object(r, "r").get("name"));
    }
    return out;
  }
}
