package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.infrasync.AdapterException;
import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.testkit.infrahub.InfrahubServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS certificates are verified unless {@code verify_ssl: false}, and turning verification off logs a
 * warning naming the server. The NetBox side talks to an HTTPS server with a self-signed certificate
 * issued to another host name ({@code netbox.lab}), as a lab server accessed by address would have:
 * refused by default before any HTTP request; accepted with {@code verify_ssl: false}, as
 * infrahub-sync's {@code verify_ssl: False} (requests' {@code verify=False}) accepts it.
 */
@Timeout(60)
class TlsTest {
  @RegisterExtension static final InfrahubServer infrahub = InfrahubServer.builder().schema(FaultScenario.schema())
      .build();

  static final String EMPTY_PAGE = "{\"count\": 0, \"next\": null, \"previous\": null, \"results\": []}";

  final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
        warnings.add(new java.util.logging.SimpleFormatter().formatMessage(r));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  final AtomicInteger requests = new AtomicInteger();
  @Nullable HttpsServer https;

  @BeforeEach
  void listen() {
    Logger.getLogger("").addHandler(handler);
  }

  @AfterEach
  void stop() {
    Logger.getLogger("").removeHandler(handler);
    HttpsServer s = https;
    if (s != null) {
      s.stop(0);
    }
  }

  @TempDir static Path keys;
  static @Nullable Path store;

  /** A self-signed certificate for netbox.lab (only), made once for the class by the JDK's keytool. */
  @BeforeAll
  static void certificate() throws Exception {
    Path store = keys.resolve("netbox-lab.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "lab", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=netbox.lab",
        "-ext", "SAN=dns:netbox.lab", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(out).isZero();
    TlsTest.store = store;
  }

  /** An HTTPS server answering an empty NetBox list to every request, with the netbox.lab certificate. */
  String start(Path dir) throws Exception {
    Path store = java.util.Objects.requireNonNull(TlsTest.store);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    s.setHttpsConfigurator(new HttpsConfigurator(ctx));
    s.createContext("/", ex -> {
      requests.incrementAndGet();
      byte[] body = EMPTY_PAGE.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    s.start();
    https = s;
    return "https://127.0.0.1:" + s.getAddress().getPort();
  }

  SyncEngine engine(Path dir, String netboxUrl, String netboxSettings, String infrahubSettings) {
    FaultScenario s = new FaultScenario(io.infrasync.testkit.netbox.NetBoxServer.builder().build(), infrahub, 1);
    Map<String, String> env = new HashMap<>();
    env.put("NETBOX_URL", netboxUrl);
    env.put("NETBOX_TOKEN", "0123456789abcdef0123456789abcdef01234567");
    env.put("INFRAHUB_ADDRESS", infrahub.baseUrl().toString());
    env.put("INFRAHUB_API_TOKEN", InfrahubServer.DEFAULT_TOKEN);
    return SyncEngine.builder().config(s.parse(s.config(netboxSettings, infrahubSettings), env::get))
        .environment(env::get).cacheDirectory(dir.resolve("cache")).guardrails(Guardrails.NONE).build();
  }

  @Test
  void certificatesAreVerifiedByDefault(@TempDir Path dir) throws Exception {
    String url = start(dir);
    try (SyncEngine engine = engine(dir, url, "max_retries: 0", "")) {
      assertThatThrownBy(engine::diff).isInstanceOf(AdapterException.class)
          .hasMessageContaining("GET " + url + "/api/");
    }
    assertThat(requests.get()).as("no HTTP request got through the handshake").isZero();
    assertThat(warnings).noneMatch(w -> w.contains("TLS certificate verification is OFF"));
  }

  @Test
  void verifySslFalseAcceptsTheServerAndLogsAWarning(@TempDir Path dir) throws Exception {
    String url = start(dir);
    try (SyncEngine engine = engine(dir, url, "verify_ssl: false", "verify_ssl: false")) {
      assertThat(engine.diff().size()).isZero();
    }
    assertThat(requests.get()).as("the NetBox lists were read over TLS").isPositive();
    assertThat(warnings).anyMatch(w -> w.contains("netbox: TLS certificate verification is OFF for " + url)
        && w.contains("verify_ssl: false"));
    assertThat(warnings).anyMatch(w -> w.contains("infrahub: TLS certificate verification is OFF for "
        + infrahub.baseUrl()));
  }

  @Test
  void verifySslTrueIsTheDefaultAndWarnsNothing(@TempDir Path dir) throws IOException {
    try (SyncEngine engine = engine(dir, "https://127.0.0.1:9", "verify_ssl: true", "")) {
      assertThat(engine.config().source().settings()).containsEntry("verify_ssl", true);
    }
    try (SyncEngine engine = engine(dir, "https://127.0.0.1:9", "", "")) {
      assertThat(engine.config().source().settings()).doesNotContainKey("verify_ssl");
    }
    assertThat(warnings).noneMatch(w -> w.contains("TLS certificate verification is OFF"));
  }
}
