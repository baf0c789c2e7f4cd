package io.infrasync.spi;

import java.nio.file.Path;

/** Makes cache stores. Found through {@link java.util.ServiceLoader}; chosen by {@link #name()}. */
public interface CacheStoreProvider {
  /** {@code memory}, {@code parquet}. */
  String name();

  /**
   * Opens the store of one sync.
   *
   * @param syncName the config {@code name}
   * @param root the cache root ({@code .infrahub-sync-cache} or {@code INFRAHUB_SYNC_CACHE_DIR})
   */
  CacheStore open(String syncName, Path root);
}
