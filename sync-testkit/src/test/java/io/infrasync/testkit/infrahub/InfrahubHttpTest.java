package io.infrasync.testkit.infrahub;

import static io.infrasync.testkit.infrahub.InfrahubServer.DEFAULT_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.testkit.Fault;
import io.infrasync.testkit.infrahub.Gql.Reply;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfrahubHttpTest {

  @RegisterExtension static final InfrahubServer infrahub = InfrahubServer.builder().build();

  @RegisterExtension
  static final InfrahubServer closed =
      InfrahubServer.builder().token("secret").anonymousRead(false).build();

  static final String CREATE_TAG =
      "mutation { BuiltinTagCreate(data: {name: {value: \"%s\"}}) { ok } }";

  @BeforeEach
  void reset() {
    infrahub.clear();
    infrahub.faults().clear();
    infrahub.requestLog().reset();
    infrahub.graphqlLog().clear();
  }

  private static int tagCount(URI url) {
    Reply r = Gql.post(url, null, "{ BuiltinTag { count } }");
    return Gql.num(Gql.map(r.data().get("BuiltinTag")).get("count"));
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  void concurrentRequestsAreParsedOutsideTheLockAndEachStillAppliesOnceOrFailsValidation()
      throws Exception {
    int threads = 8;
    int perRequest = 25;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads + 1);
    try {
      List<java.util.concurrent.Future<Reply>> writes = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        StringBuilder doc = new StringBuilder("mutation {");
        for (int i = 0; i < perRequest; i++) {
          doc.append(" m").append(i).append(": BuiltinTagCreate(data: {name: {value: \"t")
              .append(t).append('-').append(i).append("\"}}) { ok }");
        }
        String query = doc.append(" }").toString();
        writes.add(pool.submit(() -> Gql.post(infrahub.graphqlUrl(), DEFAULT_TOKEN, query)));
      }
      java.util.concurrent.Future<Reply> invalid =
          pool.submit(() -> Gql.post(infrahub.graphqlUrl(), null, "{ BuiltinTag { nope } }"));
      for (java.util.concurrent.Future<Reply> f : writes) {
        Reply r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.body()).as(r.text()).doesNotContainKey("errors");
      }
      Reply bad = invalid.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(bad.text()).contains("Cannot query field 'nope' on type 'PaginatedBuiltinTag'.");
      assertThat(bad.body().get("data")).isNull();
    } finally {
      pool.shutdownNow();
    }
    assertThat(tagCount(infrahub.graphqlUrl())).isEqualTo(threads * perRequest);
    assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(threads);
  }

  // ------------------------------------------------------------------ branches

  @Test
  void writesOnABranchDoNotReachMain() {
    infrahub.create("BuiltinTag", Map.of("name", "before"));
    infrahub.createBranch("b1");

    Reply r = Gql.post(infrahub.graphqlUrl("b1"), DEFAULT_TOKEN, CREATE_TAG.formatted("on-b1"));

    assertThat(r.body()).doesNotContainKey("errors");
    assertThat(tagCount(infrahub.graphqlUrl("b1"))).isEqualTo(2);
    assertThat(tagCount(infrahub.graphqlUrl())).isEqualTo(1);
    assertThat(infrahub.nodes("b1", "BuiltinTag")).hasSize(2);
    assertThat(infrahub.find("BuiltinTag", "name", "on-b1")).isEmpty();
    assertThat(infrahub.graphqlLog().entries().get(0).branch()).isEqualTo("b1");
  }

  @Test
  void branchCreateMutationCopiesMainAndBranchNamesMayContainSlashes() {
    infrahub.create("BuiltinTag", Map.of("name", "t"));

    Reply created =
        Gql.post(
            infrahub.graphqlUrl(),
            DEFAULT_TOKEN,
            """
            mutation { BranchCreate(data: {name: "feature/x", description: "d"}) {
              ok object { name origin_branch is_default } } }""");
    Reply list = Gql.post(infrahub.graphqlUrl(), null, "{ Branch { name is_default } }");

    assertThat(Gql.map(Gql.map(created.data().get("BranchCreate")).get("object")))
        .containsEntry("name", "feature/x")
        .containsEntry("origin_branch", "main")
        .containsEntry("is_default", false);
    assertThat((List<?>) list.data().get("Branch")).hasSize(2);
    assertThat(tagCount(infrahub.graphqlUrl("feature/x"))).isEqualTo(1);
    assertThat(infrahub.branches()).containsExactly("main", "feature/x");
  }

  @Test
  void unknownBranchInThePathIsA404WithAPlainStringError() {
    Reply r = Gql.post(infrahub.graphqlUrl("nope"), null, "{ BuiltinTag { count } }");

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).isEqualTo(Map.of("errors", List.of("Branch: nope not found.")));
  }

  // ------------------------------------------------------------------ protocol and auth

  @Test
  void requestsThatAreNotSingleJsonDocumentsAreRefused() {
    Reply form = Gql.send(infrahub.graphqlUrl(), null, "text/plain", "{ BuiltinTag { count } }");
    Reply batch =
        Gql.send(
            infrahub.graphqlUrl(),
            null,
            "application/json",
            "[{\"query\": \"{ BuiltinTag { count } }\"}]");
    Reply get = Gql.get(infrahub.graphqlUrl(), null);

    assertThat(form.status()).isEqualTo(400);
    assertThat(form.body())
        .isEqualTo(
            Map.of(
                "errors", List.of("Content-type must be application/json or multipart/form-data")));
    assertThat(batch.status()).isEqualTo(400);
    assertThat(batch.body())
        .isEqualTo(Map.of("errors", List.of("This server does not support batching")));
    assertThat(get.status()).isEqualTo(405);
  }

  @Test
  void unknownTokenIsRejectedWith401() {
    Reply r = Gql.post(infrahub.graphqlUrl(), "wrong", "{ BuiltinTag { count } }");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.code()).isEqualTo("AUTHENTICATION_REQUIRED");
    assertThat(r.errors().get(0).get("message")).isEqualTo("Invalid token");
  }

  @Test
  void anonymousReadsCanBeDisabled() {
    Reply anonymous = Gql.post(closed.graphqlUrl(), null, "{ BuiltinTag { count } }");
    Reply withToken = Gql.post(closed.graphqlUrl(), "secret", "{ BuiltinTag { count } }");
    Reply defaultToken = Gql.post(closed.graphqlUrl(), DEFAULT_TOKEN, "{ BuiltinTag { count } }");
    Reply rest = Gql.get(URI.create(closed.baseUrl() + "/api/schema"), null);

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.code()).isEqualTo("AUTHENTICATION_REQUIRED");
    assertThat(anonymous.errors().get(0).get("path")).isEqualTo(List.of("BuiltinTag"));
    assertThat(withToken.status()).isEqualTo(200);
    assertThat(defaultToken.status()).isEqualTo(401);
    assertThat(rest.status()).isEqualTo(401);
    assertThat(rest.body()).isEqualTo(Gql.fixture("rest_legacy_401.json"));
  }

  // ------------------------------------------------------------------ schema endpoints

  @Test
  void schemaEndpointServesTheModelInTheDocumentedShape() {
    Reply r = Gql.get(URI.create(infrahub.baseUrl() + "/api/schema?branch=main"), null);
    Reply slash = Gql.get(URI.create(infrahub.baseUrl() + "/api/schema/"), null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .containsOnlyKeys("main", "nodes", "generics", "profiles", "templates", "namespaces");
    assertThat(InfrahubSchema.fromJson(r.text())).isEqualTo(infrahub.schema());
    assertThat(slash.body()).isEqualTo(r.body());
    Map<String, Object> device =
        Gql.list(r.body().get("nodes")).stream()
            .map(Gql::map)
            .filter(n -> "InfraDevice".equals(n.get("kind")))
            .findFirst()
            .orElseThrow();
    assertThat(device.keySet())
        .containsSubsequence(
            "id",
            "state",
            "name",
            "namespace",
            "default_filter",
            "human_friendly_id",
            "uniqueness_constraints",
            "attributes",
            "relationships",
            "inherit_from",
            "kind",
            "hash");
    Map<String, Object> generic = Gql.map(Gql.list(r.body().get("generics")).get(0));
    assertThat(generic)
        .containsEntry("kind", "InfraInterface")
        .containsEntry("used_by", List.of("InfraInterfaceL2L3"));
  }

  @Test
  void schemaSubResourcesAndErrors() {
    String base = infrahub.baseUrl().toString();

    Reply kind = Gql.get(URI.create(base + "/api/schema/InfraRack"), null);
    Reply unknownKind = Gql.get(URI.create(base + "/api/schema/NopeKind"), null);
    Reply unknownBranch = Gql.get(URI.create(base + "/api/schema?branch=nope"), null);
    Reply summary = Gql.get(URI.create(base + "/api/schema/summary"), null);
    Reply infra = Gql.get(URI.create(base + "/api/schema?namespaces=Builtin"), null);
    Reply sdl = Gql.get(URI.create(base + "/schema.graphql"), null);

    assertThat(kind.body()).containsEntry("kind", "InfraRack");
    assertThat(unknownKind.status()).isEqualTo(422);
    assertThat(unknownKind.code()).isEqualTo("SCHEMA_NOT_FOUND");
    assertThat(unknownBranch.status()).isEqualTo(400);
    assertThat(unknownBranch.code()).isEqualTo("BRANCH_NOT_FOUND");
    assertThat(Gql.map(summary.body().get("nodes"))).containsKey("InfraDevice");
    assertThat((List<?>) infra.body().get("nodes")).hasSize(1);
    assertThat(sdl.text())
        .contains(
            "type InfraDevice",
            "type PaginatedInfraDevice",
            "InfraDeviceCreate(data: InfraDeviceCreateInput!");
  }

  // ------------------------------------------------------------------ request counting

  @Test
  void graphqlLogCountsPagesAndMutationBatches() {
    for (int i = 0; i < 7; i++) {
      infrahub.create("BuiltinTag", Map.of("name", "t" + i));
    }
    int offset = 0;
    while (true) {
      Reply page =
          Gql.post(
              infrahub.graphqlUrl(),
              null,
              "query Page { BuiltinTag(offset: "
                  + offset
                  + ", limit: 3) { count edges { node { id } } } }");
      Map<String, Object> data = Gql.map(page.data().get("BuiltinTag"));
      offset += 3;
      if (Gql.num(data.get("count")) <= offset) {
        break;
      }
    }
    List<String> batches =
        List.of(
            "mutation { a: RoleGenericCreate(data: {name: {value: \"a\"}}) { ok }"
                + " b: RoleGenericCreate(data: {name: {value: \"b\"}}) { ok } }",
            "mutation { c: RoleGenericCreate(data: {name: {value: \"c\"}}) { ok }"
                + " d: BuiltinTagDelete(data: {hfid: [\"t0\"]}) { ok } }");
    for (String b : batches) {
      assertThat(Gql.post(infrahub.graphqlUrl(), DEFAULT_TOKEN, b).body())
          .doesNotContainKey("errors");
    }

    GraphqlLog log = infrahub.graphqlLog();
    assertThat(log.reads("BuiltinTag")).isEqualTo(3);
    assertThat(log.queryRequests()).isEqualTo(3);
    assertThat(log.mutationRequests()).isEqualTo(2);
    assertThat(log.mutationRequests("RoleGeneric")).isEqualTo(2);
    assertThat(log.mutationRequests("BuiltinTag")).isEqualTo(1);
    assertThat(log.writes("RoleGeneric")).isEqualTo(3);
    assertThat(log.fieldCount("BuiltinTagDelete")).isEqualTo(1);
    assertThat(log.entries().get(0).operationName()).isEqualTo("Page");
    assertThat(infrahub.requestLog().count("POST", "/graphql")).isEqualTo(5);
  }

  // ------------------------------------------------------------------ faults (shared base)

  @Test
  void nthMutationFailsWith503AndHasNoEffect() {
    infrahub.faults().on(InfrahubServer.mutations()).nth(2, Fault.status(503));

    Reply query = Gql.post(infrahub.graphqlUrl(), null, "{ BuiltinTag { count } }");
    Reply first = Gql.post(infrahub.graphqlUrl(), DEFAULT_TOKEN, CREATE_TAG.formatted("one"));
    Reply second = Gql.post(infrahub.graphqlUrl(), DEFAULT_TOKEN, CREATE_TAG.formatted("two"));
    Reply third = Gql.post(infrahub.graphqlUrl(), DEFAULT_TOKEN, CREATE_TAG.formatted("three"));

    assertThat(query.status()).isEqualTo(200);
    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(503);
    assertThat(third.status()).isEqualTo(200);
    assertThat(infrahub.find("BuiltinTag", "name", "two")).isEmpty();
    assertThat(infrahub.count("BuiltinTag")).isEqualTo(2);
    assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(2);
  }

  @Test
  void throttlingSendsRetryAfter() {
    infrahub.faults().on(InfrahubServer.queries()).times(1, Fault.tooManyRequests(2));

    Reply throttled = Gql.post(infrahub.graphqlUrl(), null, "{ BuiltinTag { count } }");
    Reply next = Gql.post(infrahub.graphqlUrl(), null, "{ BuiltinTag { count } }");

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(next.status()).isEqualTo(200);
    assertThat(infrahub.requestLog().entries().get(0).fault()).isNotNull();
  }

  @Test
  void droppedConnectionIsAnIoFailureAndHasNoEffect() {
    infrahub.faults().on(InfrahubServer.mutations()).times(2, Fault.dropConnection());

    assertThatThrownBy(
            () -> Gql.post(infrahub.graphqlUrl(), DEFAULT_TOKEN, CREATE_TAG.formatted("x")))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(infrahub.count("BuiltinTag")).isZero();
    assertThat(infrahub.requestLog().entries().get(0).status()).isZero();
  }

  @Test
  void brokenBodyNeverCompletesButTheMutationApplied() throws InterruptedException {
    infrahub.faults().on(InfrahubServer.mutations()).always(Fault.brokenBody(5));
    HttpRequest request =
        HttpRequest.newBuilder(infrahub.graphqlUrl())
            .header("Content-Type", "application/json")
            .header("X-INFRAHUB-KEY", DEFAULT_TOKEN)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.write(Map.of("query", CREATE_TAG.formatted("x")))))
            .build();

    CompletableFuture<HttpResponse<String>> answer =
        Gql.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());

    // The body stops after 5 bytes: the client sees an I/O failure or waits in vain.
    assertThatThrownBy(() -> answer.get(1500, TimeUnit.MILLISECONDS))
        .isInstanceOfAny(ExecutionException.class, TimeoutException.class);
    answer.cancel(true);
    assertThat(infrahub.count("BuiltinTag")).as("a broken body still took effect").isEqualTo(1);
  }

  @Test
  void truncatedBodyIsAParseFailureButTheMutationApplied() {
    infrahub.faults().on(InfrahubServer.mutations()).always(Fault.truncatedBody(10));

    Reply r = Gql.post(infrahub.graphqlUrl(), DEFAULT_TOKEN, CREATE_TAG.formatted("x"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).isNull();
    assertThat(r.text()).hasSize(10);
    assertThat(infrahub.count("BuiltinTag")).isEqualTo(1);
  }

  @Test
  void latencyAndSlowBodyDelayButDoNotAlterTheAnswer() {
    infrahub.create("BuiltinTag", Map.of("name", "t"));
    infrahub.faults().latency(Duration.ofMillis(60));
    infrahub.faults().on(InfrahubServer.queries()).always(Fault.slowBody(16, Duration.ofMillis(1)));

    long start = System.nanoTime();
    Reply r =
        Gql.post(infrahub.graphqlUrl(), null, "{ BuiltinTag { count edges { node { id } } } }");
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(elapsedMs).isGreaterThanOrEqualTo(60);
    assertThat(Gql.map(r.data().get("BuiltinTag"))).containsEntry("count", 1);
  }

  @Test
  void seededRandomFaultsRepeatRunToRun() {
    List<Integer> first = statuses(42L);
    List<Integer> second = statuses(42L);

    assertThat(first).isEqualTo(second).contains(200, 500);
  }

  private List<Integer> statuses(long seed) {
    infrahub.faults().clear();
    infrahub.faults().on(InfrahubServer.queries()).randomly(0.5, seed, Fault.status(500));
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      out.add(Gql.post(infrahub.graphqlUrl(), null, "{ BuiltinTag { count } }").status());
    }
    return out;
  }
}
