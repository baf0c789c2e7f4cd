package io.infrasync.testkit.infrahub;

import static io.infrasync.testkit.infrahub.InfrahubServer.DEFAULT_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.testkit.infrahub.Gql.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfrahubMutationTest {

  /** The kind of the SDK's error catalogue captures, so their bodies can be compared exactly. */
  static final InfrahubSchema PERSON_SCHEMA =
      InfrahubSchema.builder()
          .node(
              "TestPerson",
              k ->
                  k.unique("name", "Text")
                      .optional("height", "Number")
                      .optional("nickname", "Text")
                      .defaultFilter("nickname__value")
                      .humanFriendlyId("name__value"))
          .build();

  @RegisterExtension
  static final InfrahubServer people =
      InfrahubServer.builder()
          .schema(PERSON_SCHEMA)
          .token(DEFAULT_TOKEN)
          .readOnlyToken("reader")
          .expiredToken("old-jwt")
          .build();

  @RegisterExtension static final InfrahubServer infrahub = InfrahubServer.builder().build();

  @BeforeEach
  void reset() {
    people.clear();
    infrahub.clear();
    infrahub.graphqlLog().clear();
    infrahub.clock().release();
  }

  private static Reply mutate(InfrahubServer server, @Nullable String token, String fields) {
    return Gql.post(server.graphqlUrl(), token, "mutation {\n  " + fields + "\n}");
  }

  @Test
  void duplicateUniqueValueIsTheCatalogueUniquenessViolation() {
    people.create("TestPerson", Map.of("name", "John"));

    Reply r =
        mutate(people, DEFAULT_TOKEN, "TestPersonCreate(data: {name: {value: \"John\"}}) { ok }");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Gql.fixture("uniqueness_violation.json"));
    assertThat(people.count("TestPerson")).isEqualTo(1);
  }

  @Test
  void missingRequiredAttributeIsTheCatalogueAttributeRequired() {
    Reply r =
        mutate(people, DEFAULT_TOKEN, "TestPersonCreate(data: {height: {value: 180}}) { ok }");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Gql.fixture("attribute_required.json"));
  }

  @Test
  void unknownIdIsTheCatalogueNodeNotFound() {
    Reply r = mutate(people, DEFAULT_TOKEN, "TestPersonDelete(data: {id: \"john\"}) { ok }");

    assertThat(r.body()).isEqualTo(Gql.fixture("node_not_found.json"));
  }

  @Test
  void anonymousMutationIsRefusedWith401AndTheCatalogueBody() {
    Reply r = mutate(people, null, "TestPersonCreate(data: {name: {value: \"John\"}}) { ok }");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).isEqualTo(Gql.fixture("authentication_required.json"));
    assertThat(people.count("TestPerson")).isZero();
  }

  @Test
  void readOnlyTokenGetsPermissionDenied() {
    String id = people.create("TestPerson", Map.of("name", "John"));

    Reply r =
        mutate(
            people,
            "reader",
            "TestPersonUpdate(data: {id: \"" + id + "\", height: {value: 1}}) { ok }");

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).isEqualTo(Gql.fixture("permission_denied.json"));
    assertThat(people.node(id).orElseThrow().attribute("height")).isNull();
  }

  @Test
  void expiredTokenIsRejectedBeforeExecution() {
    Reply r = Gql.post(people.graphqlUrl(), "old-jwt", "{ TestPerson { count } }");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).isEqualTo(Gql.fixture("auth_token_expired.json"));
  }

  @Test
  void deletingAnUnknownBranchIsTheCatalogueBranchNotFound() {
    Reply r =
        mutate(people, DEFAULT_TOKEN, "BranchDelete(data: {name: \"does-not-exist\"}) { ok }");

    assertThat(r.body()).isEqualTo(Gql.fixture("branch_not_found.json"));
  }

  @Test
  void createReturnsTheNewObjectAndStampsMetadata() {
    infrahub.clock().set(Instant.parse("2025-03-01T08:00:00Z"));

    Reply r =
        mutate(
            infrahub,
            DEFAULT_TOKEN,
            "InfraRackCreate(data: {name: {value: \"r1\"},"
                + " height: {value: 42}}) { ok object { id display_label height { value } } }");

    Map<String, Object> payload = Gql.map(r.data().get("InfraRackCreate"));
    Map<String, Object> object = Gql.map(payload.get("object"));
    assertThat(payload).containsEntry("ok", true);
    assertThat(object).containsEntry("display_label", "r1");
    assertThat(Gql.map(object.get("height"))).containsEntry("value", 42);
    InfrahubNode stored = infrahub.node(String.valueOf(object.get("id"))).orElseThrow();
    assertThat(stored.attribute("height")).isEqualTo(42L);
    assertThat(stored.createdAt()).isEqualTo(Instant.parse("2025-03-01T08:00:00Z"));
    assertThat(stored.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void updateReplacesTheManyPeerSetAndNullClearsAOneRelationship() {
    String red = infrahub.create("BuiltinTag", Map.of("name", "red"));
    String blue = infrahub.create("BuiltinTag", Map.of("name", "blue"));
    String green = infrahub.create("BuiltinTag", Map.of("name", "green"));
    String role = infrahub.create("RoleGeneric", Map.of("name", "spine"));
    String rack =
        infrahub.create(
            "InfraRack", Map.of("name", "r1", "role", role, "tags", List.of(red, blue)));
    infrahub.clock().advance(Duration.ofSeconds(10));

    Reply r =
        mutate(
            infrahub,
            DEFAULT_TOKEN,
            "InfraRackUpdate(data: {id: \""
                + rack
                + "\", role: null, tags: [{id: \""
                + green
                + "\"}]}) { ok }");

    assertThat(r.body()).doesNotContainKey("errors");
    InfrahubNode stored = infrahub.node(rack).orElseThrow();
    assertThat(stored.peers("tags")).containsExactly(green);
    assertThat(stored.peer("role")).isNull();
    assertThat(stored.attribute("name")).isEqualTo("r1");
    assertThat(stored.updatedAt()).isAfter(stored.createdAt());
  }

  @Test
  void updateWithoutChangesKeepsTheUpdatedTimestamp() {
    String tag = infrahub.create("BuiltinTag", Map.of("name", "red"));
    Instant before = infrahub.node(tag).orElseThrow().updatedAt();
    infrahub.clock().advance(Duration.ofMinutes(1));

    mutate(
        infrahub,
        DEFAULT_TOKEN,
        "BuiltinTagUpdate(data: {id: \"" + tag + "\", name: {value: \"red\"}}) { ok }");

    assertThat(infrahub.node(tag).orElseThrow().updatedAt()).isEqualTo(before);
  }

  @Test
  void updateLocatesANodeByHfidAndMayUseVariables() {
    infrahub.create("BuiltinTag", Map.of("name", "red"));

    Reply r =
        Gql.post(
            infrahub.graphqlUrl(),
            DEFAULT_TOKEN,
            "mutation($d: String) { BuiltinTagUpdate(data: {hfid: [\"red\"], description: {value:"
                + " $d}}) { ok object { description { value } } } }",
            Map.of("d", "warm colour"));

    assertThat(r.body()).doesNotContainKey("errors");
    assertThat(infrahub.find("BuiltinTag", "name", "red").orElseThrow().attribute("description"))
        .isEqualTo("warm colour");
  }

  @Test
  void upsertUpdatesByHfidAndCreatesWhenNothingMatches() {
    String red = infrahub.create("BuiltinTag", Map.of("name", "red"));

    Reply byHfid =
        mutate(
            infrahub,
            DEFAULT_TOKEN,
            "BuiltinTagUpsert(data: {hfid: [\"red\"], name: {value: \"red\"}, description: {value:"
                + " \"known\"}}) { ok object { id } }");
    Reply fresh =
        mutate(
            infrahub,
            DEFAULT_TOKEN,
            "BuiltinTagUpsert(data: {name: {value: \"blue\"}}) { ok object { id } }");
    Reply onHfidConflict =
        mutate(
            infrahub,
            DEFAULT_TOKEN,
            "BuiltinTagUpsert(data: {name: {value: \"red\"}, description: {value: \"again\"}}) { ok"
                + " object { id } }");

    assertThat(Gql.map(Gql.map(byHfid.data().get("BuiltinTagUpsert")).get("object")))
        .containsEntry("id", red);
    assertThat(Gql.map(Gql.map(onHfidConflict.data().get("BuiltinTagUpsert")).get("object")))
        .containsEntry("id", red);
    assertThat(fresh.body()).doesNotContainKey("errors");
    assertThat(infrahub.count("BuiltinTag")).isEqualTo(2);
    assertThat(infrahub.node(red).orElseThrow().attribute("description")).isEqualTo("again");
  }

  @Test
  void upsertLooksNodesUpByTheDefaultFilterBeforeTheHfid() {
    String john = people.create("TestPerson", Map.of("name", "John", "nickname", "jj"));

    Reply r =
        mutate(
            people,
            DEFAULT_TOKEN,
            "TestPersonUpsert(data: {name: {value: \"Johnny\"},"
                + " nickname: {value: \"jj\"}}) { ok object { id name { value } } }");

    assertThat(Gql.map(Gql.map(r.data().get("TestPersonUpsert")).get("object")))
        .containsEntry("id", john);
    assertThat(people.count("TestPerson")).isEqualTo(1);
    assertThat(people.node(john).orElseThrow().attribute("name")).isEqualTo("Johnny");
  }

  @Test
  void upsertRequiresMandatoryFieldsAtTheGraphqlLevel() {
    Reply r =
        mutate(
            infrahub,
            DEFAULT_TOKEN,
            "BuiltinTagUpsert(data: {description: {value: \"x\"}}) { ok }");

    assertThat(r.body()).containsEntry("data", null);
    assertThat(r.code()).isEqualTo("UNDEFINED_ERROR");
    assertThat(infrahub.count("BuiltinTag")).isZero();
  }

  @Test
  void deleteRemovesTheNodeAndDetachesItsPeers() {
    String red = infrahub.create("BuiltinTag", Map.of("name", "red"));
    String rack = infrahub.create("InfraRack", Map.of("name", "r1", "tags", List.of(red)));

    Reply r =
        mutate(infrahub, DEFAULT_TOKEN, "BuiltinTagDelete(data: {id: \"" + red + "\"}) { ok }");

    assertThat(Gql.map(r.data().get("BuiltinTagDelete"))).containsEntry("ok", true);
    assertThat(infrahub.node(red)).isEmpty();
    assertThat(infrahub.node(rack).orElseThrow().peers("tags")).isEmpty();
  }

  @Test
  void aliasedMutationsRunInTheirOwnTransactions() {
    infrahub.create("BuiltinTag", Map.of("name", "taken"));

    Reply r =
        Gql.post(
            infrahub.graphqlUrl(),
            DEFAULT_TOKEN,
            """
            mutation {
              a: BuiltinTagCreate(data: {name: {value: "one"}}) { ok }
              b: BuiltinTagCreate(data: {name: {value: "taken"}}) { ok }
              c: BuiltinTagCreate(data: {name: {value: "two"}}) { ok }
            }""");

    assertThat(r.status()).isEqualTo(200);
    assertThat(Gql.map(r.data().get("a"))).containsEntry("ok", true);
    assertThat(r.data()).containsEntry("b", null);
    assertThat(Gql.map(r.data().get("c"))).containsEntry("ok", true);
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().get(0).get("path")).isEqualTo(List.of("b"));
    assertThat(r.code()).isEqualTo("UNIQUENESS_VIOLATION");
    assertThat(infrahub.count("BuiltinTag")).isEqualTo(3);
    assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(1);
    assertThat(infrahub.graphqlLog().writes("BuiltinTag")).isEqualTo(3);
  }

  @Test
  void largeAliasedBatchesAreNotCutByParserTokenLimits() {
    StringBuilder q = new StringBuilder("mutation {\n");
    for (int i = 0; i < 700; i++) {
      q.append("  m")
          .append(i)
          .append(": BuiltinTagCreate(data: {name: {value: \"t")
          .append(i)
          .append("\"}, description: {value: \"bulk\"}}) { ok object { id } }\n");
    }
    String document = q.append('}').toString();
    // graphql-java's default parser options refuse a document this long; Infrahub does not.
    assertThatThrownBy(() -> graphql.parser.Parser.parse(document))
        .hasMessageContaining("tokens have been presented");

    Reply r = Gql.post(infrahub.graphqlUrl(), DEFAULT_TOKEN, document);

    assertThat(r.body()).doesNotContainKey("errors");
    assertThat(r.data()).hasSize(700);
    assertThat(infrahub.count("BuiltinTag")).isEqualTo(700);
    assertThat(infrahub.graphqlLog().writes("BuiltinTag")).isEqualTo(700);
  }

  @Test
  void unknownPeerIdIsNodeNotFoundAndNothingIsWritten() {
    Reply r =
        mutate(
            infrahub,
            DEFAULT_TOKEN,
            "InfraRackCreate(data: {name: {value: \"r1\"}, tags: [{id: \"nope\"}]}) { ok }");

    assertThat(r.code()).isEqualTo("NODE_NOT_FOUND");
    assertThat(r.errors().get(0).get("message"))
        .isEqualTo("Unable to find the node nope / BuiltinTag in the database.");
    assertThat(infrahub.count("InfraRack")).isZero();
  }

  @Test
  void peersMayBeReferencedByHfid() {
    String red = infrahub.create("BuiltinTag", Map.of("name", "red"));

    mutate(
        infrahub,
        DEFAULT_TOKEN,
        "InfraRackCreate(data: {name: {value: \"r1\"}, tags: [{hfid: [\"red\"]}]}) { ok }");

    assertThat(infrahub.find("InfraRack", "name", "r1").orElseThrow().peers("tags"))
        .containsExactly(red);
  }

  @Test
  void bothEndsOfAnEdgeStayInStep() {
    String sw1 = infrahub.create("InfraDevice", Map.of("name", "sw1"));
    String sw2 = infrahub.create("InfraDevice", Map.of("name", "sw2"));
    String eth = infrahub.create("InfraInterfaceL2L3", Map.of("name", "eth0", "device", sw1));

    assertThat(infrahub.node(sw1).orElseThrow().peers("interfaces")).containsExactly(eth);

    infrahub.update(eth, Map.of("device", sw2));

    assertThat(infrahub.node(sw1).orElseThrow().peers("interfaces")).isEmpty();
    assertThat(infrahub.node(sw2).orElseThrow().peers("interfaces")).containsExactly(eth);
  }

  @Test
  void aNodeRequiredByAnotherCannotBeDeleted() {
    String sw1 = infrahub.create("InfraDevice", Map.of("name", "sw1"));
    infrahub.create("InfraInterfaceL2L3", Map.of("name", "eth0", "device", sw1));

    Reply r =
        mutate(infrahub, DEFAULT_TOKEN, "InfraDeviceDelete(data: {id: \"" + sw1 + "\"}) { ok }");

    assertThat(r.code()).isEqualTo("VALIDATION_ERROR");
    assertThat(infrahub.node(sw1)).isPresent();
  }

  @Test
  void uniquenessConstraintSpansRelationshipAndAttribute() {
    String sw1 = infrahub.create("InfraDevice", Map.of("name", "sw1"));
    String sw2 = infrahub.create("InfraDevice", Map.of("name", "sw2"));
    infrahub.create("InfraInterfaceL2L3", Map.of("name", "eth0", "device", sw1));
    infrahub.create("InfraInterfaceL2L3", Map.of("name", "eth0", "device", sw2));

    assertThatThrownBy(
            () -> infrahub.create("InfraInterfaceL2L3", Map.of("name", "eth0", "device", sw1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "UNIQUENESS_VIOLATION: Node of kind InfraInterfaceL2L3 already has");
  }

  @Test
  void invalidIpAddressIsAnAttributeTypeError() {
    Reply r =
        mutate(
            infrahub,
            DEFAULT_TOKEN,
            "InfraIPAddressCreate(data: {address: {value: \"10.0.0.300/24\"}}) { ok }");
    Reply net =
        mutate(
            infrahub,
            DEFAULT_TOKEN,
            "InfraPrefixCreate(data: {prefix: {value: \"10.0.0.1/24\"}}) { ok }");

    assertThat(r.code()).isEqualTo("ATTRIBUTE_INVALID_TYPE");
    assertThat(net.code()).isEqualTo("ATTRIBUTE_INVALID_TYPE");
    assertThat(infrahub.count("InfraIPAddress")).isZero();
  }

  @Test
  void relationshipAddAndRemoveEditAManyRelationship() {
    String red = infrahub.create("BuiltinTag", Map.of("name", "red"));
    String blue = infrahub.create("BuiltinTag", Map.of("name", "blue"));
    String rack = infrahub.create("InfraRack", Map.of("name", "r1", "tags", List.of(red)));

    mutate(
        infrahub,
        DEFAULT_TOKEN,
        "RelationshipAdd(data: {id: \""
            + rack
            + "\", name: \"tags\", nodes: [{id: \""
            + blue
            + "\"}]}) { ok }");
    assertThat(infrahub.node(rack).orElseThrow().peers("tags")).containsExactly(red, blue);

    mutate(
        infrahub,
        DEFAULT_TOKEN,
        "RelationshipRemove(data: {id: \""
            + rack
            + "\", name: \"tags\", nodes: [{id: \""
            + red
            + "\"}]}) { ok }");
    assertThat(infrahub.node(rack).orElseThrow().peers("tags")).containsExactly(blue);
  }

  @Test
  void javaApiReportsViolationsWithTheCatalogueCode() {
    assertThatThrownBy(() -> infrahub.create("BuiltinTag", Map.of("description", "x")))
        .hasMessage("ATTRIBUTE_REQUIRED: A value is required for BuiltinTag.name");
    assertThatThrownBy(() -> infrahub.create("BuiltinTag", Map.of("name", "x", "colour", "red")))
        .hasMessageContaining("BuiltinTag has no attribute or relationship 'colour'");
    assertThatThrownBy(() -> infrahub.update("missing", Map.of("name", "x")))
        .hasMessageStartingWith("NODE_NOT_FOUND");
  }
}
