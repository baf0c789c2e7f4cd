package io.infrasync.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The base of every emulator: an HTTP/1.1 server (JDK {@code com.sun.net.httpserver}) bound to
 * 127.0.0.1 on a free port, answering on a fixed-size thread pool, with a {@link RequestLog}, a
 * programmable {@link Faults} set and a settable {@link EmulatorClock}.
 *
 * <p>A subclass implements {@link #handle(EmulatorRequest)} (a complete request in, a complete
 * response out) and, optionally, {@link #endpointOf(String)} (how the log groups paths) and {@link
 * #internalError(EmulatorRequest, RuntimeException)} (the body of a 500 when {@code handle} throws).
 * The base applies faults around {@code handle} and logs every request.
 *
 * <p>Two ways to run one:
 *
 * <pre>{@code
 * // plain code
 * try (NetBoxServer netbox = NetBoxServer.builder().build().start()) {
 *   URI base = netbox.baseUrl();
 * }
 *
 * // JUnit Jupiter: started before the class's tests, closed after them
 * @RegisterExtension static NetBoxServer netbox = NetBoxServer.builder().build();
 * }</pre>
 *
 * <p>Using it as an extension needs {@code junit-jupiter-api} on the class path (it is an optional
 * dependency of the testkit). {@link #start()} on a running server and {@link #close()} on a closed
 * one do nothing; the extension callbacks count nested test classes, so the server closes after the
 * outermost class. A closed server can be started again (on a new port; the stored data is kept).
 *
 * <p>The {@code Date} response header is set by the JDK server from the system clock, not from
 * {@link #clock()} (the JDK server overwrites any value a handler sets).
 *
 * <p>Threading: {@code handle} runs on the server's pool ({@code threads} threads, set by the
 * subclass) and may run concurrently for different requests; subclasses synchronise their state.
 */
public abstract class EmulatorServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  private static final System.Logger LOG = System.getLogger("io.infrasync.testkit");

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, the client's
    // delayed ACK costs ~40 ms per keep-alive request. Must be set before the server class loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final String name;
  private final int threads;
  private final RequestLog requestLog = new RequestLog();
  private final Faults faults = new Faults();
  private final EmulatorClock clock = new EmulatorClock();
  private final AtomicInteger extensionUsers = new AtomicInteger();
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;
  private @Nullable URI baseUrl;

  /**
   * Creates a stopped server.
   *
   * @param name a short name for threads and messages ({@code "netbox"})
   * @param threads the size of the request thread pool (at least 1)
   */
  protected EmulatorServer(String name, int threads) {
    this.name = Objects.requireNonNull(name, "name");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
  }

  /**
   * Answers one request. Called on a pool thread, possibly concurrently; never sees requests that
   * a fault answered instead. A {@link RuntimeException} becomes a 500 ({@link #internalError}).
   */
  protected abstract EmulatorResponse handle(EmulatorRequest request);

  /**
   * The endpoint a path belongs to, for {@link RequestLog#countsByEndpoint()}. The default is the
   * path itself; REST emulators drop the object id.
   */
  protected String endpointOf(String path) {
    return path;
  }

  /** The 500 response sent when {@link #handle} throws. The default is a JSON {@code {"detail"}}. */
  protected EmulatorResponse internalError(EmulatorRequest request, RuntimeException error) {
    return EmulatorResponse.json(
        500, Map.of("detail", "Internal emulator error: " + error.getClass().getSimpleName()));
  }

  /**
   * Binds 127.0.0.1 on a free port and starts answering. Does nothing when already running.
   *
   * @return this server
   * @throws UncheckedIOException when the socket cannot be bound
   */
  public synchronized EmulatorServer start() {
    if (server != null) {
      return this;
    }
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the " + name + " emulator on 127.0.0.1", e);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name + "-emulator-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    s.setExecutor(pool);
    s.createContext("/", this::exchange);
    s.start();
    server = s;
    executor = pool;
    baseUrl = URI.create("http://127.0.0.1:" + s.getAddress().getPort());
    LOG.log(System.Logger.Level.DEBUG, "{0} emulator listening on {1}", name, baseUrl);
    return this;
  }

  /** Stops the server and its threads at once. Does nothing when not running. */
  @Override
  public synchronized void close() {
    HttpServer s = server;
    ExecutorService pool = executor;
    server = null;
    executor = null;
    baseUrl = null;
    if (s != null) {
      s.stop(0);
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** Whether the server is running. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * The server's base URL, {@code http://127.0.0.1:<port>} (no trailing slash).
   *
   * @throws IllegalStateException when the server is not running
   */
  public synchronized URI baseUrl() {
    URI u = baseUrl;
    if (u == null) {
      throw new IllegalStateException("the " + name + " emulator is not running; call start()");
    }
    return u;
  }

  /** The port the server listens on (see {@link #baseUrl()}). */
  public int port() {
    return baseUrl().getPort();
  }

  /** The short name given at construction. */
  public String name() {
    return name;
  }

  /** The log of every request answered. */
  public RequestLog requestLog() {
    return requestLog;
  }

  /** The fault programme; empty (no faults) until a test adds rules. */
  public Faults faults() {
    return faults;
  }

  /** The server-side clock. */
  public EmulatorClock clock() {
    return clock;
  }

  /** JUnit Jupiter: starts the server before the first test of the class. */
  @Override
  public void beforeAll(ExtensionContext context) {
    extensionUsers.incrementAndGet();
    start();
  }

  /** JUnit Jupiter: closes the server after the last test of the outermost class. */
  @Override
  public void afterAll(ExtensionContext context) {
    if (extensionUsers.decrementAndGet() <= 0) {
      extensionUsers.set(0);
      close();
    }
  }

  @Override
  public String toString() {
    URI u;
    synchronized (this) {
      u = baseUrl;
    }
    return getClass().getSimpleName() + "[" + (u == null ? "stopped" : u) + "]";
  }

  private void exchange(HttpExchange ex) {
    long started = System.nanoTime();
    EmulatorRequest request;
    try {
      request = read(ex);
    } catch (IOException e) {
      ex.close();
      return;
    }
    try {
      Faults.Decision decision = faults.decide(request);
      sleep(decision.latency());
      Fault fault = decision.fault();
      String faultName = fault == null ? null : fault.getClass().getSimpleName();
      if (fault instanceof Fault.DropConnection) {
        log(request, 0, started, faultName);
        throw new AbortConnection();
      }
      EmulatorResponse response;
      if (fault instanceof Fault.Status st) {
        response = EmulatorResponse.text(st.status(), st.contentType(), st.body());
        if (st.retryAfterSeconds() >= 0) {
          response = response.withHeader("Retry-After", Long.toString(st.retryAfterSeconds()));
        }
      } else {
        response = safeHandle(request);
        if (fault instanceof Fault.RewriteBody rewrite) {
          response = response.withBody(rewrite.rewrite().apply(request, response.body()));
        }
      }
      // Logged before the response is sent, so a client that has its answer sees it counted.
      log(request, response.status(), started, faultName);
      write(ex, response, fault);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: {1} aborted: {2}", name, request, e.getMessage());
      ex.close();
      return;
    }
    ex.close();
  }

  /**
   * Thrown out of the JDK server's handler to make it close the connection at once (it does so for
   * any exception a handler throws); used by the drop-connection and broken-body faults.
   */
  private static final class AbortConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AbortConnection() {
      super("emulator fault: connection closed on purpose", null, false, false);
    }
  }

  private void log(EmulatorRequest request, int status, long started, @Nullable String fault) {
    requestLog.record(
        new RequestLog.Entry(
            request.method(),
            request.path(),
            request.rawQuery(),
            endpointOf(request.path()),
            status,
            Duration.ofNanos(System.nanoTime() - started),
            fault));
  }

  private EmulatorResponse safeHandle(EmulatorRequest request) {
    try {
      return handle(request);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, name + " emulator failed on " + request, e);
      return internalError(request, e);
    }
  }

  private EmulatorRequest read(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    URI uri = ex.getRequestURI();
    String host = ex.getRequestHeaders().getFirst("Host");
    String origin;
    if (host != null && !host.isBlank()) {
      origin = "http://" + host.trim();
    } else {
      origin = "http://127.0.0.1:" + ex.getLocalAddress().getPort();
    }
    String path = uri.getPath() == null ? "/" : uri.getPath();
    String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    return new EmulatorRequest(
        ex.getRequestMethod(), path, rawQuery, ex.getRequestHeaders(), body, origin);
  }

  private static void write(HttpExchange ex, EmulatorResponse response, @Nullable Fault fault)
      throws IOException {
    response.headers().forEach((k, v) -> ex.getResponseHeaders().put(k, List.copyOf(v)));
    byte[] body = response.bodyUnsafe();
    int status = response.status();
    if (body.length == 0) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    if (fault instanceof Fault.TruncatedBody t) {
      int keep = Math.min(t.keepBytes(), body.length - 1);
      ex.sendResponseHeaders(status, keep == 0 ? -1 : keep);
      if (keep > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body, 0, keep);
        }
      }
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    OutputStream out = ex.getResponseBody();
    if (fault instanceof Fault.BrokenBody b) {
      int keep = Math.min(b.keepBytes(), body.length - 1);
      out.write(body, 0, keep);
      out.flush();
      try {
        out.close(); // short of Content-Length: the JDK server closes the connection
      } catch (IOException expected) {
        // "insufficient bytes written to stream": what this fault is for
      }
      throw new AbortConnection();
    }
    if (fault instanceof Fault.SlowBody slow) {
      for (int off = 0; off < body.length; off += slow.chunkBytes()) {
        sleep(slow.pause());
        out.write(body, off, Math.min(slow.chunkBytes(), body.length - off));
        out.flush();
      }
      out.close();
      return;
    }
    out.write(body);
    out.close();
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
