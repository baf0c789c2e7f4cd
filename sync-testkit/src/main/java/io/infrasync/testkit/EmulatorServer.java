package io.infrasync.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The base of every emulator: an HTTP/1.1 server bound to 127.0.0.1 on a free port, handling at
 * most a fixed number of requests at once, with a {@link RequestLog}, a programmable {@link Faults}
 * set and a settable {@link EmulatorClock}.
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
 * <p>The {@code Date} response header comes from {@link #clock()}, the clock that stamps the
 * emulated records ({@code last_updated}, {@code node_metadata.updated_at}), as on a real server,
 * where both come from the same host clock: a set or advanced clock moves both. A handler's own
 * {@code Date} header is kept.
 *
 * <p>HTTP: a small HTTP/1.1 server on plain sockets (one thread per connection, keep-alive,
 * {@code Content-Length} and chunked request bodies, {@code Expect: 100-continue}; idle
 * connections close after 30 s, as the JDK's {@code com.sun.net.httpserver} does). It replaced the
 * JDK server, which always writes the system clock into {@code Date}.
 *
 * <p>Threading: {@code handle} runs on a connection's thread, at most {@code threads} (set by the
 * subclass) at once, and may run concurrently for different requests; subclasses synchronise their
 * state.
 */
public abstract class EmulatorServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  private static final System.Logger LOG = System.getLogger("io.infrasync.testkit");

  private final String name;
  private final RequestLog requestLog = new RequestLog();
  private final Faults faults = new Faults();
  private final EmulatorClock clock = new EmulatorClock();
  private final AtomicInteger extensionUsers = new AtomicInteger();
  private static final int IDLE_MILLIS = 30_000;
  private static final int MAX_HEAD_BYTES = 64 * 1024;
  /** IMF-fixdate, RFC 9110 5.6.7: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private final Semaphore handlers;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private @Nullable ServerSocket server;
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
    this.handlers = new Semaphore(threads);
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
    ServerSocket socket;
    try {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the " + name + " emulator on 127.0.0.1", e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name + "-emulator-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server = socket;
    executor = pool;
    baseUrl = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    pool.execute(() -> accept(socket, pool));
    LOG.log(System.Logger.Level.DEBUG, "{0} emulator listening on {1}", name, baseUrl);
    return this;
  }

  /** Stops the server and its threads at once. Does nothing when not running. */
  @Override
  public synchronized void close() {
    ServerSocket s = server;
    ExecutorService pool = executor;
    server = null;
    executor = null;
    baseUrl = null;
    if (s != null) {
      closeQuietly(s);
    }
    for (Socket c : connections) {
      closeQuietly(c);
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private void accept(ServerSocket socket, ExecutorService pool) {
    while (!socket.isClosed()) {
      Socket c;
      try {
        c = socket.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.add(c);
      try {
        pool.execute(() -> serve(c));
      } catch (RuntimeException rejected) { // closing
        connections.remove(c);
        closeQuietly(c);
      }
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
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

  /** One connection: requests one after another (keep-alive) until either side closes it. */
  private void serve(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(IDLE_MILLIS);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      String fallbackOrigin = "http://127.0.0.1:" + socket.getLocalPort();
      boolean open = true;
      while (open) {
        Incoming incoming = readRequest(in, out, fallbackOrigin);
        if (incoming == null) {
          break;
        }
        handlers.acquire();
        try {
          open = exchange(incoming.request(), out) && incoming.keepAlive();
        } finally {
          handlers.release();
        }
      }
    } catch (SocketTimeoutException | EOFException | SocketException e) {
      // idle, closed by the client, or by close()
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: connection failed: {1}", name, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      connections.remove(socket);
      closeQuietly(socket);
    }
  }

  /** Answers one request; false when the connection must be closed afterwards. */
  private boolean exchange(EmulatorRequest request, OutputStream out) throws IOException {
    long started = System.nanoTime();
    Faults.Decision decision = faults.decide(request);
    sleep(decision.latency());
    Fault fault = decision.fault();
    String faultName = fault == null ? null : fault.getClass().getSimpleName();
    if (fault instanceof Fault.DropConnection) {
      log(request, 0, started, faultName);
      return false;
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
    return write(out, request, response, fault);
  }

  /** A request read off a connection, and whether the client lets the connection stay open. */
  private record Incoming(EmulatorRequest request, boolean keepAlive) {}

  /** Reads one request; null when the client closed the connection between requests. */
  private @Nullable Incoming readRequest(InputStream in, OutputStream out, String fallbackOrigin)
      throws IOException {
    String line = readLine(in, true);
    while (line != null && line.isEmpty()) {
      line = readLine(in, true); // tolerated blank lines before a request (RFC 9112 2.2)
    }
    if (line == null) {
      return null;
    }
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x request line: " + line);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int headBytes = line.length();
    for (String h = readLine(in, false); h != null && !h.isEmpty(); h = readLine(in, false)) {
      headBytes += h.length();
      if (headBytes > MAX_HEAD_BYTES) {
        throw new IOException("request head larger than " + MAX_HEAD_BYTES + " bytes");
      }
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line: " + h);
      }
      headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new java.util.ArrayList<>())
          .add(h.substring(colon + 1).trim());
    }
    String connection = header(headers, "Connection");
    boolean keepAlive = parts[2].equals("HTTP/1.1")
        ? connection == null || !connection.toLowerCase(Locale.ROOT).contains("close")
        : connection != null && connection.toLowerCase(Locale.ROOT).contains("keep-alive");
    String expect = header(headers, "Expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    byte[] body;
    String te = header(headers, "Transfer-Encoding");
    String cl = header(headers, "Content-Length");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = readChunked(in);
    } else if (cl != null) {
      long length;
      try {
        length = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + cl);
      }
      if (length < 0 || length > Integer.MAX_VALUE - 8) {
        throw new IOException("bad Content-Length: " + cl);
      }
      body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new EOFException("request body cut off");
      }
    } else {
      body = new byte[0];
    }
    URI uri;
    try {
      uri = URI.create(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IOException("not a request target: " + parts[1], e);
    }
    String host = header(headers, "Host");
    String origin = host != null && !host.isBlank() ? "http://" + host.trim() : fallbackOrigin;
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    String rawQuery = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    return new Incoming(new EmulatorRequest(parts[0], path, rawQuery, headers, body, origin), keepAlive);
  }

  private static @Nullable String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** A CRLF- (or LF-) terminated line in ISO-8859-1; null at end of stream when {@code eofOk} before any byte. */
  private static @Nullable String readLine(InputStream in, boolean eofOk) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (eofOk && line.size() == 0) {
          return null;
        }
        throw new EOFException("connection closed in the middle of a request");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_HEAD_BYTES) {
        throw new IOException("request line longer than " + MAX_HEAD_BYTES + " bytes");
      }
      line.write(b);
    }
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = Objects.requireNonNull(readLine(in, false));
      int semi = size.indexOf(';');
      int n;
      try {
        n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + size);
      }
      if (n == 0) {
        for (String t = readLine(in, false); t != null && !t.isEmpty(); t = readLine(in, false)) {
          // trailers are ignored
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(n);
      if (chunk.length < n) {
        throw new EOFException("chunk cut off");
      }
      body.write(chunk);
      readLine(in, false); // the CRLF after the chunk
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

  /**
   * Writes a response with {@code Date} from the emulator clock; false when the connection must be
   * closed afterwards (a broken-body fault).
   */
  private boolean write(OutputStream out, EmulatorRequest request, EmulatorResponse response,
      @Nullable Fault fault) throws IOException {
    byte[] body = response.bodyUnsafe();
    int status = response.status();
    boolean noBody = status == 204 || status == 304 || request.method().equals("HEAD");
    int length = body.length;
    if (fault instanceof Fault.TruncatedBody t && body.length > 0) {
      length = Math.min(t.keepBytes(), body.length - 1);
    }
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    boolean hasDate = false;
    for (Map.Entry<String, List<String>> e : response.headers().entrySet()) {
      String k = e.getKey();
      if (k.equalsIgnoreCase("Content-Length") || k.equalsIgnoreCase("Transfer-Encoding")
          || k.equalsIgnoreCase("Connection")) {
        continue;
      }
      hasDate |= k.equalsIgnoreCase("Date");
      for (String v : e.getValue()) {
        head.append(k).append(": ").append(v).append("\r\n");
      }
    }
    if (!hasDate) {
      head.append("Date: ").append(HTTP_DATE.format(clock.instant())).append("\r\n");
    }
    if (!noBody) {
      head.append("Content-Length: ").append(length).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (noBody || length == 0) {
      out.flush();
      return true;
    }
    if (fault instanceof Fault.BrokenBody b) {
      // short of Content-Length, then the connection closes: the client sees a body cut off
      out.write(body, 0, Math.min(b.keepBytes(), body.length - 1));
      out.flush();
      return false;
    }
    if (fault instanceof Fault.SlowBody slow) {
      for (int off = 0; off < body.length; off += slow.chunkBytes()) {
        sleep(slow.pause());
        out.write(body, off, Math.min(slow.chunkBytes(), body.length - off));
        out.flush();
      }
      return true;
    }
    out.write(body, 0, length);
    out.flush();
    return true;
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 412 -> "Precondition Failed";
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Status " + status;
    };
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
