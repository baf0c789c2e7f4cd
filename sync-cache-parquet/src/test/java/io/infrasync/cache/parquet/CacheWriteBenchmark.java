package io.infrasync.cache.parquet;

import io.infrasync.Action;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncRecord;
import io.infrasync.spi.RunWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Time to write a run's artifacts for 1M records: A and B snapshots of 500k records each (the
 * benchmark dataset's shape: sites, tenants, device types, devices, 24 interfaces per device) and
 * the plan (2 % updates, 1 % creates, 1 % deletes). Record building is not timed. Prints one line
 * per round; the first round is a cold JVM. Arguments: rounds (5), codec (ZSTD), {@code parallel}
 * (A on a second thread while B and the plan are written, as after the engine's concurrent loads) or
 * {@code serial}.
 *
 * <pre>
 * ./mvnw -B -q -o -pl sync-cache-parquet test-compile exec:exec -Dexec.executable=java \
 *   -Dexec.classpathScope=test \
 *   -Dexec.args="-Xmx3g -cp %classpath io.infrasync.cache.parquet.CacheWriteBenchmark 5 ZSTD parallel"
 * </pre>
 */
public final class CacheWriteBenchmark {
  private static final FieldLayout TENANT = FieldLayout.of("OrganizationTenant", List.of("name"), List.of("name"), Map.of());
  private static final FieldLayout TYPE =
      FieldLayout.of("InfraDeviceType", List.of("name", "manufacturer"), List.of("name"), Map.of());
  private static final FieldLayout DEVICE =
      FieldLayout.of(
          "InfraDevice",
          List.of("name", "site", "type", "tenant", "serial", "status"),
          List.of("name"),
          Map.of(
              "site", new FieldLayout.Reference("LocationSite", false),
              "type", new FieldLayout.Reference("InfraDeviceType", false),
              "tenant", new FieldLayout.Reference("OrganizationTenant", false)));

  private CacheWriteBenchmark() {}

  /** One side: records per kind, in tier order. */
  private record SideData(Map<FieldLayout, List<SyncRecord>> kinds) {
    int size() {
      return kinds.values().stream().mapToInt(List::size).sum();
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ParquetCodec codec = args.length > 1 ? ParquetCodec.valueOf(args[1]) : ParquetCodec.ZSTD;
    boolean parallel = args.length <= 2 || args[2].equals("parallel");
    int devices = 20_000;
    SideData a = side(devices, false);
    SideData b = side(devices, true);
    Plan plan = plan(a, b);
    System.out.printf("records: A=%,d B=%,d plan=%,d changes; codec %s; %s; %d cores; Java %s%n",
        a.size(), b.size(), plan.size(), codec, parallel ? "A in parallel with B + plan" : "serial",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    Path root = Files.createTempDirectory("infrasync-bench");
    try {
      for (int r = 1; r <= rounds; r++) {
        ParquetCacheStore store = ParquetCacheStore.open(root.resolve("r" + r), codec, Clock.systemUTC());
        RunWriter w = store.startRun("sync");
        Instant t = Instant.now();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        if (parallel) {
          CompletableFuture<Void> fa = CompletableFuture.runAsync(() -> writeSide(w, Side.SOURCE, a, t));
          writeSide(w, Side.DESTINATION, b, t);
          w.writePlan(plan);
          fa.join();
        } else {
          writeSide(w, Side.SOURCE, a, t);
          writeSide(w, Side.DESTINATION, b, t);
          w.writePlan(plan);
        }
        long elapsed = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        System.out.printf("round %d (%s): %.2f s wall, %.2f s CPU (all threads, JIT and GC included), run size %.1f MiB%n",
            r, r == 1 ? "cold JVM" : "warm", elapsed / 1e9, cpu / 1e9, size(store.directory().resolve(w.runId())) / 1048576.0);
        deleteTree(store.directory());
      }
    } finally {
      deleteTree(root);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void writeSide(RunWriter w, Side side, SideData data, Instant t) {
    data.kinds().forEach((layout, records) -> w.writeSnapshot(side, layout, records, t));
  }

  private static SideData side(int devices, boolean destination) {
    Random rnd = new Random(destination ? 2 : 1);
    Map<FieldLayout, List<SyncRecord>> kinds = new LinkedHashMap<>();
    int sites = devices / 20;
    int tenants = devices / 100;
    int types = devices / 40;
    List<SyncRecord> s = new ArrayList<>();
    for (int i = 0; i < sites; i++) {
      s.add(TestData.site(String.format("site-%04d", i), "Site " + i, id(destination, "s", i)));
    }
    kinds.put(TestData.SITE, s);
    List<SyncRecord> tn = new ArrayList<>();
    for (int i = 0; i < tenants; i++) {
      tn.add(SyncRecord.of(TENANT, new Object[] {String.format("tenant-%03d", i)}, id(destination, "t", i)));
    }
    kinds.put(TENANT, tn);
    List<SyncRecord> ty = new ArrayList<>();
    for (int i = 0; i < types; i++) {
      ty.add(SyncRecord.of(TYPE, new Object[] {String.format("DCS-7050-%03d", i), "Arista"}, id(destination, "y", i)));
    }
    kinds.put(TYPE, ty);
    List<SyncRecord> dv = new ArrayList<>();
    List<SyncRecord> ifs = new ArrayList<>();
    int ifaceCount = 500_000 - sites - tenants - types - devices;
    for (int i = 0; i < devices; i++) {
      String name = String.format("dev-%06d", i);
      String status = destination && rnd.nextInt(50) == 0 ? "planned" : "active";
      dv.add(SyncRecord.of(DEVICE, new Object[] {
          name, Key.of(String.format("site-%04d", i % sites)), Key.of(String.format("DCS-7050-%03d", i % types)),
          Key.of(String.format("tenant-%03d", i % tenants)), "SN" + (1_000_000 + i), status}, id(destination, "d", i)));
    }
    for (int j = 0; j < ifaceCount; j++) {
      String dev = String.format("dev-%06d", j / 24 % devices);
      String desc = j % 5 == 0 ? null : (destination && rnd.nextInt(50) == 0 ? "changed " : "port ") + j;
      ifs.add(SyncRecord.of(TestData.INTERFACE,
          new Object[] {Key.of(dev), "Ethernet1/" + (j % 24 + 1) + (j / (24 * devices) > 0 ? "." + j / (24 * devices) : ""),
              desc, j % 3 != 0, 1500L + (j % 4) * 2500L, 10_000L * (1 + j % 4)},
          id(destination, "i", j)));
    }
    kinds.put(DEVICE, dv);
    kinds.put(TestData.INTERFACE, ifs);
    return new SideData(kinds);
  }

  private static String id(boolean destination, String kind, int i) {
    return destination ? String.format("%s-%08x-0000-4000-8000-%012d", kind, i, i) : Integer.toString(i + 1);
  }

  /** 2 % of the interfaces updated, 1 % created, 1 % deleted: about 20k changes. */
  private static Plan plan(SideData a, SideData b) {
    List<SyncRecord> src = java.util.Objects.requireNonNull(a.kinds().get(TestData.INTERFACE));
    List<SyncRecord> dst = java.util.Objects.requireNonNull(b.kinds().get(TestData.INTERFACE));
    List<Change> creates = new ArrayList<>();
    List<Change> updates = new ArrayList<>();
    List<Change> deletes = new ArrayList<>();
    for (int i = 0; i < src.size(); i++) {
      SyncRecord s = src.get(i);
      SyncRecord d = dst.get(i);
      if (i % 100 == 7) {
        creates.add(new Change(Action.CREATE, s.kind(), s.key(), s, null, List.of(
            new AttributeChange("description", null, s.get("description")),
            new AttributeChange("enabled", null, s.get("enabled")),
            new AttributeChange("mtu", null, s.get("mtu"))), 2));
      } else if (i % 50 == 3) {
        updates.add(new Change(Action.UPDATE, s.kind(), s.key(), s, d, List.of(
            new AttributeChange("description", "old " + i, s.get("description"))), 2));
      } else if (i % 100 == 11) {
        deletes.add(new Change(Action.DELETE, d.kind(), d.key(), null, d, List.of(), 2));
      }
    }
    List<Change> all = new ArrayList<>(creates);
    all.addAll(updates);
    all.addAll(deletes);
    return new Plan(all, List.of(List.of("LocationSite", "OrganizationTenant", "InfraDeviceType"), List.of("InfraDevice"),
        List.of("InfraInterface")));
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
