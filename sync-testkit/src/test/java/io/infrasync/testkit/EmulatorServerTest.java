package io.infrasync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.testkit.TestHttp.Reply;
import io.infrasync.testkit.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared base through a minimal emulator: faults, request log, lifecycle. */
class EmulatorServerTest {
  /** Answers every request with a JSON object holding 500 numbers (~2.4 kB). */
  static final class ListServer extends EmulatorServer {
    final AtomicInteger handled = new AtomicInteger();

    ListServer() {
      super("list", 4);
    }

    @Override
    protected EmulatorResponse handle(EmulatorRequest request) {
      handled.incrementAndGet();
      if (request.path().equals("/boom")) {
        throw new IllegalStateException("boom");
      }
      List<Integer> items = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        items.add(i);
      }
      return EmulatorResponse.json(200, Map.of("items", items));
    }

    @Override
    protected String endpointOf(String path) {
      return path.startsWith("/a/") ? "/a/" : path;
    }
  }

  @RegisterExtension static ListServer server = new ListServer();

  @BeforeEach
  void reset() {
    server.faults().clear();
    server.requestLog().reset();
    server.handled.set(0);
  }

  static String url(String path) {
    return server.baseUrl() + path;
  }

  @Test
  void extensionStartsTheServerOnLoopback() {
    assertThat(server.isRunning()).isTrue();
    assertThat(server.baseUrl().getHost()).isEqualTo("127.0.0.1");
    assertThat(server.port()).isPositive();
    assertThat(TestHttp.get(url("/x")).status()).isEqualTo(200);
  }

  @Test
  void plainCodeUsesTryWithResourcesAndCanRestart() {
    ListServer s = new ListServer();
    assertThatThrownBy(s::baseUrl).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
    try (ListServer started = (ListServer) s.start()) {
      assertThat(TestHttp.get(started.baseUrl() + "/").status()).isEqualTo(200);
    }
    assertThat(s.isRunning()).isFalse();
    s.start();
    try {
      assertThat(TestHttp.get(s.baseUrl() + "/").status()).isEqualTo(200);
    } finally {
      s.close();
      s.close();
    }
  }

  @Test
  void theDateHeaderFollowsTheEmulatorClockLikeTheRecordsItStamps() {
    java.time.format.DateTimeFormatter rfc1123 = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
    try {
      server.clock().set(java.time.Instant.parse("2026-05-01T10:00:00.987654Z"));
      Reply frozen = TestHttp.get(url("/x"));
      // IMF-fixdate: two-digit day, whole seconds (rounded down), GMT
      assertThat(frozen.header("Date")).isEqualTo("Fri, 01 May 2026 10:00:00 GMT");
      server.faults().on(RequestMatcher.any()).times(1, Fault.status(503));
      assertThat(TestHttp.get(url("/x")).header("Date")).as("a fault's answer too")
          .isEqualTo("Fri, 01 May 2026 10:00:00 GMT");

      server.clock().advance(Duration.ofHours(1));
      assertThat(TestHttp.get(url("/x")).header("Date")).isEqualTo("Fri, 01 May 2026 11:00:00 GMT");

      server.clock().release().advance(Duration.ofDays(-400)); // running, 400 days behind the system clock
      java.time.Instant before = server.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      java.time.Instant date = java.time.ZonedDateTime.parse(
          java.util.Objects.requireNonNull(TestHttp.get(url("/x")).header("Date")), rfc1123).toInstant();
      java.time.Instant after = server.clock().instant();
      assertThat(date).isBetween(before, after);
    } finally {
      server.clock().release();
    }
  }

  @Test
  void tooManyRequestsCarriesRetryAfterAndSkipsTheHandler() {
    server.faults().on(RequestMatcher.of("GET", "/a/")).times(1, Fault.tooManyRequests(3));

    Reply throttled = TestHttp.get(url("/a/1"));
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isEqualTo("3");
    assertThat(throttled.object()).isEqualTo(Map.of("detail", "Request was throttled. Expected available in 3 seconds."));
    assertThat(TestHttp.get(url("/a/1")).status()).isEqualTo(200);
    assertThat(server.handled.get()).isEqualTo(1);
  }

  @Test
  void serverErrorStatusesReplaceTheAnswer() {
    server.faults().on(RequestMatcher.any()).always(Fault.status(503));
    Reply r = TestHttp.get(url("/x"));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("503 Service Unavailable\n");
    server.faults().clear();
    server.faults().on(RequestMatcher.any()).always(Fault.status(502, "text/html", "<html>bad gateway</html>"));
    assertThat(TestHttp.get(url("/x")).body()).isEqualTo("<html>bad gateway</html>");
    assertThat(server.handled.get()).isZero();
  }

  @Test
  void droppedConnectionIsAnIOExceptionForTheClient() {
    server.faults().on(RequestMatcher.pathPrefix("/drop")).always(Fault.dropConnection());
    assertThatThrownBy(() -> TestHttp.sendChecked("GET", url("/drop"), null)).isInstanceOf(IOException.class);
    assertThat(server.handled.get()).isZero();
    RequestLog.Entry entry = server.requestLog().entries().get(0);
    assertThat(entry.status()).isZero();
    assertThat(entry.fault()).isEqualTo("DropConnection");
    assertThat(TestHttp.get(url("/other")).status()).isEqualTo(200);
  }

  @Test
  void slowBodyTricklesTheCompleteBody() {
    server.faults().on(RequestMatcher.any()).always(Fault.slowBody(600, Duration.ofMillis(25)));
    long t0 = System.nanoTime();
    Reply r = TestHttp.get(url("/slow"));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).isEqualTo(200);
    assertThat(Json.array(r.object().get("items"), "items")).hasSize(500);
    assertThat(millis).as("4+ chunks with 25 ms before each").isGreaterThanOrEqualTo(100);
  }

  @Test
  void truncatedBodyFailsToParse() {
    server.faults().on(RequestMatcher.any()).always(Fault.truncatedBody(100));
    Reply r = TestHttp.get(url("/t"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).hasSize(100);
    assertThatThrownBy(r::json).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid JSON");
    assertThat(server.handled.get()).as("the request took effect").isEqualTo(1);
  }

  @Test
  void brokenBodyIsAnIOExceptionAfterTheRequestTookEffect() {
    server.faults().on(RequestMatcher.any()).always(Fault.brokenBody(100));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> TestHttp.sendChecked("GET", url("/b"), null)).isInstanceOf(IOException.class);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0))
        .as("the connection is closed at once, not left to a client timeout")
        .isLessThan(java.time.Duration.ofSeconds(2));
    assertThat(server.handled.get()).isPositive();
  }

  @Test
  void repeatingNextLinksBackToTheSamePageWithoutCount() {
    server.faults().on(RequestMatcher.any()).always(Fault.repeatingNext());
    Reply r = TestHttp.get(url("/a/?limit=5&offset=10"));
    assertThat(r.status()).isEqualTo(200);
    var page = r.object();
    assertThat(page).containsEntry("next", url("/a/?limit=5&offset=10")).doesNotContainKey("count");
    assertThat(Json.array(page.get("items"), "items")).hasSize(500);
    assertThat(server.requestLog().entries().get(0).fault()).isEqualTo("RewriteBody");
  }

  @Test
  void endlessNextAlwaysLinksToTheFollowingPage() {
    server.faults().on(RequestMatcher.any()).always(Fault.endlessNext());
    String next = url("/a/?limit=100");
    for (int i = 1; i <= 3; i++) {
      next = String.valueOf(TestHttp.get(next).object().get("next"));
      assertThat(next).isEqualTo(url("/a/?limit=100&offset=" + (100 * i)));
    }
    assertThat(TestHttp.get(url("/a/?offset=999999")).object()).containsEntry("next", url("/a/?offset=1000049"))
        .doesNotContainKey("count");
  }

  @Test
  void oversizedBodyIsTheRealJsonPaddedToTheSize() {
    server.faults().on(RequestMatcher.any()).always(Fault.oversizedBody(100_000));
    Reply r = TestHttp.get(url("/big"));
    assertThat(r.body()).hasSize(100_000);
    assertThat(Json.array(r.object().get("items"), "items")).hasSize(500);
    server.faults().clear();
    server.faults().on(RequestMatcher.any()).always(Fault.oversizedBody(10));
    assertThat(TestHttp.get(url("/big")).body().length()).as("already larger: unchanged").isGreaterThan(1000);
  }

  @Test
  void rewriteBodyAnswersTheRewrittenBodyAfterHandlingTheRequest() {
    server.faults().on(RequestMatcher.any()).always(Fault.rewriteBody("empty", (request, body) -> "{}".getBytes(
        java.nio.charset.StandardCharsets.UTF_8)));
    Reply r = TestHttp.send("POST", url("/a/1"), Map.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    assertThat(server.handled.get()).as("the request took effect").isEqualTo(1);
    assertThatThrownBy(() -> Fault.oversizedBody(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nthMatchingRequestFailsOnly() {
    server.faults().on(RequestMatcher.of("POST", "/a/")).nth(3, Fault.status(500));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      TestHttp.get(url("/a/" + i)); // GETs do not count for a POST rule
      statuses.add(TestHttp.send("POST", url("/a/" + i), Map.of()).status());
    }
    assertThat(statuses).containsExactly(200, 200, 500, 200, 200);
    assertThat(server.faults().rules().get(0).matched()).isEqualTo(5);
    assertThat(server.faults().rules().get(0).fired()).isEqualTo(1);
  }

  @Test
  void randomFaultsFollowTheSeedAndRate() {
    server.faults().on(RequestMatcher.any()).randomly(0.10, 42L, Fault.status(500));
    Random expected = new Random(42L);
    int expectedFailures = 0;
    int failures = 0;
    for (int i = 0; i < 300; i++) {
      if (expected.nextDouble() < 0.10) {
        expectedFailures++;
      }
      if (TestHttp.get(url("/r")).status() == 500) {
        failures++;
      }
    }
    assertThat(failures).isEqualTo(expectedFailures).isBetween(15, 50);
  }

  @Test
  void latencyDelaysRequestsAndAddsUp() {
    server.faults().latency(Duration.ofMillis(40));
    server.faults().on(RequestMatcher.pathPrefix("/slow")).always(Fault.latency(Duration.ofMillis(30), Duration.ofMillis(40)));
    long t0 = System.nanoTime();
    TestHttp.get(url("/slow"));
    long both = (System.nanoTime() - t0) / 1_000_000;
    t0 = System.nanoTime();
    TestHttp.get(url("/fast"));
    long one = (System.nanoTime() - t0) / 1_000_000;
    assertThat(both).isGreaterThanOrEqualTo(70);
    assertThat(one).isGreaterThanOrEqualTo(40);
    assertThat(server.requestLog().entries().get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(70));
  }

  @Test
  void handlerFailureBecomesA500() {
    Reply r = TestHttp.get(url("/boom"));
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.object()).isEqualTo(Map.of("detail", "Internal emulator error: IllegalStateException"));
  }

  @Test
  void requestLogCountsPerMethodEndpointAndPrefix() {
    TestHttp.get(url("/a/1"));
    TestHttp.get(url("/a/2?x=1"));
    TestHttp.send("DELETE", url("/a/2"), null);
    TestHttp.get(url("/b"));

    RequestLog log = server.requestLog();
    assertThat(log.total()).isEqualTo(4);
    assertThat(log.count("GET", "/a/")).isEqualTo(2);
    assertThat(log.count("*", "/a/")).isEqualTo(3);
    assertThat(log.count("/")).isEqualTo(4);
    assertThat(log.countsByEndpoint()).containsExactly(
        Map.entry("DELETE /a/", 1L), Map.entry("GET /a/", 2L), Map.entry("GET /b", 1L));
    assertThat(log.countsByMethod()).containsExactly(Map.entry("DELETE", 1L), Map.entry("GET", 3L));
    assertThat(log.entries().get(1).query()).isEqualTo("x=1");
    log.reset();
    assertThat(log.total()).isZero();
    assertThat(log.entries()).isEmpty();
  }

  @Test
  void faultArgumentsAreCheckedWhenMade() {
    assertThatThrownBy(() -> Fault.status(99)).hasMessageContaining("100..599");
    assertThatThrownBy(() -> server.faults().on(RequestMatcher.any()).nth(0, Fault.dropConnection()))
        .hasMessageContaining("nth must be >= 1");
    assertThatThrownBy(() -> server.faults().on(RequestMatcher.any()).randomly(1.5, 1, Fault.dropConnection()))
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(5), Duration.ofMillis(1))).hasMessageContaining("below min");
  }
}
