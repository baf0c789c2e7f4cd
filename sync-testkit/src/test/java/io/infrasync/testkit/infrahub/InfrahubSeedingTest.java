package io.infrasync.testkit.infrahub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.testkit.infrahub.Gql.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class InfrahubSeedingTest {

  @RegisterExtension
  static final InfrahubServer bench =
      InfrahubServer.builder().schema(InfrahubSchema.bench()).build();

  /** The N=200 destination dataset, seeded once. */
  @RegisterExtension
  static final InfrahubServer seeded =
      InfrahubServer.builder().schema(InfrahubSchema.bench()).build();

  @TempDir static Path tmp;

  static Path dataset;

  static Map<String, Integer> counts;

  @BeforeAll
  static void generateDataset() throws IOException, InterruptedException {
    Path out = tmp.resolve("n200");
    Process p =
        new ProcessBuilder(
                "python3",
                Gql.shared().resolve("bench/gen_dataset.py").toString(),
                "-n",
                "200",
                "-o",
                out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    dataset = out.resolve("destination");
    counts = seeded.seedDataset(dataset);
  }

  private static long lines(String kind) throws IOException {
    try (var s = Files.lines(dataset.resolve(kind + ".jsonl"))) {
      return s.filter(l -> !l.isBlank()).count();
    }
  }

  @Test
  void seedsTheBenchmarkDatasetAndResolvesJoinedKeys() throws IOException {
    InfrahubServer bench = seeded;

    assertThat(counts.keySet())
        .containsExactlyInAnyOrder(
            "InfraDevice",
            "InfraDeviceType",
            "LocationSite",
            "OrganizationTenant",
            "InfraInterface",
            "IpamIPAddress");
    List<String> order = List.copyOf(counts.keySet());
    assertThat(order.indexOf("LocationSite")).isLessThan(order.indexOf("InfraDevice"));
    assertThat(order.indexOf("InfraDevice")).isLessThan(order.indexOf("InfraInterface"));
    assertThat(order.indexOf("InfraInterface")).isLessThan(order.indexOf("IpamIPAddress"));
    for (var e : counts.entrySet()) {
      assertThat((long) e.getValue()).as(e.getKey()).isEqualTo(lines(e.getKey()));
      assertThat(bench.count(e.getKey())).isEqualTo(e.getValue());
    }
    Map<String, Object> firstIp =
        Gql.map(Json.parse(Files.readAllLines(dataset.resolve("IpamIPAddress.jsonl")).get(0)));
    InfrahubNode ip =
        bench
            .find("IpamIPAddress", "address", String.valueOf(firstIp.get("address")))
            .orElseThrow();
    InfrahubNode iface =
        bench.node(java.util.Objects.requireNonNull(ip.peer("interface"))).orElseThrow();
    assertThat(String.join("__", java.util.Objects.requireNonNull(iface.hfid())))
        .isEqualTo(firstIp.get("interface"));
    assertThat(iface.peers("ip_addresses")).containsExactly(ip.id());
    InfrahubNode device =
        bench.node(java.util.Objects.requireNonNull(iface.peer("device"))).orElseThrow();
    assertThat(device.peers("interfaces")).contains(iface.id());
  }

  @Test
  void seededDataPagesThroughGraphqlWithExactCounts() throws IOException {
    InfrahubServer bench = seeded;
    bench.graphqlLog().clear();
    long total = lines("InfraInterface");

    int seen = 0;
    int offset = 0;
    while (true) {
      Reply r =
          Gql.post(
              bench.graphqlUrl(),
              null,
              "{ InfraInterface(offset: "
                  + offset
                  + ", limit: 1000) { count edges { node { id hfid mtu { value } device { node { id"
                  + " } } } } } }");
      Map<String, Object> page = Gql.map(r.data().get("InfraInterface"));
      assertThat((long) Gql.num(page.get("count"))).isEqualTo(total);
      seen += Gql.list(page.get("edges")).size();
      offset += 1000;
      if (offset >= total) {
        break;
      }
    }

    assertThat((long) seen).isEqualTo(total);
    assertThat(bench.graphqlLog().reads("InfraInterface")).isEqualTo((int) ((total + 999) / 1000));
  }

  @Test
  void datasetErrorsNameTheFileAndLine() throws IOException {
    bench.clear();
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(dir.resolve("LocationSite.jsonl"), "{\"name\": \"site-1\"}\n");
    Files.writeString(
        dir.resolve("InfraDevice.jsonl"),
        "{\"name\": \"dev-1\", \"site\": \"site-1\"}\n"
            + "{\"name\": \"dev-2\", \"site\": \"site-9\"}\n");

    assertThatThrownBy(() -> bench.seedDataset(dir))
        .hasMessageContaining(
            "InfraDevice.jsonl:2: relationship 'site': no LocationSite with human"
                + " friendly id site-9");
  }

  @Test
  void seedingThroughTheJavaApiChecksLikeMutations() {
    bench.clear();
    String site = bench.create("LocationSite", Map.of("name", "site-1"));
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("name", "dev-1");
    device.put("site", site);
    device.put("serial", null);
    String dev = bench.create("InfraDevice", device);
    bench.create("InfraInterface", Map.of("device", dev, "name", "Ethernet1", "mtu", 9000));

    assertThatThrownBy(() -> bench.create("InfraInterface", Map.of("name", "Ethernet2")))
        .hasMessage("ATTRIBUTE_REQUIRED: A value is required for InfraInterface.device");
    assertThatThrownBy(
            () -> bench.create("InfraInterface", Map.of("device", dev, "name", "Ethernet1")))
        .hasMessageStartingWith("UNIQUENESS_VIOLATION");
    assertThatThrownBy(
            () ->
                bench.create(
                    "InfraInterface", Map.of("device", dev, "name", "Ethernet3", "mtu", "big")))
        .hasMessageStartingWith("ATTRIBUTE_INVALID_TYPE");
    assertThat(bench.find("InfraInterface", "mtu", 9000).orElseThrow().attribute("mtu"))
        .isEqualTo(9000L);
    assertThat(bench.nodes("InfraDevice"))
        .singleElement()
        .satisfies(n -> assertThat(n.peers("interfaces")).hasSize(1));
    assertThat(bench.nodes("InfraDevice").get(0).hfid()).isEqualTo(List.of("dev-1"));
  }
}
