package io.infrasync.cache.parquet.internal;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet page codecs without Hadoop: ZSTD, SNAPPY and LZ4_RAW through pure-Java aircompressor,
 * GZIP through {@code java.util.zip}, and UNCOMPRESSED. Stateless; compressor and decompressor
 * objects are made per page, so one instance may serve several threads.
 */
public final class Codecs implements CompressionCodecFactory {
  public static final Codecs INSTANCE = new Codecs();

  private Codecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return codec(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return codec(codec);
  }

  @Override
  public void release() {}

  private static Codec codec(CompressionCodecName codec) {
    return switch (codec) {
      case UNCOMPRESSED -> new Identity();
      case GZIP -> new Gzip();
      case ZSTD -> new Air(codec, ZstdCompressor::new, ZstdDecompressor::new);
      case SNAPPY -> new Air(codec, SnappyCompressor::new, SnappyDecompressor::new);
      case LZ4_RAW -> new Air(codec, Lz4Compressor::new, Lz4Decompressor::new);
      default ->
          throw new IllegalArgumentException(
              "Parquet codec " + codec + " is not supported (supported: ZSTD, GZIP, SNAPPY, LZ4_RAW,"
                  + " UNCOMPRESSED)");
    };
  }

  /** Both directions of one codec. */
  private abstract static class Codec implements BytesInputCompressor, BytesInputDecompressor {
    abstract byte[] decompress(byte[] in, int offset, int length, int uncompressedSize) throws IOException;

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      byte[] in = bytes.toByteArray();
      return BytesInput.from(decompress(in, 0, in.length, uncompressedSize));
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.duplicate().get(in);
      output.put(decompress(in, 0, compressedSize, uncompressedSize));
    }

    @Override
    public void release() {}
  }

  private static final class Identity extends Codec {
    @Override
    public BytesInput compress(BytesInput bytes) {
      return bytes;
    }

    @Override
    byte[] decompress(byte[] in, int offset, int length, int uncompressedSize) {
      return java.util.Arrays.copyOfRange(in, offset, offset + length);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.UNCOMPRESSED;
    }
  }

  private static final class Gzip extends Codec {
    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(64, bytes.size() / 2));
      try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
        bytes.writeAllTo(gz);
      }
      return BytesInput.from(out);
    }

    @Override
    byte[] decompress(byte[] in, int offset, int length, int uncompressedSize) throws IOException {
      try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(in, offset, length))) {
        byte[] out = gz.readNBytes(uncompressedSize);
        if (out.length != uncompressedSize) {
          throw new IOException("GZIP page: expected " + uncompressedSize + " bytes, got " + out.length);
        }
        return out;
      }
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.GZIP;
    }
  }

  private static final class Air extends Codec {
    private final CompressionCodecName name;
    private final Supplier<Compressor> compressors;
    private final Supplier<Decompressor> decompressors;

    Air(CompressionCodecName name, Supplier<Compressor> compressors, Supplier<Decompressor> decompressors) {
      this.name = name;
      this.compressors = compressors;
      this.decompressors = decompressors;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      byte[] in = bytes.toByteArray();
      Compressor c = compressors.get();
      byte[] out = new byte[c.maxCompressedLength(in.length)];
      int n = c.compress(in, 0, in.length, out, 0, out.length);
      return BytesInput.from(out, 0, n);
    }

    @Override
    byte[] decompress(byte[] in, int offset, int length, int uncompressedSize) throws IOException {
      byte[] out = new byte[uncompressedSize];
      try {
        int n = decompressors.get().decompress(in, offset, length, out, 0, uncompressedSize);
        if (n != uncompressedSize) {
          throw new IOException(name + " page: expected " + uncompressedSize + " bytes, got " + n);
        }
      } catch (RuntimeException e) {
        throw new IOException(name + " page is corrupt: " + e.getMessage(), e);
      }
      return out;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return name;
    }
  }
}
