package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.Guardrails;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.SyncReport;
import io.infrasync.cache.parquet.ParquetCacheStore;
import io.infrasync.cache.parquet.ParquetCodec;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunReader;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens and passwords given through {@code ${VAR}} never show up in anything a run produces: log
 * records at every level (captured through {@code java.util.logging}, the default backend of
 * {@code System.Logger}, at {@code ALL}), exception messages and stack traces (auth failures 401/403
 * included), {@code toString()} of reports, plans, configurations and engines, and every file of the
 * cache directory — raw bytes (the store writes uncompressed Parquet here, so the bytes are
 * searchable) and every row read back. Runs: successful syncs under faults, a diff and its apply, a
 * NetBox token refused (403), an expired Infrahub token (401), a read-only Infrahub token (403 on
 * writes) and an Infrahub URL carrying a password.
 */
@Timeout(120)
class SecretsTest {
  static final String NETBOX_TOKEN = "5ec4e7a1b2c3d4e5f60718293a4b5c6d7e8f9a0b";
  static final String NETBOX_WRONG = "0badc0de0badc0de0badc0de0badc0de0badc0de";
  static final String INFRAHUB_TOKEN = "ih-secret-token-7d1f3c9a";
  static final String INFRAHUB_READ_ONLY = "ih-readonly-secret-55aa";
  static final String INFRAHUB_EXPIRED = "ih-expired-secret-99ff";
  static final String PASSWORD = "p4ssw0rd-31337-in-url";
  static final List<String> SECRETS = List.of(NETBOX_TOKEN, NETBOX_WRONG, INFRAHUB_TOKEN, INFRAHUB_READ_ONLY,
      INFRAHUB_EXPIRED, PASSWORD);

  @RegisterExtension static final NetBoxServer netbox = NetBoxServer.builder().token(NETBOX_TOKEN).build();
  @RegisterExtension static final InfrahubServer infrahub = InfrahubServer.builder().schema(FaultScenario.schema())
      .token(INFRAHUB_TOKEN).readOnlyToken(INFRAHUB_READ_ONLY).expiredToken(INFRAHUB_EXPIRED).build();

  /** Every log record of every logger, at every level, formatted with its stack trace. */
  static final class Capture extends Handler {
    final List<String> records = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<Level, Integer> levels = new java.util.concurrent.ConcurrentHashMap<>();

    Capture() {
      setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord r) {
      levels.merge(r.getLevel(), 1, Integer::sum);
      StringBuilder sb = new StringBuilder(r.getLevel() + " " + r.getLoggerName() + ": ");
      sb.append(new java.util.logging.SimpleFormatter().formatMessage(r));
      if (r.getParameters() != null) {
        for (Object p : r.getParameters()) {
          sb.append(" | ").append(p);
        }
      }
      if (r.getThrown() != null) {
        sb.append('\n').append(trace(r.getThrown()));
      }
      records.add(sb.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  final Capture capture = new Capture();
  final Logger root = Logger.getLogger("");
  @Nullable Level rootLevel;
  final Map<String, @Nullable Level> saved = new HashMap<>();
  final List<String> produced = new ArrayList<>();

  @BeforeEach
  void captureEverything() {
    rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    for (String name : List.of("io.infrasync", "jdk.internal.httpclient", "jdk.httpclient.HttpClient")) {
      saved.put(name, Logger.getLogger(name).getLevel());
      Logger.getLogger(name).setLevel(Level.ALL);
    }
    root.addHandler(capture);
    netbox.clear();
    infrahub.clear();
  }

  @AfterEach
  void restoreLogging() {
    root.removeHandler(capture);
    root.setLevel(rootLevel);
    saved.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
  }

  static String trace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  Map<String, String> env(String netboxToken, String infrahubToken, String infrahubUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("NETBOX_URL", netbox.baseUrl().toString());
    env.put("NETBOX_TOKEN", netboxToken);
    env.put("INFRAHUB_ADDRESS", infrahubUrl);
    env.put("INFRAHUB_API_TOKEN", infrahubToken);
    return env;
  }

  /** Runs {@code sync} (or diff) on an engine built from these variables; records everything it returns or throws. */
  @Nullable SyncReport run(FaultScenario s, Path root, Map<String, String> env, boolean diffOnly) {
    Function<String, @Nullable String> lookup = env::get;
    SyncEngine.Builder b = SyncEngine.builder().config(s.parse(s.config("", ""), lookup)).environment(lookup)
        .cacheStore(ParquetCacheStore.open(root.resolve("faults"), ParquetCodec.UNCOMPRESSED, Clock.systemUTC()))
        .guardrails(Guardrails.NONE);
    try (SyncEngine engine = b.build()) {
      produced.add(engine.toString());
      produced.add(engine.config().toString());
      produced.add(engine.config().source().toString());
      produced.add(engine.config().destination().toString());
      if (diffOnly) {
        Plan plan = engine.diff();
        produced.add(plan.toString());
        plan.forEach(c -> produced.add(c.toString()));
        return null;
      }
      SyncReport report = engine.sync();
      record(report);
      return report;
    } catch (SyncException e) {
      produced.add(trace(e));
      produced.add(String.valueOf(e.getMessage()));
      if (e instanceof io.infrasync.WriteFailedException w) {
        record(w.report());
      }
      return null;
    }
  }

  void record(SyncReport report) {
    produced.add(report.toString());
    produced.add(report.errors().toString());
    produced.add(report.counts().toString());
    produced.add(report.warnings().toString());
    produced.add(report.plan().toString());
  }

  @Test
  void tokensAndPasswordsAppearInNoLogMessageArtifactOrToString(@TempDir Path root) throws IOException {
    FaultScenario s = new FaultScenario(netbox, infrahub, 42);
    s.seed(10);
    String infrahubUrl = infrahub.baseUrl().toString();
    Map<String, String> good = env(NETBOX_TOKEN, INFRAHUB_TOKEN, infrahubUrl);

    // 1. successful syncs under 10 % faults on both sides, changes in between
    FaultMix mix = new FaultMix();
    for (int i = 0; i < 2; i++) {
      mix.arm(netbox, 0.10, 100 + i, FaultMix.standard(new Random(i)));
      mix.arm(infrahub, 0.10, 200 + i, FaultMix.standard(new Random(i)));
      try {
        run(s, root, good, false);
      } finally {
        mix.disarm(netbox, infrahub);
      }
      s.change();
    }
    SyncReport ok = run(s, root, good, false);
    assertThat(ok).as("the good tokens work: the secrets really were used").isNotNull();
    assertThat(java.util.Objects.requireNonNull(ok).success()).isTrue();
    s.change();

    // 2. a diff, then apply of its stored plan
    run(s, root, good, true);
    try (SyncEngine engine = SyncEngine.builder().config(s.parse(s.config("", ""), good::get))
        .environment(good::get).cacheStore(ParquetCacheStore.open(root.resolve("faults"), ParquetCodec.UNCOMPRESSED,
            Clock.systemUTC())).guardrails(Guardrails.NONE).build();
        ParquetCacheStore store = ParquetCacheStore.open(root.resolve("faults"))) {
      List<RunInfo> runs = store.runs();
      record(engine.apply(runs.get(runs.size() - 1).runId()));
    }
    s.change();

    // 3. auth failures: NetBox 403, Infrahub 401 (expired), Infrahub 403 on writes (read-only)
    int before = produced.size();
    assertThat(run(s, root, env(NETBOX_WRONG, INFRAHUB_TOKEN, infrahubUrl), false)).isNull();
    assertThat(run(s, root, env(NETBOX_TOKEN, INFRAHUB_EXPIRED, infrahubUrl), false)).isNull();
    assertThat(run(s, root, env(NETBOX_TOKEN, INFRAHUB_READ_ONLY, infrahubUrl), false)).isNull();
    String failures = String.join("\n", produced.subList(before, produced.size()));
    assertThat(failures).as("the auth failures were reported").contains("403").contains("401");

    // 4. an Infrahub URL carrying a password
    before = produced.size();
    assertThat(run(s, root, env(NETBOX_TOKEN, INFRAHUB_TOKEN,
        infrahubUrl.replace("http://", "http://admin:" + PASSWORD + "@")), false)).isNull();
    assertThat(String.join("\n", produced.subList(before, produced.size())))
        .as("refused before any request").contains("must not carry credentials");

    // everything the runs produced
    List<String> everything = new ArrayList<>(produced);
    everything.addAll(capture.records);
    everything.addAll(cacheContents(root));
    assertThat(capture.records).as("log records were captured").isNotEmpty();
    List<String> leaks = leaks(everything, fileLeaks(root));
    long files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).count();
    }
    int runs;
    try (ParquetCacheStore store = ParquetCacheStore.open(root.resolve("faults"))) {
      runs = store.runs().size();
    }
    System.out.printf("%n[secrets] scanned %d log records (by level %s), %d messages/traces/toString texts, %d"
        + " cache files and the rows of %d runs for %d secrets: %d found%n", capture.records.size(), capture.levels,
        produced.size(), files, runs, SECRETS.size(), leaks.size());
    assertThat(leaks).as("secrets found; log levels seen: " + capture.levels).isEmpty();
  }

  @Test
  void theScanFindsASecretWhereverItIs(@TempDir Path root) throws IOException {
    Files.writeString(root.resolve("x.bin"), "abc" + INFRAHUB_TOKEN + "def");
    assertThat(fileLeaks(root)).hasSize(1);
    assertThat(leaks(List.of("token " + NETBOX_TOKEN), List.of())).hasSize(1);
  }

  /** Every row of every run read back through the store, as text. */
  static List<String> cacheContents(Path root) {
    List<String> out = new ArrayList<>();
    try (ParquetCacheStore store = ParquetCacheStore.open(root.resolve("faults"))) {
      for (RunInfo run : store.runs()) {
        out.add(run.toString());
        RunReader r = store.openRun(run.runId()).orElseThrow();
        out.add(r.info().toString());
        for (String kind : FaultScenario.KINDS) {
          r.snapshot(Side.SOURCE, kind).ifPresent(rows -> out.add(rows.toString()));
          r.snapshot(Side.DESTINATION, kind).ifPresent(rows -> out.add(rows.toString()));
        }
        r.plan().ifPresent(rows -> out.add(rows.toString()));
        out.add(r.errors().toString());
        out.add(r.cursors(Side.SOURCE).toString());
        out.add(r.cursors(Side.DESTINATION).toString());
        out.add(r.schemaSubHash().orElse(""));
      }
      out.add(store.baselineRowCounts().toString());
    }
    return out;
  }

  /** Files under {@code root} whose raw bytes hold a secret. */
  static List<String> fileLeaks(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile).forEach(f -> {
        try {
          String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          for (String secret : SECRETS) {
            if (bytes.contains(secret)) {
              out.add(f + " holds " + secret);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return out;
  }

  static List<String> leaks(List<String> texts, List<String> fileLeaks) {
    List<String> out = new ArrayList<>(fileLeaks);
    for (String t : texts) {
      for (String secret : SECRETS) {
        int at = t.indexOf(secret);
        if (at >= 0) {
          out.add(secret + " in: ..." + t.substring(Math.max(0, at - 200), Math.min(t.length(), at + 60)) + "...");
        }
      }
    }
    return out;
  }
}
