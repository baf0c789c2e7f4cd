package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.SyncException;
import io.infrasync.spi.CacheStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineLockTest {
  private static final Duration CHILD_START = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void secondHolderInTheSameJvmTimesOutAndTheFirstLockSurvivesTheAttempt() throws Exception {
    Path sync = dir.resolve("sync");
    ParquetCacheStore first = ParquetCacheStore.open(sync);
    ParquetCacheStore second = ParquetCacheStore.open(sync);
    try (CacheStore.Lock held = first.lock(Duration.ofSeconds(1))) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> second.lock(Duration.ofMillis(150)))
          .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.LOCK))
          .hasMessageContaining(sync.resolve(".lock").toString())
          .hasMessageContaining("this process (pid " + ProcessHandle.current().pid() + ")");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
      // A second channel closed in this JVM would drop a POSIX lock; another process must still see it held.
      try (ChildJvm probe = ChildJvm.start(dir, ChildMains.class, "probe-lock", sync.toString())) {
        assertThat(probe.awaitLine(CHILD_START)).isEqualTo("HELD");
      }
    }
    try (CacheStore.Lock again = second.lock(Duration.ofSeconds(1))) {
      assertThat(Files.readString(sync.resolve(".lock"))).startsWith("pid " + ProcessHandle.current().pid() + " on ");
    }
  }

  @Test
  void anotherProcessHoldingTheLockMakesUsTimeOutNamingItAndAKillFreesIt() throws Exception {
    Path sync = dir.resolve("sync");
    ParquetCacheStore store = ParquetCacheStore.open(sync);
    try (ChildJvm child = ChildJvm.start(dir, ChildMains.class, "hold-lock", sync.toString())) {
      assertThat(child.awaitLine(CHILD_START)).isEqualTo("LOCKED " + child.pid());
      assertThatThrownBy(() -> store.lock(Duration.ofMillis(300)))
          .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.LOCK))
          .hasMessageContaining(sync.resolve(".lock").toString())
          .hasMessageContaining("held by pid " + child.pid() + " on ")
          .hasMessageContaining("waited PT0.3S");
      child.kill(); // SIGKILL: no chance to release anything
      try (CacheStore.Lock l = store.lock(Duration.ofSeconds(5))) {
        assertThat(Files.readString(sync.resolve(".lock"))).startsWith("pid " + ProcessHandle.current().pid());
      }
    }
  }

  @Test
  void lockIsReleasedOnCloseAndOnStoreClose() {
    Path sync = dir.resolve("sync");
    ParquetCacheStore a = ParquetCacheStore.open(sync);
    ParquetCacheStore b = ParquetCacheStore.open(sync);
    a.lock(Duration.ofSeconds(1)).close();
    b.lock(Duration.ofSeconds(1));
    b.close();
    a.lock(Duration.ofSeconds(1)).close();
  }
}
