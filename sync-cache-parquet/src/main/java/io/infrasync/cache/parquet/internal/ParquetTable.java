package io.infrasync.cache.parquet.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.jspecify.annotations.Nullable;

/**
 * A flat Parquet table (primitive and list columns) written with parquet-hadoop's low-level
 * {@link ParquetFileWriter} and read with {@link ParquetFileReader}; no Hadoop classes are touched.
 */
public final class ParquetTable {
  /** Row groups are cut when the buffered column data passes this size. */
  private static final long ROW_GROUP_BYTES = 64L << 20;

  private static final int SIZE_CHECK_EVERY = 4096;

  /**
   * One column: name, type, whether every row has a value, and whether its values are (nearly) all
   * distinct, so that dictionary encoding would only cost time before falling back to plain.
   */
  public record Column(String name, ColumnType type, boolean required, boolean unique) {
    public Column(String name, ColumnType type, boolean required) {
      this(name, type, required, false);
    }
  }

  /** Gives the value of a column for a row (null for none). */
  @FunctionalInterface
  public interface Cells<T> {
    @Nullable Object get(T row, int column);
  }

  /** A table read back: its columns, footer key/values and rows (values aligned with columns). */
  public record Contents(Path file, List<Column> columns, Map<String, String> metadata, List<@Nullable Object[]> rows) {
    /**
     * The index of a column that must be there with the given type.
     *
     * @throws io.infrasync.SyncException with code CACHE naming the file when it is missing or of
     *     another type
     */
    public int require(String name, ColumnType type) {
      int i = indexOf(name);
      if (i < 0) {
        throw CacheErrors.torn(file, "column '" + name + "' is missing (columns: " + names() + ")", null);
      }
      if (columns.get(i).type() != type) {
        throw CacheErrors.torn(
            file, "column '" + name + "' is " + columns.get(i).type() + ", expected " + type, null);
      }
      return i;
    }

    public int indexOf(String name) {
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).name().equals(name)) {
          return i;
        }
      }
      return -1;
    }

    public List<String> names() {
      return columns.stream().map(Column::name).toList();
    }
  }

  private ParquetTable() {}

  /** The Parquet schema of columns. */
  public static MessageType schema(List<Column> columns) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : columns) {
      b.addField(c.type().schema(c.name(), c.required()));
    }
    return b.named("schema");
  }

  /**
   * Writes a table atomically (see {@link AtomicFiles}).
   *
   * @throws io.infrasync.SyncException with code CACHE when the file cannot be written
   */
  public static <T> void write(
      Path target,
      List<Column> columns,
      Map<String, String> metadata,
      CompressionCodecName codec,
      Collection<T> rows,
      Cells<T> cells) {
    write(target, columns, metadata, codec, rows, cells, ROW_GROUP_BYTES);
  }

  /** As {@link #write}, cutting row groups at {@code rowGroupBytes} of buffered data. */
  static <T> void write(
      Path target,
      List<Column> columns,
      Map<String, String> metadata,
      CompressionCodecName codec,
      Collection<T> rows,
      Cells<T> cells,
      long rowGroupBytes) {
    MessageType schema = schema(columns);
    AtomicFiles.write(
        target, temp -> writeFile(temp, schema, columns, metadata, codec, rows, cells, rowGroupBytes));
  }

  private static <T> void writeFile(
      Path file,
      MessageType schema,
      List<Column> columns,
      Map<String, String> metadata,
      CompressionCodecName codec,
      Collection<T> rows,
      Cells<T> cells,
      long rowGroupBytes)
      throws IOException {
    ParquetProperties.Builder pb = ParquetProperties.builder();
    for (Column c : columns) {
      if (c.unique()) {
        pb.withDictionaryEncoding(c.name(), false);
      }
    }
    ParquetProperties props = pb.build();
    BytesInputCompressor compressor = Codecs.INSTANCE.getCompressor(codec);
    try (ParquetFileWriter writer =
        new ParquetFileWriter(new LocalOutputFile(file), schema, ParquetFileWriter.Mode.CREATE, rowGroupBytes, 0)) {
      writer.start();
      writeRows(file, writer, schema, props, compressor, columns, rows, cells, rowGroupBytes);
      writer.end(metadata);
    }
  }

  private static <T> void writeRows(
      Path file,
      ParquetFileWriter writer,
      MessageType schema,
      ParquetProperties props,
      BytesInputCompressor compressor,
      List<Column> columns,
      Collection<T> rows,
      Cells<T> cells,
      long rowGroupBytes)
      throws IOException {
    int n = columns.size();
    List<ColumnDescriptor> leaves = schema.getColumns();
    ColumnType[] types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
    int[] maxDef = new int[n];
    for (int i = 0; i < n; i++) {
      maxDef[i] = leaves.get(i).getMaxDefinitionLevel();
    }
    RowGroup group = null;
    for (T row : rows) {
      if (group == null) {
        group = new RowGroup(schema, props, compressor, leaves);
      }
      for (int i = 0; i < n; i++) {
        Object v = cells.get(row, i);
        if (v == null && columns.get(i).required()) {
          throw new IllegalArgumentException(
              "column '" + columns.get(i).name() + "' of " + file.getFileName() + " needs a value in every row");
        }
        types[i].write(group.writers[i], v, maxDef[i]);
      }
      group.columns.endRecord();
      if (++group.rows % SIZE_CHECK_EVERY == 0
          && (group.columns.isColumnFlushNeeded() || group.columns.getBufferedSize() > rowGroupBytes)) {
        group.flushTo(writer);
        group = null;
      }
    }
    if (group != null) {
      group.flushTo(writer);
    }
  }

  /** The column and page stores of one row group being written. */
  private static final class RowGroup {
    final ColumnChunkPageWriteStore pages;
    final ColumnWriteStore columns;
    final ColumnWriter[] writers;
    long rows;

    RowGroup(MessageType schema, ParquetProperties props, BytesInputCompressor compressor, List<ColumnDescriptor> leaves) {
      pages =
          ColumnChunkPageWriteStore.builder()
              .withCompressorProvider(cd -> compressor)
              .withSchema(schema)
              .withAllocator(props.getAllocator())
              .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
              .withPageWriteChecksumEnabled(true)
              .build();
      columns = props.newColumnWriteStore(schema, pages, pages);
      writers = leaves.stream().map(columns::getColumnWriter).toArray(ColumnWriter[]::new);
    }

    void flushTo(ParquetFileWriter writer) throws IOException {
      writer.startBlock(rows);
      columns.flush();
      pages.flushToFileWriter(writer);
      writer.endBlock();
      columns.close();
      pages.close();
    }
  }

  /**
   * Reads a whole table.
   *
   * @return null when the file does not exist
   * @throws io.infrasync.SyncException with code CACHE naming the file when it is not a Parquet file,
   *     is truncated, has corrupt pages or a column shape the cache does not read
   */
  public static @Nullable Contents read(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    try (ParquetFileReader reader =
        new ParquetFileReader(new LocalInputFile(file), HadoopFreeReadOptions.create(Codecs.INSTANCE))) {
      FileMetaData meta = reader.getFooter().getFileMetaData();
      MessageType schema = meta.getSchema();
      List<Column> columns = new ArrayList<>();
      for (Type f : schema.getFields()) {
        ColumnType t = ColumnType.of(f);
        if (t == null) {
          throw CacheErrors.torn(file, "column '" + f.getName() + "' has a shape InfraSync does not read: " + f, null);
        }
        columns.add(new Column(f.getName(), t, f.isRepetition(Type.Repetition.REQUIRED)));
      }
      long count = reader.getRecordCount();
      if (count > Integer.MAX_VALUE) {
        throw CacheErrors.torn(file, "too many rows (" + count + ")", null);
      }
      List<@Nullable Object[]> rows = new ArrayList<>((int) count);
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      RowMaterializer materializer = new RowMaterializer(columns);
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<@Nullable Object[]> rr = io.getRecordReader(pages, materializer);
        for (long i = 0, n = pages.getRowCount(); i < n; i++) {
          rows.add(rr.read());
        }
      }
      if (rows.size() != count) {
        throw CacheErrors.torn(file, "footer says " + count + " rows, read " + rows.size(), null);
      }
      return new Contents(
          file, List.copyOf(columns), Map.copyOf(meta.getKeyValueMetaData()), Collections.unmodifiableList(rows));
    } catch (NoSuchFileException e) {
      return null;
    } catch (io.infrasync.SyncException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw CacheErrors.torn(
          file, "not a readable Parquet file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
  }

  /** Builds each row as an {@code Object[]} aligned with the columns. */
  private static final class RowMaterializer extends RecordMaterializer<@Nullable Object[]> {
    private final Root root;

    RowMaterializer(List<Column> columns) {
      root = new Root(columns);
    }

    @Override
    public @Nullable Object[] getCurrentRecord() {
      return root.row;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }
  }

  /** Receives one value. */
  private interface Sink {
    void accept(Object value);
  }

  private static final class Root extends GroupConverter {
    private final Converter[] converters;
    @Nullable Object[] row;

    Root(List<Column> columns) {
      int n = columns.size();
      row = new Object[n];
      converters = new Converter[n];
      for (int i = 0; i < n; i++) {
        int at = i;
        ColumnType t = columns.get(i).type();
        converters[i] =
            t.isList()
                ? new ListConverter(t.element(), list -> row[at] = list)
                : new Primitive(t, v -> row[at] = v);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      row = new Object[converters.length];
    }

    @Override
    public void end() {}
  }

  /** A standard three-level LIST: the outer group, the repeated {@code list} group, the element. */
  private static final class ListConverter extends GroupConverter {
    private final Sink sink;
    private final GroupConverter repeated;
    private List<@Nullable Object> list = new ArrayList<>();
    private @Nullable Object element;

    ListConverter(ColumnType elementType, Sink sink) {
      this.sink = sink;
      Primitive elementConverter = new Primitive(elementType, v -> element = v);
      this.repeated =
          new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
              return elementConverter;
            }

            @Override
            public void start() {
              element = null;
            }

            @Override
            public void end() {
              list.add(element);
            }
          };
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return repeated;
    }

    @Override
    public void start() {
      list = new ArrayList<>();
    }

    @Override
    public void end() {
      sink.accept(Collections.unmodifiableList(list));
    }
  }

  /** One primitive value; strings are decoded once per dictionary entry. */
  private static final class Primitive extends PrimitiveConverter {
    private final ColumnType type;
    private final Sink sink;
    private @Nullable Object[] dictionary = new Object[0];

    Primitive(ColumnType type, Sink sink) {
      this.type = type;
      this.sink = sink;
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary d) {
      dictionary = new Object[d.getMaxId() + 1];
      for (int i = 0; i <= d.getMaxId(); i++) {
        dictionary[i] =
            switch (type) {
              case STRING, JSON -> d.decodeToBinary(i).toStringUsingUTF8();
              case INT64, TIMESTAMP -> d.decodeToLong(i);
              case INT32 -> (long) d.decodeToInt(i);
              case DOUBLE -> decodeDouble(d, i);
              case BOOLEAN -> d.decodeToBoolean(i);
              default -> throw new IllegalStateException("dictionary for " + type);
            };
      }
    }

    private static double decodeDouble(Dictionary d, int id) {
      try {
        return d.decodeToDouble(id);
      } catch (UnsupportedOperationException e) {
        return d.decodeToFloat(id); // a FLOAT column written by another tool
      }
    }

    @Override
    public void addValueFromDictionary(int id) {
      sink.accept(java.util.Objects.requireNonNull(dictionary[id]));
    }

    @Override
    public void addBinary(Binary value) {
      sink.accept(value.toStringUsingUTF8());
    }

    @Override
    public void addBoolean(boolean value) {
      sink.accept(value);
    }

    @Override
    public void addDouble(double value) {
      sink.accept(value);
    }

    @Override
    public void addFloat(float value) {
      sink.accept((double) value);
    }

    @Override
    public void addInt(int value) {
      sink.accept((long) value);
    }

    @Override
    public void addLong(long value) {
      sink.accept(value);
    }
  }
}
