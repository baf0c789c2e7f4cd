package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.infrasync.Guardrails;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.SyncReport;
import io.infrasync.cache.parquet.ParquetCacheStore;
import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every damaged cache of {@link BadCacheCorpus}: the next incremental sync (or {@code apply} of the
 * run) refuses with a {@code CACHE} error that names the damaged file, and writes nothing; or, for
 * the documented "reads as none" cases, succeeds.
 */
class BadCacheTest {
  static NetBoxServer netbox;
  static InfrahubServer infrahub;
  static Path work;
  static Path config;
  static Path template;
  static String runId;

  @BeforeAll
  static void start() throws Exception {
    netbox = NetBoxServer.builder().threads(8).build().start();
    infrahub = InfrahubServer.builder().schema(InfrahubSchema.bench()).threads(8).build().start();
    CrashFixture.seed(netbox, 3, 5);
    work = Files.createTempDirectory("bad-cache");
    config = CrashFixture.writeConfig(work, 10);
    template = work.resolve("template");
    try (SyncEngine engine = engine(template)) {
      assertThat(engine.sync().success()).isTrue();
    }
    runId = ParquetCacheStore.open(template.resolve(CrashFixture.SYNC_NAME)).runs().get(0).runId();
    CrashFixture.drift(netbox, 11); // the next run has something to write
  }

  @AfterAll
  static void stop() {
    netbox.close();
    infrahub.close();
  }

  static SyncEngine engine(Path cacheRoot) {
    Map<String, String> env = CrashFixture.env(netbox, infrahub, InfrahubServer.DEFAULT_TOKEN);
    Function<String, @Nullable String> e = env::get;
    return SyncEngine.builder().config(config).environment(e).cacheDirectory(cacheRoot).incremental(true)
        .guardrails(Guardrails.NONE).build();
  }

  static Stream<BadCacheCorpus.CacheCase> caches() {
    return BadCacheCorpus.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caches")
  void aDamagedCacheFileIsRefusedNamingTheFileBeforeAnyWrite(BadCacheCorpus.CacheCase c, @TempDir Path dir)
      throws Exception {
    Path root = dir.resolve("cache");
    copy(template, root);
    Path file = root.resolve(CrashFixture.SYNC_NAME).resolve(c.file().replace(BadCacheCorpus.RUN, runId));
    assertThat(file).exists();
    c.damage().apply(file);
    infrahub.graphqlLog().clear();
    Throwable t;
    SyncReport report = null;
    try (SyncEngine engine = engine(root)) {
      if (c.mode() == BadCacheCorpus.Mode.APPLY) {
        t = catchThrowable(() -> engine.apply(runId));
      } else {
        SyncReport[] r = new SyncReport[1];
        t = catchThrowable(() -> r[0] = engine.sync());
        report = r[0];
      }
    }
    if (c.expect() == BadCacheCorpus.Expect.ACCEPTED) {
      assertThat(t).as("%s is documented to read as absent", c).isNull();
      assertThat(report).isNotNull();
      assertThat(report.success()).isTrue();
      assertThat(CrashFixture.duplicates(infrahub)).isEmpty();
      return;
    }
    assertThat(t).as("%s must be refused", c).isInstanceOf(SyncException.class);
    SyncException e = (SyncException) t;
    assertThat(e.code()).as(e.getMessage()).isEqualTo(SyncException.Code.CACHE);
    if (c.name().equals("missing")) {
      // a missing plan: the message names the run and the cache directory
      assertThat(e.getMessage()).contains(runId, root.resolve(CrashFixture.SYNC_NAME).toAbsolutePath().toString());
    } else {
      assertThat(e.getMessage()).contains(file.toAbsolutePath().toString());
    }
    BadConfigTest.assertNoInternalLeak(e);
    assertThat(infrahub.graphqlLog().mutationRequests()).as("writes after %s", c).isZero();
  }

  @Test
  void theUndamagedCacheCopyRunsIncrementally(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("cache");
    copy(template, root);
    try (SyncEngine engine = engine(root)) {
      SyncReport report = engine.sync();
      assertThat(report.success()).isTrue();
      assertThat(report.warnings()).noneMatch(w -> w.contains("full extract of source"));
    }
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
