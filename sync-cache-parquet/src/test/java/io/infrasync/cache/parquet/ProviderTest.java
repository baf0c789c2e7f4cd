package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.spi.CacheStore;
import io.infrasync.spi.CacheStoreProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderTest {
  @TempDir Path dir;

  @Test
  void isFoundByNameThroughServiceLoader() {
    assertThat(ServiceLoader.load(CacheStoreProvider.class).stream().map(ServiceLoader.Provider::get))
        .filteredOn(p -> p.name().equals("parquet"))
        .singleElement()
        .isInstanceOf(ParquetCacheStoreProvider.class);
  }

  @Test
  void opensTheStoreOfASyncUnderTheRoot() {
    CacheStore store = new ParquetCacheStoreProvider().open("from-netbox", dir);
    assertThat(store).isInstanceOf(ParquetCacheStore.class);
    assertThat(store.location()).isEqualTo(dir.resolve("from-netbox").toString());
    assertThat(store.runs()).isEmpty();
    assertThat(dir.resolve("from-netbox")).doesNotExist(); // nothing is created until written
    store.startRun("diff");
    assertThat(dir.resolve("from-netbox")).isDirectory();
  }

  @Test
  void refusesSyncNamesThatAreNotOneDirectoryName() {
    ParquetCacheStoreProvider p = new ParquetCacheStoreProvider();
    for (String bad : new String[] {"../etc", "a/b", ".hidden", "", "x:y", "trailing."}) {
      assertThatThrownBy(() -> p.open(bad, dir)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sync name");
    }
    assertThat(p.open("my sync (prod)", dir).location()).endsWith("my sync (prod)");
  }

  @Test
  void defaultRootFollowsInfrahubSyncCacheDir() {
    Path cwd = dir.resolve("work");
    assertThat(ParquetCacheStoreProvider.defaultRoot(Map.<String, String>of()::get, cwd))
        .isEqualTo(cwd.resolve(".infrahub-sync-cache"));
    assertThat(ParquetCacheStoreProvider.defaultRoot(Map.of("INFRAHUB_SYNC_CACHE_DIR", "  ")::get, cwd))
        .isEqualTo(cwd.resolve(".infrahub-sync-cache"));
    assertThat(ParquetCacheStoreProvider.defaultRoot(Map.of("INFRAHUB_SYNC_CACHE_DIR", "/var/cache/sync")::get, cwd))
        .isEqualTo(Path.of("/var/cache/sync"));
    assertThat(ParquetCacheStoreProvider.defaultRoot(Map.of("INFRAHUB_SYNC_CACHE_DIR", "cache")::get, cwd))
        .isEqualTo(cwd.resolve("cache"));
  }
}
