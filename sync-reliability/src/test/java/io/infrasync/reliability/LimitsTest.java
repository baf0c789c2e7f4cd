package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.AdapterException;
import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.testkit.Fault;
import io.infrasync.testkit.RequestMatcher;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A misbehaving server cannot make a read run away: pagination that never ends or loops, an absurd
 * {@code count}, and a body larger than {@code max_response_bytes} each stop the run with an
 * {@link AdapterException} that names the HTTP call and the setting, before anything is written.
 */
@Timeout(60)
class LimitsTest {
  @RegisterExtension static final NetBoxServer netbox = NetBoxServer.builder().build();
  @RegisterExtension static final InfrahubServer infrahub = InfrahubServer.builder().schema(FaultScenario.schema())
      .build();

  static FaultScenario scenario;

  @BeforeAll
  static void seed() {
    scenario = new FaultScenario(netbox, infrahub, 7);
    scenario.seed(12);
  }

  @AfterEach
  void clearFaults() {
    netbox.faults().clear();
    infrahub.faults().clear();
    netbox.requestLog().reset();
  }

  SyncEngine engine(Path dir, String netboxSettings, String infrahubSettings) {
    return SyncEngine.builder().config(scenario.parse(scenario.config(netboxSettings, infrahubSettings),
        scenario.env())).environment(scenario.env()).cacheDirectory(dir).guardrails(Guardrails.NONE).build();
  }

  @Test
  void aNextLinkThatDoesNotAdvanceIsALoopNotAnEndlessRead(@TempDir Path dir) {
    netbox.faults().on(RequestMatcher.of("GET", "/api/dcim/devices/")).always(Fault.repeatingNext());
    try (SyncEngine engine = engine(dir, "", "")) {
      assertThatThrownBy(engine::sync).isInstanceOf(AdapterException.class)
          .hasMessageContaining("GET http://127.0.0.1:" + netbox.port() + "/api/dcim/devices/")
          .hasMessageContaining("paginates in a loop").hasMessageContaining("do not advance");
    }
    assertThat(netbox.requestLog().count("GET", "/api/dcim/devices/"))
        .as("the first page only: its next link is the page itself").isEqualTo(1);
    assertThat(infrahub.count("InfraDevice")).as("nothing written").isZero();
  }

  @Test
  void aServerThatAlwaysAnswersNextIsStoppedAtMaxPages(@TempDir Path dir) {
    netbox.faults().on(RequestMatcher.of("GET", "/api/dcim/interfaces/")).always(Fault.endlessNext());
    try (SyncEngine engine = engine(dir, "max_pages: 25", "")) {
      assertThatThrownBy(engine::diff).isInstanceOf(AdapterException.class)
          .hasMessageContaining("GET http://127.0.0.1:" + netbox.port() + "/api/dcim/interfaces/")
          .hasMessageContaining("did not end after 25 pages (max_pages)");
    }
    assertThat(netbox.requestLog().count("GET", "/api/dcim/interfaces/")).isEqualTo(25);
  }

  @Test
  void theDefaultPageLimitStopsAnEndlessNextToo(@TempDir Path dir) {
    // 10,000 requests: nightly only; the ci profile checks the limit with max_pages: 25 above
    org.junit.jupiter.api.Assumptions.assumeTrue(FaultScenario.nightly(), "nightly profile only");
    netbox.faults().on(RequestMatcher.of("GET", "/api/extras/tags/")).always(Fault.endlessNext());
    try (SyncEngine engine = engine(dir, "", "")) {
      assertThatThrownBy(engine::diff).isInstanceOf(AdapterException.class)
          .hasMessageContaining("did not end after 10000 pages (max_pages)");
    }
    assertThat(netbox.requestLog().count("GET", "/api/extras/tags/")).isEqualTo(10_000);
  }

  @Test
  void anAbsurdCountIsRefusedBeforeAnyOtherPageIsRead(@TempDir Path dir) {
    netbox.faults().on(RequestMatcher.of("GET", "/api/dcim/devices/")).always(Fault.rewriteBody("count lie",
        (request, body) -> new String(body, StandardCharsets.UTF_8).replaceFirst("\"count\"\\s*:\\s*\\d+",
            "\"count\": 1000000000").getBytes(StandardCharsets.UTF_8)));
    try (SyncEngine engine = engine(dir, "", "")) {
      assertThatThrownBy(engine::diff).isInstanceOf(AdapterException.class)
          .hasMessageContaining("GET http://127.0.0.1:" + netbox.port() + "/api/dcim/devices/")
          .hasMessageContaining("reports count 1000000000").hasMessageContaining("max_pages (10000)");
    }
    assertThat(netbox.requestLog().count("GET", "/api/dcim/devices/")).isEqualTo(1);
  }

  @Test
  void infrahubCountsAreBoundedByMaxPages(@TempDir Path dir) {
    infrahub.faults().on(InfrahubServer.queries()).always(Fault.rewriteBody("count lie",
        (request, body) -> new String(body, StandardCharsets.UTF_8).replaceFirst("\"count\"\\s*:\\s*\\d+",
            "\"count\": 123456789").getBytes(StandardCharsets.UTF_8)));
    try (SyncEngine engine = engine(dir, "", "max_pages: 1000")) {
      assertThatThrownBy(engine::diff).isInstanceOf(AdapterException.class)
          .hasMessageContaining("POST http://127.0.0.1:" + infrahub.port() + "/graphql/main")
          .hasMessageContaining("reports 123456789 nodes").hasMessageContaining("max_pages (1000)");
    }
  }

  @Test
  void aNetBoxPayloadOverMaxResponseBytesFailsNamingTheCallAndTheSetting(@TempDir Path dir) {
    netbox.faults().on(RequestMatcher.of("GET", "/api/dcim/sites/")).always(Fault.oversizedBody(300_000));
    try (SyncEngine engine = engine(dir, "max_response_bytes: 100000", "")) {
      assertThatThrownBy(engine::diff).isInstanceOf(AdapterException.class)
          .hasMessageContaining("GET http://127.0.0.1:" + netbox.port() + "/api/dcim/sites/")
          .hasMessageContaining("exceeds 100000 bytes (max_response_bytes)");
    }
    assertThat(netbox.requestLog().count("GET", "/api/dcim/sites/")).as("not retried").isEqualTo(1);
    netbox.faults().clear();
    netbox.faults().on(RequestMatcher.of("GET", "/api/dcim/sites/")).always(Fault.oversizedBody(90_000));
    try (SyncEngine engine = engine(dir, "max_response_bytes: 100000", "")) {
      assertThat(engine.diff().size()).as("a padded body under the limit reads").isPositive();
    }
  }

  @Test
  void anInfrahubPayloadOverMaxResponseBytesFails(@TempDir Path dir) {
    infrahub.faults().on(InfrahubServer.queries()).always(Fault.oversizedBody(2_000_000));
    try (SyncEngine engine = engine(dir, "", "max_response_bytes: 1000000")) {
      assertThatThrownBy(engine::diff).isInstanceOf(AdapterException.class)
          .hasMessageContaining("POST http://127.0.0.1:" + infrahub.port() + "/graphql/main")
          .hasMessageContaining("exceeds 1000000 bytes (max_response_bytes)");
    }
  }
}
