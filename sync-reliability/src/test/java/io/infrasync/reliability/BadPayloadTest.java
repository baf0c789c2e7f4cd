package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.testkit.Fault;
import io.infrasync.testkit.RequestMatcher;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every answer of {@link BadPayloadCorpus}, served in place of the real one, fails the NetBox →
 * Infrahub sync with a {@link SyncException} that names the request or the record, and nothing is
 * written to Infrahub.
 */
class BadPayloadTest {
  static NetBoxServer netbox;
  static InfrahubServer infrahub;
  static Path config;

  @BeforeAll
  static void start() throws Exception {
    netbox = NetBoxServer.builder().threads(8).build().start();
    infrahub = InfrahubServer.builder().schema(InfrahubSchema.bench()).threads(8).build().start();
    CrashFixture.seed(netbox, 6, 3);
    Path dir = Files.createTempDirectory("bad-payload");
    config = Files.writeString(dir.resolve("config.yml"), CrashFixture.CONFIG.formatted(10)
        .replaceFirst("    max_retries: 1", "    max_retries: 1\n    retry_base_delay: 5ms") // NetBox
        .replace("    max_retries: 1", "    max_retries: 1\n    max_response_bytes: 200000"));
  }

  @AfterAll
  static void stop() {
    netbox.close();
    infrahub.close();
  }

  @AfterEach
  void clearFaults() {
    netbox.faults().clear();
    infrahub.faults().clear();
    infrahub.clear();
  }

  static Stream<BadPayloadCorpus.PayloadCase> payloads() {
    return BadPayloadCorpus.all().stream();
  }

  static SyncEngine engine() {
    Map<String, String> env = CrashFixture.env(netbox, infrahub, InfrahubServer.DEFAULT_TOKEN);
    Function<String, @Nullable String> e = env::get;
    return SyncEngine.builder().config(config).environment(e).inMemoryCache().guardrails(Guardrails.NONE)
        .concurrentLoad(false).build(); // source first: the faulted side is the one that fails
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloads")
  void aMalformedAnswerFailsTheRunNamingTheRequestAndNothingIsWritten(BadPayloadCorpus.PayloadCase c) {
    infrahub.clear();
    infrahub.graphqlLog().clear();
    RequestMatcher where = switch (c.target()) {
      case NETBOX_DEVICES -> RequestMatcher.of("GET", "/api/dcim/devices/");
      case INFRAHUB_QUERY -> InfrahubServer.queries();
      case INFRAHUB_SCHEMA -> RequestMatcher.of("GET", "/api/schema");
    };
    (c.target() == BadPayloadCorpus.Target.NETBOX_DEVICES ? netbox.faults() : infrahub.faults()).on(where)
        .always(Fault.status(c.status(), c.contentType(), c.body()));
    Throwable t;
    try (SyncEngine engine = engine()) {
      t = catchThrowable(engine::sync);
    }
    assertThat(t).as("%s must fail the run", c).isInstanceOf(SyncException.class);
    SyncException e = (SyncException) t;
    assertThat(e.getMessage()).as("%s", c).contains(c.expect());
    BadConfigTest.assertNoInternalLeak(e);
    assertThat(infrahub.graphqlLog().mutationRequests()).as("mutations after %s: %s", c, e.getMessage()).isZero();
    assertThat(infrahub.count("InfraDevice")).isZero();
  }

  @Test
  void withoutFaultsTheSameRunWrites() {
    try (SyncEngine engine = engine()) {
      assertThat(engine.sync().success()).isTrue();
    }
    assertThat(infrahub.count("InfraDevice")).isEqualTo(6);
  }
}
