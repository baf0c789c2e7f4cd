package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.testkit.Fault;
import io.infrasync.testkit.RequestMatcher;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A seeded mutation fuzzer over the payload readers: the NetBox list page reader (REST, shared with
 * Nautobot) and the Infrahub GraphQL query reader. Real answers of the emulators are mutated (values
 * replaced by values of other types, keys removed, elements repeated, bytes cut or inserted) and
 * served in their place through the fault hook while the engine runs {@code diff}. Only a plan or a
 * {@link SyncException} with a message may come out; nothing internal.
 *
 * <p>Numbers are drawn small (at most 200): absurd {@code count}s are pagination limits, a separate
 * part of the suite. {@code -Dreliability.seed=<n>}; CI 150 answers, nightly 4,000.
 */
class PayloadFuzzTest {
  private static final int ITERATIONS = ChildSync.nightly() ? 4_000 : 150;
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String BYTE_NOISE = "{}[],:\"\\0-e";

  static final String CONFIG = """
      name: fuzz
      source:
        name: netbox
        settings: {url: "${NETBOX_URL}", token: "${NETBOX_TOKEN}", max_retries: 0, timeout: 10s}
      destination:
        name: infrahub
        settings: {url: "${INFRAHUB_ADDRESS}", token: "${INFRAHUB_API_TOKEN}", max_retries: 0, timeout: 10s}
      diffsync_flags: [LOG_UNCHANGED_RECORDS]
      schema_mapping:
        - name: LocationSite
          mapping: dcim.sites
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
            - {name: description, mapping: description}
      """;

  @Test
  void onlyPlansOrSyncExceptionsComeOutOfMutatedAnswers() throws Exception {
    long seed = Long.getLong("reliability.seed", System.nanoTime() % 1_000_000);
    Random rnd = new Random(seed);
    try (NetBoxServer netbox = NetBoxServer.builder().build().start();
        InfrahubServer infrahub = InfrahubServer.builder().schema(InfrahubSchema.bench()).build().start()) {
      for (int i = 0; i < 6; i++) {
        netbox.seed("dcim/sites", Map.of("name", "site-" + i, "slug", "site-" + i, "description", "d" + i,
            "status", "active"));
        infrahub.create("LocationSite", Map.of("name", "site-" + i, "description", "old"));
      }
      Path config = Files.writeString(Files.createTempDirectory("fuzz").resolve("config.yml"), CONFIG);
      Map<String, String> env = CrashFixture.env(netbox, infrahub, InfrahubServer.DEFAULT_TOKEN);
      Function<String, @Nullable String> e = env::get;
      String netboxPage = get(netbox.apiUrl() + "dcim/sites/?limit=0", netbox.authorization());
      String infrahubPage = post(infrahub.graphqlUrl("main").toString(), "{\"query\": \"query { LocationSite("
          + "offset: 0, limit: 500) { count edges { node { id name { value } description { value } } } } }\"}");
      Map<String, Integer> outcomes = new TreeMap<>();
      try (SyncEngine engine = SyncEngine.builder().config(config).environment(e).inMemoryCache()
          .concurrentLoad(false).guardrails(Guardrails.NONE).build()) {
        assertThat(engine.diff().size()).isEqualTo(6); // unfaulted: six description updates
        for (int i = 0; i < ITERATIONS; i++) {
          boolean rest = i % 2 == 0;
          String body = mutate(rest ? netboxPage : infrahubPage, rnd);
          netbox.faults().clear();
          infrahub.faults().clear();
          if (rest) {
            netbox.faults().on(RequestMatcher.of("GET", "/api/dcim/sites/")).always(Fault.status(200,
                "application/json", body));
          } else {
            infrahub.faults().on(InfrahubServer.queries()).always(Fault.status(200, "application/json", body));
          }
          String target = rest ? "netbox" : "infrahub";
          try {
            engine.diff();
            outcomes.merge(target + " plan", 1, Integer::sum);
          } catch (SyncException ex) {
            BadConfigTest.assertNoInternalLeak(ex);
            outcomes.merge(target + " " + ex.getClass().getSimpleName() + "(" + ex.code() + ")", 1, Integer::sum);
          } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ", iteration " + i + " (" + target + "): " + t + "\nbody:\n"
                + (body.length() > 4000 ? body.substring(0, 4000) + "…" : body), t);
          }
        }
      }
      System.out.printf("[fuzz] payload readers, seed %d: %d answers; outcomes %s; 0 other exceptions%n", seed,
          ITERATIONS, outcomes);
      assertThat(outcomes.keySet()).as("mutations reach both readers' error paths")
          .anyMatch(k -> k.startsWith("netbox Adapter")).anyMatch(k -> k.startsWith("infrahub Adapter"));
    }
  }

  static String mutate(String json, Random rnd) {
    String out = json;
    if (rnd.nextInt(4) != 0) {
      JsonNode root = JSON.readTree(json);
      int edits = 1 + rnd.nextInt(3);
      for (int i = 0; i < edits; i++) {
        root = mutateTree(root, rnd);
      }
      out = root.toString();
    }
    if (rnd.nextInt(4) == 0) {
      StringBuilder sb = new StringBuilder(out);
      int at = rnd.nextInt(Math.max(1, sb.length()));
      switch (rnd.nextInt(3)) {
        case 0 -> sb.setLength(at);
        case 1 -> sb.insert(at, BYTE_NOISE.charAt(rnd.nextInt(BYTE_NOISE.length())));
        default -> sb.delete(at, Math.min(sb.length(), at + 1 + rnd.nextInt(10)));
      }
      out = sb.toString();
    }
    return out;
  }

  /** Replaces, removes or repeats one node of the tree, chosen at random. */
  static JsonNode mutateTree(JsonNode root, Random rnd) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    if (containers.isEmpty() || rnd.nextInt(20) == 0) {
      return randomValue(rnd);
    }
    JsonNode c = containers.get(rnd.nextInt(containers.size()));
    if (c instanceof ObjectNode o && !o.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = o.propertyNames().iterator(); it.hasNext(); ) {
        names.add(it.next());
      }
      String key = names.get(rnd.nextInt(names.size()));
      if (rnd.nextInt(3) == 0) {
        o.remove(key);
      } else {
        o.set(key, randomValue(rnd));
      }
    } else if (c instanceof ArrayNode a && !a.isEmpty()) {
      int i = rnd.nextInt(a.size());
      switch (rnd.nextInt(3)) {
        case 0 -> a.remove(i);
        case 1 -> a.add(a.get(i).deepCopy());
        default -> a.set(i, randomValue(rnd));
      }
    }
    return root;
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainer()) {
      out.add(n);
      for (JsonNode child : n) {
        collect(child, out);
      }
    }
  }

  static JsonNode randomValue(Random rnd) {
    return switch (rnd.nextInt(12)) {
      case 0 -> F.nullNode();
      case 1 -> F.booleanNode(rnd.nextBoolean());
      case 2 -> F.numberNode(rnd.nextInt(206) - 5);
      case 3 -> F.numberNode(rnd.nextDouble() * 100);
      case 4 -> F.stringNode("");
      case 5 -> F.stringNode("x" + rnd.nextInt(100));
      case 6 -> F.stringNode("é\u0000\"'\\<>" + "z".repeat(rnd.nextInt(3) == 0 ? 20_000 : 3));
      case 7 -> F.arrayNode();
      case 8 -> F.objectNode();
      case 9 -> F.arrayNode().add(1).add("a").addNull();
      case 10 -> F.objectNode().put("id", rnd.nextInt(50)).put("value", "v");
      default -> {
        ArrayNode deep = F.arrayNode();
        ArrayNode cur = deep;
        for (int i = 0; i < 60; i++) {
          ArrayNode next = F.arrayNode();
          cur.add(next);
          cur = next;
        }
        yield deep;
      }
    };
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static String get(String url, String authorization) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static String post(String url, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .header("X-INFRAHUB-KEY", InfrahubServer.DEFAULT_TOKEN).POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
