package io.infrasync.benchmarks;

import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.SyncRecord;
import io.infrasync.internal.engine.Differ;
import io.infrasync.Plan;
import io.infrasync.SyncEngine;
import io.infrasync.config.ConfigLoader;
import io.infrasync.config.SyncConfig;
import io.infrasync.spi.SyncListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Loads and diffs the shared benchmark dataset ({@code ../shared/bench}) file to file, and a
 * synthetic 1M-record (500k per side) in-memory dataset; prints load and diff times, records per
 * second and peak heap. Usage: {@code DiffBenchmark [N ...] [--million]} (default {@code 1000 4000
 * --million}).
 */
public final class DiffBenchmark {
  // The diff runs once per iteration: five were too few for the JIT to finish with it at N=1000 (16 ms
  // measured after 5 warm-ups, 10 ms after a run at N=4000).
  private static final int WARMUP = 20;
  private static final int RUNS = 7;

  private DiffBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    boolean million = args.length == 0;
    for (String a : args) {
      if (a.equals("--million")) {
        million = true;
      } else {
        sizes.add(Integer.parseInt(a));
      }
    }
    if (args.length == 0) {
      sizes.addAll(List.of(1000, 4000));
    }
    System.out.printf("JVM %s, %d cores, max heap %d MiB%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    for (int n : sizes) {
      benchDataset(n);
    }
    if (million) {
      benchMillion();
    }
  }

  /** Phase timings captured from engine events. */
  static final class Phases implements SyncListener {
    final Map<String, Duration> took = new ConcurrentHashMap<>();

    @Override
    public void phaseFinished(String phase, Duration d) {
      took.put(phase, d);
    }
  }

  static void benchDataset(int n) throws Exception {
    Path dir = Datasets.ensure(n);
    SyncConfig config = ConfigLoader.load(Datasets.repoRoot().resolve("datasets/bench-config.yml"),
        v -> v.equals("BENCH_DIR") ? dir.toString() : null);
    long records = Datasets.countLines(dir.resolve("source")) + Datasets.countLines(dir.resolve("destination"));
    List<Map<String, Duration>> results = new ArrayList<>();
    Plan plan = null;
    long peak = 0;
    for (int i = 0; i < WARMUP + RUNS; i++) {
      Phases phases = new Phases();
      resetPeaks();
      try (SyncEngine engine = SyncEngine.builder().config(config).inMemoryCache().listener(phases).build()) {
        plan = engine.diff();
      }
      if (i >= WARMUP) {
        results.add(phases.took);
        peak = Math.max(peak, peakHeap());
      }
    }
    Duration load = median(results, "load:source").plus(median(results, "load:destination"));
    Duration diff = median(results, "diff");
    System.out.printf("N=%d: %,d records (both sides), plan %d changes (%s)%n", n, records, plan.size(),
        plan.summary().values().stream().map(Object::toString).reduce((a, b) -> a + " " + b).orElse(""));
    System.out.printf("  load (both sides, sum of the two concurrent loads): %d ms  (%,.0f records/s)%n",
        load.toMillis(), records / seconds(load));
    System.out.printf("  diff: %.1f ms  (%,.0f records/s)%n", diff.toNanos() / 1e6, records / seconds(diff));
    System.out.printf("  peak heap: %d MiB%n", peak >> 20);
  }

  /**
   * The diff engine alone on 1M records (500k per side, interfaces keyed by a device reference and a
   * name, 2 % updated, 1 % created, 1 % deleted), built directly as records: what is measured is the
   * diff, not the construction of the test data.
   */
  static void benchMillion() {
    int perSide = 500_000;
    FieldLayout devices = FieldLayout.of("InfraDevice", List.of("name"), List.of("name"), Map.of());
    FieldLayout itf = FieldLayout.of("InfraInterface", List.of("device", "name", "description", "enabled", "mtu", "speed"),
        List.of("device", "name"), Map.of("device", new FieldLayout.Reference("InfraDevice", false)));
    List<SyncRecord> src = new ArrayList<>(perSide);
    List<SyncRecord> dst = new ArrayList<>(perSide);
    Key[] devs = new Key[perSide / 25 + 1];
    for (int d = 0; d < devs.length; d++) {
      devs[d] = Key.of(String.format("dev-%06d", d));
    }
    for (int i = 0; i < perSide; i++) {
      Object[] v = {devs[i / 25], "Ethernet1/" + (i % 25), i % 4 == 0 ? null : "port " + (i % 97), i % 10 != 0,
          i % 3 == 0 ? 9000L : 1500L, 10_000L};
      if (i % 100 != 0) {
        src.add(SyncRecord.of(itf, v, null));
      }
      if (i % 50 == 1) {
        v = v.clone();
        v[4] = 9216L;
      }
      if (i % 100 != 2) {
        dst.add(SyncRecord.of(itf, v, "id-" + i));
      }
    }
    List<List<String>> tiers = List.of(List.of("InfraDevice"), List.of("InfraInterface"));
    Map<String, FieldLayout> layouts = Map.of("InfraDevice", devices, "InfraInterface", itf);
    Map<String, List<SyncRecord>> srcMap = Map.of("InfraInterface", src);
    Map<String, List<SyncRecord>> dstMap = Map.of("InfraInterface", dst);
    Differ.Flags flags = Differ.Flags.of(java.util.Set.of(io.infrasync.config.DiffFlag.LOG_UNCHANGED_RECORDS));
    List<Long> nanos = new ArrayList<>();
    Plan plan = null;
    long peak = 0;
    for (int i = 0; i < WARMUP + RUNS; i++) {
      resetPeaks();
      long t0 = System.nanoTime();
      plan = Differ.diff(tiers, layouts, srcMap, dstMap, flags, Map.of());
      long t = System.nanoTime() - t0;
      if (i >= WARMUP) {
        nanos.add(t);
        peak = Math.max(peak, peakHeap());
      }
    }
    Collections.sort(nanos);
    long median = nanos.get(nanos.size() / 2);
    System.out.printf("1M records (%,d + %,d): plan %,d changes; diff %.1f ms (%,.0f records/s); peak heap %d MiB (max %d MiB)%n",
        src.size(), dst.size(), plan.size(), median / 1e6, (src.size() + dst.size()) / (median / 1e9), peak >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
  }

  static double seconds(Duration d) {
    return Math.max(1, d.toNanos()) / 1e9;
  }

  static Duration median(List<Map<String, Duration>> runs, String phase) {
    List<Duration> ds = new ArrayList<>();
    runs.forEach(r -> ds.add(r.getOrDefault(phase, Duration.ZERO)));
    Collections.sort(ds);
    return ds.get(ds.size() / 2);
  }

  static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** The shared dataset, generated once per size under target/bench. */
  static final class Datasets {
    private Datasets() {}

    static Path repoRoot() {
      Path p = Path.of("").toAbsolutePath();
      while (p != null && !Files.exists(p.resolve("datasets/bench-config.yml"))) {
        p = p.getParent();
      }
      if (p == null) {
        throw new IllegalStateException("run from the InfraSync repository (datasets/bench-config.yml not found)");
      }
      return p;
    }

    static Path shared() {
      String prop = System.getProperty("infrasync.shared.dir");
      return prop != null ? Path.of(prop) : repoRoot().resolve("../shared").normalize();
    }

    static Path ensure(int n) throws Exception {
      Path out = repoRoot().resolve("target/bench/n" + n);
      if (Files.exists(out.resolve("expected.json"))) {
        return out;
      }
      Process p = new ProcessBuilder("python3", shared().resolve("bench/gen_dataset.py").toString(), "-n",
          Integer.toString(n), "-o", out.toString()).inheritIO().start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("gen_dataset.py failed for N=" + n);
      }
      return out;
    }

    static long countLines(Path dir) throws Exception {
      long n = 0;
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          try (var lines = Files.lines(f)) {
            n += lines.count();
          }
        }
      }
      return n;
    }
  }
}
