package io.infrasync.cache.parquet;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The page compression of the Parquet files the cache writes. All are pure Java; files compressed
 * with SNAPPY or LZ4_RAW (pyarrow, DuckDB) are read as well.
 */
public enum ParquetCodec {
  /** zstd through aircompressor: the smallest files (default). */
  ZSTD(CompressionCodecName.ZSTD),
  /** {@code java.util.zip}: no extra code at all. */
  GZIP(CompressionCodecName.GZIP),
  UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED);

  private final CompressionCodecName parquet;

  ParquetCodec(CompressionCodecName parquet) {
    this.parquet = parquet;
  }

  CompressionCodecName parquet() {
    return parquet;
  }
}
