package io.infrasync.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.infrasync.AdapterException;
import io.infrasync.spi.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";
  private HttpServer server;
  private final Deque<Consumer<HttpExchange>> script = new ArrayDeque<>();
  private final AtomicInteger hits = new AtomicInteger();
  private HttpTransport http;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      hits.incrementAndGet();
      Consumer<HttpExchange> step = script.isEmpty() ? e -> reply(e, 200, "{\"ok\":true}", "application/json")
          : script.poll();
      step.accept(ex);
    });
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    http = new HttpTransport(new HttpTransport.Config("netbox", base, Map.of("Authorization", Secret.of("Token " + TOKEN)),
        Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(2), true,
        new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50)), 10_000), null);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  static void reply(HttpExchange e, int status, String body, String type) {
    try {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      e.getResponseHeaders().add("Content-Type", type);
      e.sendResponseHeaders(status, b.length);
      e.getResponseBody().write(b);
      e.close();
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static void drop(HttpExchange e) {
    e.getHttpContext().getServer();
    try {
      e.getRequestBody().readAllBytes();
      e.sendResponseHeaders(200, 1000);
      e.getResponseBody().write("{\"partial\"".getBytes(StandardCharsets.UTF_8));
    } catch (IOException ignored) {
      // the client sees a truncated body
    }
    e.close();
  }

  @Test
  void retriesA429HonouringRetryAfterThenSucceeds() {
    script.add(e -> {
      e.getResponseHeaders().add("Retry-After", "0.01");
      reply(e, 429, "{\"detail\":\"slow down\"}", "application/json");
    });
    script.add(e -> reply(e, 503, "busy", "text/plain"));
    var node = http.getJson(http.resolve("/api/dcim/devices/", Map.of()), Map.of());
    assertThat(node.get("ok").asBoolean()).isTrue();
    assertThat(hits.get()).isEqualTo(3);
    assertThat(http.retryCount()).isEqualTo(2);
  }

  @Test
  void givesUpAfterTheBoundWithAMessageNamingMethodUrlAndStatusButNotTheToken() {
    for (int i = 0; i < 4; i++) {
      script.add(e -> reply(e, 502, "bad gateway", "text/plain"));
    }
    assertThatThrownBy(() -> http.getJson(http.resolve("/api/dcim/sites/", HttpTransport.query("token", "x")), Map.of()))
        .isInstanceOf(HttpFailure.class)
        .hasMessageContaining("GET http://127.0.0.1:")
        .hasMessageContaining("/api/dcim/sites/?token=[hidden]")
        .hasMessageContaining("502")
        .hasMessageNotContaining(TOKEN);
    assertThat(hits.get()).isEqualTo(4);
  }

  @Test
  void aPostWhoseResponseIsLostIsNotResentButReportedAsUnknown() {
    script.add(HttpTransportTest::drop);
    assertThatThrownBy(() -> http.send("POST", http.resolve("/api/dcim/sites/", Map.of()), Map.of("name", "a"), false,
        Map.of()))
        .isInstanceOfSatisfying(HttpFailure.class, f -> assertThat(f.outcomeUnknown()).isTrue());
    assertThat(hits.get()).isEqualTo(1);
  }

  @Test
  void aThrottledPostIsRetriedBecauseTheServerDidNotApplyIt() {
    script.add(e -> reply(e, 429, "{}", "application/json"));
    var r = http.send("POST", http.resolve("/api/x/", Map.of()), Map.of("a", 1), false, Map.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.retries()).isEqualTo(1);
  }

  @Test
  void clientErrorsAreReturnedWhenAskedSoFieldErrorsCanBeRead() {
    script.add(e -> reply(e, 400, "{\"name\":[\"This field is required.\"]}", "application/json"));
    var r = http.send("POST", http.resolve("/api/x/", Map.of()), Map.of(), false, Map.of(), true);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json("POST", "x").get("name").get(0).asString()).isEqualTo("This field is required.");
  }

  @Test
  void anHtmlErrorPageIsAClearError() {
    script.add(e -> reply(e, 200, "<html><body><h1>Maintenance</h1></body></html>", "text/html"));
    assertThatThrownBy(() -> http.getJson(http.resolve("/api/", Map.of()), Map.of()))
        .isInstanceOf(AdapterException.class).hasMessageContaining("HTML page").hasMessageContaining("Maintenance");
  }

  @Test
  void anOversizedResponseIsRefused() {
    script.add(e -> reply(e, 200, "[" + "1,".repeat(20_000) + "1]", "application/json"));
    assertThatThrownBy(() -> http.getJson(http.resolve("/api/", Map.of()), Map.of()))
        .isInstanceOf(AdapterException.class).hasMessageContaining("exceeds 10000 bytes");
  }

  @Test
  void truncatedJsonIsRetriedForAnIdempotentRead() {
    script.add(HttpTransportTest::drop);
    var node = http.getJson(http.resolve("/api/", Map.of()), Map.of());
    assertThat(node.get("ok").asBoolean()).isTrue();
  }

  @Test
  void aReadAnswered500IsReadAgain() {
    script.add(e -> reply(e, 500, "{\"detail\":\"Server Error\"}", "application/json"));
    var node = http.getJson(http.resolve("/api/dcim/sites/", Map.of()), Map.of());
    assertThat(node.get("ok").asBoolean()).isTrue();
    assertThat(http.retryCount()).isEqualTo(1);
  }

  @Test
  void aWriteAnswered500IsNotRepeated() {
    script.add(e -> reply(e, 500, "{\"detail\":\"Server Error\"}", "application/json"));
    assertThatThrownBy(() -> http.send("POST", http.resolve("/api/dcim/sites/", Map.of()), Map.of("name", "a"), false,
        Map.of()))
        .isInstanceOf(HttpFailure.class).hasMessageContaining("500");
    assertThat(hits.get()).isEqualTo(1);
  }
}
