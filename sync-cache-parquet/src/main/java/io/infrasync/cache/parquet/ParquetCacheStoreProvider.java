package io.infrasync.cache.parquet;

import io.infrasync.cache.parquet.internal.Layout;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.CacheStoreProvider;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code parquet} cache store: {@code <root>/<sync name>/}, ZSTD-compressed Parquet files and
 * JSON sidecars (see {@link ParquetCacheStore}).
 */
public final class ParquetCacheStoreProvider implements CacheStoreProvider {
  /** The provider name. */
  public static final String NAME = "parquet";

  /** The environment variable that moves the cache root (as upstream). */
  public static final String CACHE_DIR_ENV = "INFRAHUB_SYNC_CACHE_DIR";

  /** The cache root under the working directory when {@link #CACHE_DIR_ENV} is not set. */
  public static final String DEFAULT_DIR_NAME = ".infrahub-sync-cache";

  /** For {@link java.util.ServiceLoader}. */
  public ParquetCacheStoreProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Opens the store of one sync in {@code <root>/<syncName>}.
   *
   * @throws IllegalArgumentException when the sync name cannot be a directory name
   */
  @Override
  public CacheStore open(String syncName, Path root) {
    return ParquetCacheStore.open(root.resolve(Layout.requireSegment("sync name", syncName)));
  }

  /**
   * The cache root as upstream chooses it: {@code $INFRAHUB_SYNC_CACHE_DIR} when set and not blank
   * (relative to {@code cwd} if relative), otherwise {@code <cwd>/.infrahub-sync-cache}.
   *
   * @param env the environment, e.g. {@code System::getenv}
   */
  public static Path defaultRoot(Function<String, @Nullable String> env, Path cwd) {
    String dir = env.apply(CACHE_DIR_ENV);
    return dir == null || dir.isBlank() ? cwd.resolve(DEFAULT_DIR_NAME) : cwd.resolve(dir.strip());
  }
}
