package io.infrasync.internal.cache;

import io.infrasync.spi.CacheStore;
import io.infrasync.spi.CacheStoreProvider;
import java.nio.file.Path;
import java.time.Clock;

/** {@code memory}: runs kept in memory for the life of the store. */
public final class MemoryCacheStoreProvider implements CacheStoreProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public CacheStore open(String syncName, Path root) {
    return new MemoryCacheStore(Clock.systemUTC());
  }
}
