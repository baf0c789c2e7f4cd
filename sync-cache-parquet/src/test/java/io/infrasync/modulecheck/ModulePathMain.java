package io.infrasync.modulecheck;

import io.infrasync.FieldLayout;
import io.infrasync.Side;
import io.infrasync.SyncRecord;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.CacheStoreProvider;
import io.infrasync.spi.RunWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Run on the class path while sync-core and the cache jar are on the module path (in its own
 * package: the cache module's packages hide same-named class-path packages): finds the provider
 * through ServiceLoader, writes and reads back a snapshot.
 */
public final class ModulePathMain {
  private ModulePathMain() {}

  public static void main(String[] args) {
    CacheStoreProvider provider =
        ServiceLoader.load(CacheStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("parquet"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no parquet provider"));
    Module m = provider.getClass().getModule();
    CacheStore store = provider.open("sync", Path.of(args[0]));
    RunWriter w = store.startRun("diff");
    FieldLayout layout = FieldLayout.of("LocationSite", List.of("name", "tags"), List.of("name"), Map.of());
    w.writeSnapshot(
        Side.SOURCE, layout, List.of(SyncRecord.of(layout, Map.of("name", "s1", "tags", List.of("a")), "7")), Instant.now());
    var rows = store.openRun(w.runId()).orElseThrow().snapshot(Side.SOURCE, "LocationSite").orElseThrow();
    System.out.println(
        "OK " + m.getName() + " automatic=" + m.getDescriptor().isAutomatic() + " core="
            + CacheStore.class.getModule().getName() + " " + rows.get(0).data() + " id=" + rows.get(0).id());
  }
}
