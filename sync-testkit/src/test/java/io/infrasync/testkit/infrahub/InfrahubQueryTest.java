package io.infrasync.testkit.infrahub;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.testkit.infrahub.Gql.Reply;
import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfrahubQueryTest {

  /**
   * schema_01.json with BuiltinLocation given the hfid and display label the page fixtures show.
   */
  static InfrahubSchema locationSchema() {
    return InfrahubSchema.fromJson(Gql.shared().resolve("fixtures/infrahub/schema_01.json"))
        .toBuilder()
        .node(
            "BuiltinLocation",
            k ->
                k.humanFriendlyId("name__value")
                    .displayLabels("name__value")
                    .attribute(AttributeSchema.of("type", "String").asOptional()))
        .build();
  }

  @RegisterExtension
  static final InfrahubServer fixtures = InfrahubServer.builder().schema(locationSchema()).build();

  @RegisterExtension static final InfrahubServer examples = InfrahubServer.builder().build();

  static final String PAGE_QUERY =
      """
      query {
        BuiltinLocation(offset: %d, limit: 3) {
          count
          edges {
            node {
              id
              hfid
              display_label
              __typename
              name { value }
              description { value }
              tags { count edges { node { id } } }
            }
          }
        }
      }""";

  @BeforeEach
  void reset() {
    fixtures.clear();
    examples.clear();
    examples.graphqlLog().clear();
    examples.clock().release();
  }

  private void seedThirtyLocations() {
    assertThat(fixtures.seedQueryResponse(Gql.fixtureText("mock_query_location_page1.json")))
        .isEqualTo(3);
    assertThat(fixtures.seedQueryResponse(Gql.fixtureText("mock_query_location_page10.json")))
        .isEqualTo(3);
    for (int i = 1; i <= 30; i++) {
      if (i >= 4 && i <= 6 || i >= 28) {
        continue;
      }
      String id =
          (i < 4 ? "18187157-0000-0000-0000-" : "18187157-1000-0000-0000-")
              + String.format("%012d", i);
      fixtures.create("BuiltinLocation", Map.of("id", id, "name", "Location " + i));
    }
  }

  @Test
  void reproducesTheSdkLocationPagesFieldByField() {
    seedThirtyLocations();

    Reply first = Gql.post(fixtures.graphqlUrl(), null, PAGE_QUERY.formatted(3));
    Reply last = Gql.post(fixtures.graphqlUrl(), null, PAGE_QUERY.formatted(27));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).isEqualTo(Gql.fixture("mock_query_location_page1.json"));
    assertThat(last.body()).isEqualTo(Gql.fixture("mock_query_location_page10.json"));
  }

  @Test
  void withoutLimitEveryMatchComesBackAndCountIsExact() {
    seedThirtyLocations();

    Reply all =
        Gql.post(
            fixtures.graphqlUrl(), null, "{ BuiltinLocation { count edges { node { id } } } }");
    Reply tail =
        Gql.post(
            fixtures.graphqlUrl(),
            null,
            "{ BuiltinLocation(offset: 28, limit: 50) { count edges { node { name { value } } } }"
                + " }");
    Reply beyond =
        Gql.post(
            fixtures.graphqlUrl(),
            null,
            "{ BuiltinLocation(offset: 40) { count edges { node { id } } } }");

    assertThat(page(all).get("count")).isEqualTo(30);
    assertThat(edges(all)).hasSize(30);
    assertThat(page(tail).get("count")).isEqualTo(30);
    assertThat(names(tail)).containsExactly("Location 29", "Location 30");
    assertThat(page(beyond).get("count")).isEqualTo(30);
    assertThat(edges(beyond)).isEmpty();
  }

  @Test
  void attributeRelationshipAndIdFiltersAreAnded() {
    String red = examples.create("BuiltinTag", Map.of("name", "red"));
    String blue = examples.create("BuiltinTag", Map.of("name", "blue"));
    examples.create(
        "LocationGeneric", Map.of("name", "par1", "type", "Site", "tags", List.of(red)));
    examples.create(
        "LocationGeneric", Map.of("name", "par2", "type", "Site", "tags", List.of(blue)));
    String fra = examples.create("LocationGeneric", Map.of("name", "fra1", "type", "Region"));

    assertThat(names(query("LocationGeneric(type__value: \"Site\")")))
        .containsExactly("par1", "par2");
    assertThat(names(query("LocationGeneric(name__values: [\"par1\", \"fra1\"])")))
        .containsExactly("par1", "fra1");
    assertThat(names(query("LocationGeneric(tags__ids: [\"" + blue + "\"])")))
        .containsExactly("par2");
    assertThat(names(query("LocationGeneric(tags__name__value: \"red\", type__value: \"Site\")")))
        .containsExactly("par1");
    assertThat(names(query("LocationGeneric(ids: [\"" + fra + "\"])"))).containsExactly("fra1");
    assertThat(names(query("LocationGeneric(description__isnull: true, type__value: \"Region\")")))
        .containsExactly("fra1");
    assertThat(names(query("LocationGeneric(name__value: \"PAR\", partial_match: true)")))
        .containsExactly("par1", "par2");
    assertThat(names(query("LocationGeneric(hfid: [\"fra1\"])"))).containsExactly("fra1");
    assertThat(names(query("LocationGeneric(any__value: \"Region\")"))).containsExactly("fra1");
  }

  @Test
  void updatedAfterFilterReturnsNodesChangedStrictlyAfterTheInstant() {
    Instant t0 = Instant.parse("2025-01-01T10:00:00Z");
    examples.clock().set(t0);
    String a = examples.create("BuiltinTag", Map.of("name", "a"));
    examples.create("BuiltinTag", Map.of("name", "b"));
    examples.clock().advance(Duration.ofMinutes(5));
    examples.update(a, Map.of("description", "changed"));

    Reply after =
        query("BuiltinTag(node_metadata__updated_at__after: \"2025-01-01T10:00:00+00:00\")");
    Reply before = query("BuiltinTag(node_metadata__updated_at__before: \"2025-01-01T10:01:00Z\")");
    Reply day = query("BuiltinTag(node_metadata__created_at: \"2025-01-01\")");
    Reply meta =
        Gql.post(
            examples.graphqlUrl(),
            null,
            "{ BuiltinTag(name__value: \"a\") { edges {"
                + " node_metadata { created_at updated_at } node { _updated_at } } } }");

    assertThat(names(after)).containsExactly("a");
    assertThat(names(before)).containsExactly("b");
    assertThat(names(day)).containsExactly("a", "b");
    Map<String, Object> edge = m(edges(meta).get(0));
    assertThat(m(edge.get("node_metadata")))
        .containsEntry("created_at", "2025-01-01T10:00:00+00:00")
        .containsEntry("updated_at", "2025-01-01T10:05:00+00:00");
  }

  @Test
  void relationshipsReadAsNestedNodeAndPaginatedEdges() {
    String red = examples.create("BuiltinTag", Map.of("name", "red"));
    String blue = examples.create("BuiltinTag", Map.of("name", "blue"));
    String site = examples.create("LocationGeneric", Map.of("name", "par1"));
    examples.create(
        "InfraRack", Map.of("name", "r1", "location", site, "tags", List.of(blue, red)));
    examples.create("InfraRack", Map.of("name", "r2"));

    Reply r =
        Gql.post(
            examples.graphqlUrl(),
            null,
            """
            { InfraRack { edges { node {
                name { value }
                location { node { id display_label __typename } properties { is_protected } }
                role { node { id } }
                tags(limit: 1) { count edges { node { name { value } } } }
            } } } }""");

    List<Object> nodes = new ArrayList<>();
    for (Object e : edges(r)) {
      nodes.add(((Map<?, ?>) e).get("node"));
    }
    Map<String, Object> r1 = m(nodes.get(0));
    Map<String, Object> r2 = m(nodes.get(1));
    assertThat(m(m(r1.get("location")).get("node")))
        .containsEntry("id", site)
        .containsEntry("display_label", "par1")
        .containsEntry("__typename", "LocationGeneric");
    assertThat(m(r1.get("role"))).containsEntry("node", null);
    assertThat(m(r1.get("tags"))).containsEntry("count", 2);
    assertThat((List<?>) m(r1.get("tags")).get("edges")).hasSize(1);
    assertThat(m(r2.get("location"))).containsEntry("node", null);
  }

  @Test
  void genericQueryReturnsNodesOfEveryKindUsingIt() {
    String device = examples.create("InfraDevice", Map.of("name", "sw1"));
    examples.create(
        "InfraInterfaceL2L3", Map.of("name", "eth0", "device", device, "l2_mode", "access"));

    Reply r =
        Gql.post(
            examples.graphqlUrl(),
            null,
            """
            { InfraInterface { count edges { node { __typename hfid name { value }
                ... on InfraInterfaceL2L3 { l2_mode { value } } } } } }""");
    Reply device1 =
        Gql.post(
            examples.graphqlUrl(),
            null,
            "{ InfraDevice { edges { node { interfaces { count } } } } }");

    Map<String, Object> node = m(m(edges(r).get(0)).get("node"));
    assertThat(node)
        .containsEntry("__typename", "InfraInterfaceL2L3")
        .containsEntry("hfid", List.of("sw1", "eth0"));
    assertThat(m(node.get("l2_mode"))).containsEntry("value", "access");
    Map<String, Object> dev = m(m(edges(device1).get(0)).get("node"));
    assertThat(m(dev.get("interfaces"))).containsEntry("count", 1);
  }

  @Test
  void unknownArgumentIsAValidationErrorWithNullData() {
    Reply r =
        Gql.post(
            examples.graphqlUrl(),
            null,
            "query {\n  InfraDevice(colour__value: \"red\") { count }\n}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).containsEntry("data", null);
    assertThat(r.errors().get(0).get("message"))
        .isEqualTo("Unknown argument 'colour__value' on field 'Query.InfraDevice'.");
    assertThat(r.errors().get(0).get("locations"))
        .isEqualTo(List.of(Map.of("line", 2, "column", 15)));
    assertThat(r.code()).isEqualTo("UNDEFINED_ERROR");
  }

  @Test
  void unknownFieldAndSyntaxErrorsAreReported() {
    Reply field = Gql.post(examples.graphqlUrl(), null, "{ InfraDevice { count colour } }");
    Reply syntax = Gql.post(examples.graphqlUrl(), null, "{ InfraDevice { count ");

    assertThat(field.errors().get(0).get("message"))
        .isEqualTo("Cannot query field 'colour' on type 'PaginatedInfraDevice'.");
    assertThat(field.body()).containsEntry("data", null);
    assertThat((String) syntax.errors().get(0).get("message")).startsWith("Syntax Error");
    assertThat(syntax.body()).containsEntry("data", null);
  }

  @Test
  void numbersAndBooleansKeepTheirJsonTypes() {
    examples.create("InfraRack", Map.of("name", "r1", "height", 42));
    examples.create("ChoiceDeviceType", Map.of("name", "t1", "full_depth", true));

    Reply rack = query("InfraRack(height__value: 42)", "height { value }");
    Reply type = query("ChoiceDeviceType(full_depth__value: true)", "full_depth { value }");

    Map<String, Object> node = m(m(edges(rack).get(0)).get("node"));
    assertThat(m(node.get("height"))).containsEntry("value", 42);
    Map<String, Object> t = m(m(edges(type).get(0)).get("node"));
    assertThat(m(t.get("full_depth"))).containsEntry("value", true);
  }

  @Test
  void orderByNodeMetadataSortsByTimestamps() {
    examples.clock().set(Instant.parse("2025-02-01T00:00:00Z"));
    String a = examples.create("BuiltinTag", Map.of("name", "a"));
    examples.clock().advance(Duration.ofSeconds(1));
    examples.create("BuiltinTag", Map.of("name", "b"));
    examples.clock().advance(Duration.ofSeconds(1));
    examples.update(a, Map.of("description", "x"));

    assertThat(names(query("BuiltinTag(order: {node_metadata: {updated_at: DESC}})")))
        .containsExactly("a", "b");
    assertThat(names(query("BuiltinTag(order: {node_metadata: {created_at: DESC}})")))
        .containsExactly("b", "a");
  }

  private Reply query(String call) {
    return query(call, "name { value }");
  }

  private Reply query(String call, String fields) {
    Reply r =
        Gql.post(
            examples.graphqlUrl(),
            null,
            "{ " + call + " { count edges { node { " + fields + " } } } }");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.body()).as(r.text()).doesNotContainKey("errors");
    return r;
  }

  static Map<String, Object> m(@Nullable Object o) {
    return Gql.map(o);
  }

  private static Map<String, Object> page(Reply r) {
    return m(r.data().values().iterator().next());
  }

  private static List<?> edges(Reply r) {
    return (List<?>) java.util.Objects.requireNonNull(page(r).get("edges"));
  }

  private static List<String> names(Reply r) {
    List<String> out = new ArrayList<>();
    for (Object e : edges(r)) {
      out.add(String.valueOf(m(m(m(e).get("node")).get("name")).get("value")));
    }
    return out;
  }
}
