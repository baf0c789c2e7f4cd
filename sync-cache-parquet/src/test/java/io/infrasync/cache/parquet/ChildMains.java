package io.infrasync.cache.parquet;

import io.infrasync.Side;
import io.infrasync.SyncException;
import io.infrasync.SyncRecord;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.RunWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Entry points of the child JVMs the process tests start: {@code <what> <sync dir>}. */
public final class ChildMains {
  private ChildMains() {}

  public static void main(String[] args) throws Exception {
    ParquetCacheStore store = ParquetCacheStore.open(Path.of(args[1]));
    switch (args[0]) {
      case "hold-lock" -> {
        store.lock(Duration.ofSeconds(30));
        System.out.println("LOCKED " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
      case "probe-lock" -> {
        try (CacheStore.Lock l = store.lock(Duration.ofMillis(200))) {
          System.out.println("FREE");
        } catch (SyncException e) {
          System.out.println(e.code() == SyncException.Code.LOCK ? "HELD" : "ERROR " + e);
        }
      }
      case "write-snapshot" -> {
        RunWriter w = store.startRun("sync");
        Instant t = Instant.parse("2026-05-21T10:00:00Z");
        w.writeSnapshot(Side.SOURCE, TestData.INTERFACE, interfaces(10), t);
        System.out.println("READY " + w.runId());
        System.out.flush();
        List<SyncRecord> big = interfaces(400_000);
        w.writeSnapshot(Side.SOURCE, TestData.INTERFACE, big, t);
        System.out.println("DONE");
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static List<SyncRecord> interfaces(int n) {
    List<SyncRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(TestData.iface("dev-" + (i / 24), "Ethernet1/" + (i % 24), "port " + i, i % 2 == 0, 1500 + i % 7, "id-" + i));
    }
    return out;
  }
}
