/**
 * The Parquet cache store: run artifacts (source and destination snapshots, the plan, errors and
 * JSON sidecars) under {@code <cache root>/<sync name>/}, written atomically, ordered by creation,
 * locked across processes and pruned by {@link io.infrasync.cache.parquet.ParquetCacheStore#retain}.
 * Found through {@link java.util.ServiceLoader} as the {@code parquet} {@link
 * io.infrasync.spi.CacheStoreProvider}. No Hadoop: parquet-hadoop is used only for its low-level file
 * writer and reader. See {@code docs/cache-layout.md}.
 */
@NullMarked
package io.infrasync.cache.parquet;

import org.jspecify.annotations.NullMarked;
