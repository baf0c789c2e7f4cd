package io.infrasync.cache.parquet.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

/**
 * {@link ParquetReadOptions} without Hadoop. Every public way to build them in parquet-hadoop
 * 1.18.1 creates Hadoop's codec factory, which cannot even link without Hadoop; the package-private
 * all-arguments constructor does not. It is reached by reflection (a split-package helper in {@code
 * org.apache.parquet} would clash with parquet-hadoop on the module path). Its signature is specific
 * to parquet 1.18.x and pinned by a test.
 */
public final class HadoopFreeReadOptions {
  private static final int MAX_ALLOCATION = 8 << 20;

  private HadoopFreeReadOptions() {}

  /** Lazily resolved, so a mismatch surfaces as a clear error at first read. */
  private static final class Holder {
    static final Constructor<ParquetReadOptions> CONSTRUCTOR = find();

    private static Constructor<ParquetReadOptions> find() {
      try {
        Constructor<ParquetReadOptions> c =
            ParquetReadOptions.class.getDeclaredConstructor(
                boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
                boolean.class, boolean.class, boolean.class, boolean.class,
                FilterCompat.Filter.class,
                ParquetMetadataConverter.MetadataFilter.class,
                CompressionCodecFactory.class,
                ByteBufferAllocator.class,
                int.class,
                Map.class,
                FileDecryptionProperties.class,
                ParquetMetricsCallback.class,
                ParquetConfiguration.class);
        c.setAccessible(true);
        return c;
      } catch (NoSuchMethodException | RuntimeException e) {
        throw new IllegalStateException(
            "this parquet-hadoop version has no ParquetReadOptions(9 x boolean, Filter, MetadataFilter,"
                + " CompressionCodecFactory, ByteBufferAllocator, int, Map, FileDecryptionProperties,"
                + " ParquetMetricsCallback, ParquetConfiguration) constructor; InfraSync's cache needs"
                + " parquet-hadoop 1.18.x",
            e);
      }
    }
  }

  /** Read options that decompress with {@code codecs} and otherwise use parquet's defaults. */
  public static ParquetReadOptions create(CompressionCodecFactory codecs) {
    try {
      return Holder.CONSTRUCTOR.newInstance(
          false, // useSignedStringMinMax
          true, // useStatsFilter
          true, // useDictionaryFilter
          true, // useRecordFilter
          true, // useColumnIndexFilter
          true, // usePageChecksumVerification: detects corrupt pages
          true, // useBloomFilter
          false, // useOffHeapDecryptBuffer
          false, // useHadoopVectoredIo
          FilterCompat.NOOP,
          ParquetMetadataConverter.NO_FILTER,
          codecs,
          new HeapByteBufferAllocator(),
          MAX_ALLOCATION,
          Map.of(),
          null,
          null,
          new PlainParquetConfiguration());
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("cannot create ParquetReadOptions: " + e, e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot create ParquetReadOptions: " + e.getCause(), e.getCause());
    }
  }
}
