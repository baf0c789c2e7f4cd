package io.infrasync.testkit.nautobot;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.testkit.TestHttp;
import io.infrasync.testkit.TestHttp.Reply;
import io.infrasync.testkit.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NautobotServerTest {
  static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";
  static final String RO_TOKEN = "fedcba9876543210fedcba9876543210fedcba98";

  @RegisterExtension
  static NautobotServer nautobot = NautobotServer.builder().token(TOKEN).readOnlyToken(RO_TOKEN).build();

  @BeforeEach
  void reset() {
    nautobot.clear();
    nautobot.clock().release();
    nautobot.requestLog().reset();
  }

  static String api(String path) {
    return nautobot.apiUrl() + path;
  }

  static Reply get(String path) {
    return TestHttp.get(api(path), "Authorization", "Token " + TOKEN);
  }

  static Reply send(String method, String path, @Nullable Object body) {
    return TestHttp.send(method, api(path), body, "Authorization", "Token " + TOKEN);
  }

  static Path fixture(String name) {
    return TestHttp.sharedDir().resolve("fixtures/nautobot").resolve(name);
  }

  static @Nullable Object fixtureJson(String name) throws Exception {
    String text = Files.readString(fixture(name))
        .replace("http://localhost:8080", nautobot.baseUrl().toString())
        .replace("http://localhost:8000", nautobot.baseUrl().toString());
    return Json.parse(text);
  }

  String seedBasics() {
    nautobot.seed("extras/statuses", Map.of("name", "Active"));
    nautobot.seed("extras/roles", Map.of("name", "Router"));
    nautobot.seed("dcim/location-types", Map.of("name", "Site"));
    return String.valueOf(nautobot.seed("dcim/locations",
        Map.of("name", "AMS1", "location_type", Map.of("name", "Site"), "status", "Active")).get("id"));
  }

  // ------------------------------------------------------------------ fixtures

  @Test
  void dynamicGroupFixturesAreReproducedExactly() throws Exception {
    nautobot.seedFile("extras/dynamic-groups", fixture("dynamic_groups.json"));

    assertThat(get("extras/dynamic-groups/").json()).isEqualTo(fixtureJson("dynamic_groups.json"));
    assertThat(get("extras/dynamic-groups/5b39ba88-e5ab-4be2-89f5-5a016473b53c/").json())
        .isEqualTo(fixtureJson("dynamic_group.json"));
    assertThat(new ArrayList<>(get("extras/dynamic-groups/").object().keySet()))
        .containsExactly("count", "next", "previous", "results");
  }

  @Test
  void namespaceFixturesAreReproducedWith24Additions() throws Exception {
    nautobot.seedFile("ipam/namespaces", fixture("namespaces.json"));

    Map<String, @Nullable Object> expected = Json.object(fixtureJson("namespaces.json"), "fixture");
    Map<String, @Nullable Object> page = get("ipam/namespaces/?name=Global&name=internal").object();
    List<@Nullable Object> want = Json.array(expected.get("results"), "results");
    List<@Nullable Object> have = Json.array(page.get("results"), "results");
    assertThat(page.get("count")).isEqualTo(2);
    for (int i = 0; i < want.size(); i++) {
      Map<String, @Nullable Object> ours = Json.object(have.get(i), "ours");
      // the 2023 fixture predates object_type and natural_slug, which 2.4 adds after id / url
      assertThat(ours.get("object_type")).isEqualTo("ipam.namespace");
      assertThat(String.valueOf(ours.get("natural_slug"))).matches("[a-z0-9-]+_[0-9a-f]{4}");
      ours.remove("object_type");
      ours.remove("natural_slug");
      assertThat(new ArrayList<>(ours.keySet())).isEqualTo(new ArrayList<>(Json.object(want.get(i), "w").keySet()));
      assertThat(ours).isEqualTo(want.get(i));
    }
    nautobot.clear(); // namespace.json is a separate capture of another "internal"
    nautobot.seedFile("ipam/namespaces", fixture("namespace.json"));
    Map<String, @Nullable Object> detail = get("ipam/namespaces/5b39ba88-e5ab-4be2-89f5-5a016473b53c/").object();
    detail.remove("object_type");
    detail.remove("natural_slug");
    assertThat(detail).isEqualTo(fixtureJson("namespace.json"));
  }

  @Test
  void graphqlErrorFixtureIsNotARestShape() throws Exception {
    // 02_get_wrong_query.json is Nautobot GraphQL, not REST: the REST emulator answers /api/graphql/ with a 404
    assertThat(Json.object(fixtureJson("02_get_wrong_query.json"), "f")).containsOnlyKeys("errors");
    assertThat(send("POST", "graphql/", Map.of("query", "{ test }")).status()).isEqualTo(404);
  }

  // ------------------------------------------------------------------ depth

  @Test
  void depthZeroRendersReferencesAsTriplesAndDepthNests() {
    String location = seedBasics();
    Object tag = nautobot.seed("extras/tags", Map.of("name", "core")).get("id");
    nautobot.seed("dcim/manufacturers", Map.of("name", "Arista"));
    nautobot.seed("dcim/device-types", Map.of("manufacturer", "Arista", "model", "7050"));
    Reply created = send("POST", "dcim/devices/", Map.of("name", "dev1", "device_type", Map.of("model", "7050"),
        "role", "Router", "location", location, "status", "Active", "tags", List.of(tag)));
    assertThat(created.status()).isEqualTo(201);
    String id = String.valueOf(created.object().get("id"));
    assertThat(created.object().get("location")).isEqualTo(Map.of(
        "id", location, "object_type", "dcim.location", "url", api("dcim/locations/" + location + "/")));

    Map<String, @Nullable Object> d0 = get("dcim/devices/" + id + "/").object();
    assertThat(new ArrayList<>(d0.keySet()).subList(0, 5)).containsExactly("id", "object_type", "display", "url", "natural_slug");
    assertThat(new ArrayList<>(d0.keySet()).subList(d0.size() - 5, d0.size()))
        .containsExactly("created", "last_updated", "tags", "notes_url", "custom_fields");
    assertThat(Json.object(d0.get("status"), "status")).containsOnlyKeys("id", "object_type", "url");
    assertThat(Json.array(d0.get("tags"), "tags")).containsExactly(Map.of(
        "id", tag, "object_type", "extras.tag", "url", api("extras/tags/" + tag + "/")));

    Map<String, @Nullable Object> d1 = get("dcim/devices/" + id + "/?depth=1").object();
    Map<String, @Nullable Object> loc = Json.object(d1.get("location"), "location");
    assertThat(loc).containsEntry("name", "AMS1").containsEntry("object_type", "dcim.location").doesNotContainKey("tags");
    assertThat(Json.object(loc.get("status"), "status")).containsOnlyKeys("id", "object_type", "url");
    Map<String, @Nullable Object> d2 = get("dcim/devices/" + id + "/?depth=2").object();
    assertThat(Json.object(Json.object(d2.get("location"), "l").get("status"), "s")).containsEntry("name", "Active");
    assertThat(get("dcim/devices/?depth=11").status()).isEqualTo(500);
    assertThat(get("dcim/devices/" + id + "/?exclude_m2m=true").object()).doesNotContainKey("tags");
  }

  // ------------------------------------------------------------------ filters, versions, pagination

  @Test
  void unknownQueryParametersAre400NamingThem() {
    seedBasics();
    Reply brief = get("dcim/locations/?brief=1");
    assertThat(brief.status()).isEqualTo(400);
    assertThat(brief.object()).isEqualTo(Map.of("brief", List.of("Unknown filter field")));
    assertThat(get("dcim/locations/?fields=name&id__in=x").object()).isEqualTo(Map.of(
        "fields", List.of("Unknown filter field"), "id__in", List.of("Unknown filter field")));
    assertThat(get("dcim/locations/?name__gte=a").object()).isEqualTo(Map.of("name__gte", List.of("Unknown filter field")));
  }

  @Test
  void knownFiltersSelectObjects() {
    nautobot.clock().set(Instant.parse("2025-01-01T00:00:00Z"));
    String ams = seedBasics();
    String fra = String.valueOf(nautobot.seed("dcim/locations",
        Map.of("name", "FRA1", "location_type", "Site", "status", "Active")).get("id"));
    nautobot.seed("extras/statuses", Map.of("name", "Planned"));
    nautobot.clock().set(Instant.parse("2025-06-01T00:00:00Z"));
    String lon = String.valueOf(nautobot.seed("dcim/locations",
        Map.of("name", "LON1", "location_type", "Site", "status", "Planned")).get("id"));

    assertThat(ids(get("dcim/locations/?id=" + ams + "&id=" + fra))).containsExactlyInAnyOrder(ams, fra);
    assertThat(ids(get("dcim/locations/?status=Planned"))).containsExactly(lon);
    assertThat(ids(get("dcim/locations/?name__ic=ams"))).containsExactly(ams);
    assertThat(ids(get("dcim/locations/?last_updated__gte=2025-05-01T00:00:00Z"))).containsExactly(lon);
    assertThat(ids(get("dcim/locations/?sort=-name"))).containsExactly(lon, fra, ams);
    assertThat(get("dcim/locations/?status=Nope").object())
        .isEqualTo(Map.of("status", List.of("Select a valid choice. Nope is not one of the available choices.")));
    assertThat(get("dcim/locations/?id=12").object()).isEqualTo(Map.of("id", List.of("Must be a valid UUID.")));
  }

  @Test
  void versionNegotiation() {
    String url = api("extras/statuses/");
    assertThat(TestHttp.get(url, "Authorization", "Token " + TOKEN).header("API-Version")).isEqualTo("2.4");
    assertThat(TestHttp.get(url, "Authorization", "Token " + TOKEN, "Accept", "application/json; version=2.1")
        .header("API-Version")).isEqualTo("2.1");
    assertThat(TestHttp.get(url + "?api_version=2.2", "Authorization", "Token " + TOKEN).header("API-Version"))
        .isEqualTo("2.2");
    Reply bad = TestHttp.get(url, "Authorization", "Token " + TOKEN, "Accept", "application/json; version=2.9");
    assertThat(bad.status()).isEqualTo(406);
    assertThat(bad.object()).isEqualTo(Map.of("detail",
        "Invalid version \"2.9\" in \"Accept\" header. Supported versions are: 2.0, 2.1, 2.2, 2.3, 2.4"));
    assertThat(TestHttp.get(url + "?api_version=3.0", "Authorization", "Token " + TOKEN).status()).isEqualTo(404);
    assertThat(TestHttp.get(url + "?api_version=2.1", "Authorization", "Token " + TOKEN,
        "Accept", "application/json; version=2.2").object())
        .isEqualTo(Map.of("detail", "Version mismatch between \"Accept\" header and query parameter."));
  }

  @Test
  void paginationFollowsNautobotLimitRules() {
    try (NautobotServer small = NautobotServer.builder().anonymousAccess().pageSize(3).maxPageSize(5).build().start()) {
      for (int i = 0; i < 12; i++) {
        small.seed("extras/tags", Map.of("name", "t" + i));
      }
      String base = small.apiUrl() + "extras/tags/";
      assertThat(results(TestHttp.get(base))).hasSize(3);
      assertThat(results(TestHttp.get(base + "?limit=-1"))).hasSize(3);
      assertThat(results(TestHttp.get(base + "?limit=0"))).hasSize(5);
      assertThat(results(TestHttp.get(base + "?limit=100"))).hasSize(5);
      Set<Object> seen = new HashSet<>();
      String url = base + "?limit=4";
      while (url != null) {
        Map<String, @Nullable Object> page = TestHttp.get(url).object();
        for (Object r : Json.array(page.get("results"), "r")) {
          seen.add(Json.object(r, "r").get("id"));
        }
        url = (String) page.get("next");
      }
      assertThat(seen).hasSize(12);
    }
  }

  // ------------------------------------------------------------------ writes

  @Test
  void bulkWritesSkipUnknownIdsAndAreAllOrNothing() {
    seedBasics();
    Reply created = send("POST", "tenancy/tenants/", List.of(Map.of("name", "a"), Map.of("name", "b")));
    assertThat(created.status()).isEqualTo(201);
    String a = String.valueOf(Json.object(created.array().get(0), "a").get("id"));
    String b = String.valueOf(Json.object(created.array().get(1), "b").get("id"));

    Reply failed = send("POST", "tenancy/tenants/", List.of(Map.of("name", "c"), Map.of("name", "a")));
    assertThat(failed.array()).containsExactly(Map.of(), Map.of("name", List.of("tenant with this name already exists.")));
    assertThat(nautobot.count("tenancy/tenants")).isEqualTo(2);

    Reply updated = send("PATCH", "tenancy/tenants/", List.of(
        Map.of("id", b, "description", "B"), Map.of("id", "00000000-0000-4000-8000-000000000000", "description", "x")));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.array()).hasSize(1);
    assertThat(send("PATCH", "tenancy/tenants/", List.of(Map.of("id", "nope"))).array())
        .containsExactly(Map.of("id", List.of("Must be a valid UUID.")));

    assertThat(send("DELETE", "tenancy/tenants/", List.of(Map.of("id", a),
        Map.of("id", "00000000-0000-4000-8000-000000000000"))).status()).isEqualTo(204);
    assertThat(nautobot.count("tenancy/tenants")).isEqualTo(1);
    assertThat(nautobot.find("tenancy/tenants", "id", b).orElseThrow()).containsEntry("description", "B");
  }

  @Test
  void referencesByNameUuidUrlOrAttributes() {
    String location = seedBasics();
    Reply byName = send("POST", "ipam/namespaces/", Map.of("name", "n1", "location", "AMS1"));
    assertThat(byName.status()).isEqualTo(201);
    Reply byUrl = send("POST", "ipam/namespaces/", Map.of("name", "n2", "location", api("dcim/locations/" + location + "/")));
    assertThat(Json.object(byUrl.object().get("location"), "l")).containsEntry("id", location);
    Reply byAttrs = send("POST", "ipam/namespaces/", Map.of("name", "n3", "location", Map.of("name", "AMS1")));
    assertThat(byAttrs.status()).isEqualTo(201);

    assertThat(send("POST", "dcim/locations/", Map.of("name", "X", "location_type", "Site", "status", "Nope")).object())
        .isEqualTo(Map.of("status", List.of("Related object not found using the provided attributes: {'name': 'Nope'}")));
    assertThat(send("POST", "dcim/locations/", Map.of("name", "X", "location_type", "Site",
        "status", "00000000-0000-4000-8000-000000000000")).object())
        .isEqualTo(Map.of("status", List.of("Related object not found using the provided attributes: "
            + "{'pk': UUID('00000000-0000-4000-8000-000000000000')}")));
    assertThat(send("POST", "dcim/locations/", Map.of("name", "X", "location_type", "Site")).object())
        .isEqualTo(Map.of("status", List.of("This field is required.")));
  }

  @Test
  void pluginEndpointsLiveUnderNestedPaths() {
    seedBasics();
    Reply created = send("POST", "plugins/bgp/autonomous-systems/", Map.of("asn", 65001, "status", "Active"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.object()).containsEntry("display", "AS65001").containsEntry("object_type",
        "nautobot_bgp_models.autonomoussystem");
    String id = String.valueOf(created.object().get("id"));
    assertThat(created.object().get("url")).isEqualTo(api("plugins/bgp/autonomous-systems/" + id + "/"));
    assertThat(results(get("plugins/bgp/autonomous-systems/?asn=65001"))).hasSize(1);
    assertThat(get("plugins/bgp/autonomous-systems/" + id + "/").status()).isEqualTo(200);
    assertThat(nautobot.requestLog().countsByEndpoint())
        .containsEntry("GET /api/plugins/bgp/autonomous-systems/", 2L)
        .containsEntry("POST /api/plugins/bgp/autonomous-systems/", 1L);
  }

  @Test
  void timestampsComeFromTheServerClock() {
    nautobot.clock().set(Instant.parse("2024-04-19T12:57:16.695546Z"));
    Map<String, @Nullable Object> status = nautobot.seed("extras/statuses", Map.of("name", "Active"));
    nautobot.clock().advance(Duration.ofSeconds(30));
    Map<String, @Nullable Object> patched =
        send("PATCH", "extras/statuses/" + status.get("id") + "/", Map.of("description", "d")).object();
    assertThat(patched).containsEntry("created", "2024-04-19T12:57:16.695546Z")
        .containsEntry("last_updated", "2024-04-19T12:57:46.695546Z");
  }

  @Test
  void authenticationAndNotFound() {
    String url = api("dcim/locations/");
    assertThat(TestHttp.get(url).object()).isEqualTo(Map.of("detail", "Authentication credentials were not provided."));
    assertThat(TestHttp.get(url).status()).isEqualTo(403);
    assertThat(TestHttp.get(url, "Authorization", "Bearer " + TOKEN).status()).isEqualTo(403);
    assertThat(TestHttp.get(url, "Authorization", "Token nope").object()).isEqualTo(Map.of("detail", "Invalid token"));
    Reply ro = TestHttp.send("POST", api("extras/tags/"), Map.of("name", "x"), "Authorization", "Token " + RO_TOKEN);
    assertThat(ro.status()).isEqualTo(403);
    assertThat(ro.header("API-Version")).isEqualTo("2.4");
    Reply missing = get("dcim/locations/00000000-0000-4000-8000-000000000000/");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.object()).isEqualTo(Map.of("detail", "No Location matches the given query."));
    String ams = seedBasics();
    assertThat(get("dcim/locations/AMS1/").object()).containsEntry("id", ams);
  }

  @Test
  void idsAreReproducibleForTheSameSeed() {
    try (NautobotServer one = NautobotServer.builder().seed(7).build();
        NautobotServer two = NautobotServer.builder().seed(7).build()) {
      Object a = one.seed("extras/tags", Map.of("name", "x")).get("id");
      Object b = two.seed("extras/tags", Map.of("name", "x")).get("id");
      assertThat(a).isEqualTo(b);
      assertThat(String.valueOf(a)).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
  }

  static List<@Nullable Object> results(Reply r) {
    return Json.array(r.object().get("results"), "results");
  }

  static List<Object> ids(Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<Object> out = new ArrayList<>();
    for (Object o : results(r)) {
      out.add(Json.object(o, "r").get("id"));
    }
    return out;
  }
}
