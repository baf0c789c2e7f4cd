package io.infrasync.cache.parquet.internal;

import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.SyncException;
import io.infrasync.SyncRecord;
import io.infrasync.spi.RawRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.jspecify.annotations.Nullable;

/**
 * {@code A|B/<Kind>.parquet}: one row per record. The record's fields (identifiers first, in layout
 * order), then the engine columns {@code _extract_ts}, {@code _source_id}, {@code _tombstone} and
 * {@code _server_id}.
 */
public final class SnapshotFile {
  public static final String EXTRACT_TS = "_extract_ts";
  public static final String SOURCE_ID = "_source_id";
  public static final String TOMBSTONE = "_tombstone";
  public static final String SERVER_ID = "_server_id";
  private static final Set<String> ENGINE_COLUMNS = Set.of(EXTRACT_TS, SOURCE_ID, TOMBSTONE, SERVER_ID);

  public static final String META_FORMAT = "infrasync.format";
  public static final String META_KIND = "infrasync.kind";
  public static final String META_IDENTIFIERS = "infrasync.identifiers";
  public static final String META_REFERENCES = "infrasync.references";

  private SnapshotFile() {}

  /** The snapshot read back: its rows and their extraction time. */
  public record Snapshot(List<RawRecord> records, @Nullable Instant extractedAt) {}

  /** Writes the snapshot of a kind atomically. */
  public static void write(
      Path file,
      FieldLayout layout,
      Collection<SyncRecord> records,
      Instant extractedAt,
      CompressionCodecName codec) {
    int n = layout.size();
    List<String> order = new ArrayList<>(layout.identifiers());
    for (String name : layout.names()) {
      if (!order.contains(name)) {
        order.add(name);
      }
    }
    int[] fieldIndex = new int[n];
    for (int i = 0; i < n; i++) {
      String name = order.get(i);
      if (ENGINE_COLUMNS.contains(name)) {
        throw new IllegalArgumentException(
            layout.kind() + ": field '" + name + "' collides with an engine column of the snapshot");
      }
      fieldIndex[i] = layout.indexOf(name);
    }
    for (SyncRecord r : records) {
      if (!r.kind().equals(layout.kind())) {
        throw new IllegalArgumentException("snapshot of " + layout.kind() + " got a record of " + r.kind() + ": " + r);
      }
    }
    ColumnType[] types = columnTypes(layout, fieldIndex, records);
    List<ParquetTable.Column> columns = new ArrayList<>(n + 4);
    for (int i = 0; i < n; i++) {
      columns.add(new ParquetTable.Column(order.get(i), types[i], false));
    }
    columns.add(new ParquetTable.Column(EXTRACT_TS, ColumnType.TIMESTAMP, true));
    columns.add(new ParquetTable.Column(SOURCE_ID, ColumnType.STRING, true, true));
    columns.add(new ParquetTable.Column(TOMBSTONE, ColumnType.BOOLEAN, true));
    columns.add(new ParquetTable.Column(SERVER_ID, ColumnType.STRING, false, true));

    long micros = Math.addExact(Math.multiplyExact(extractedAt.getEpochSecond(), 1_000_000L), extractedAt.getNano() / 1000);
    Long ts = micros;
    Map<String, @Nullable Object> references = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      FieldLayout.Reference ref = layout.reference(order.get(i));
      if (ref != null) {
        references.put(order.get(i), types[i] == ColumnType.STRING ? ref.kind() : List.of(ref.kind()));
      }
    }
    Map<String, String> meta =
        Map.of(
            META_FORMAT, "snapshot/1",
            META_KIND, layout.kind(),
            META_IDENTIFIERS, Json.dumps(layout.identifiers()),
            META_REFERENCES, Json.dumps(references));
    ParquetTable.write(
        file,
        columns,
        meta,
        codec,
        records,
        (r, c) -> {
          if (c < n) {
            Object v = r.layout() == layout ? r.get(fieldIndex[c]) : r.get(order.get(c));
            return v == null || types[c] != ColumnType.JSON ? v : Json.dumps(v);
          }
          return switch (c - n) {
            case 0 -> ts;
            case 1 -> r.key().toString();
            case 2 -> false;
            default -> r.serverId();
          };
        });
  }

  /**
   * The column type of each field (in one pass over the records): a reference is a string, or a
   * list of strings when the layout says many or a record holds a list (JSON when it holds both);
   * other fields by their values (all null: string; longs and doubles: double; lists by their
   * elements; maps, nested lists and mixed values: JSON).
   */
  static ColumnType[] columnTypes(FieldLayout layout, int[] fieldIndex, Collection<SyncRecord> records) {
    int n = fieldIndex.length;
    Kinds[] values = new Kinds[n];
    Kinds[] elements = new Kinds[n];
    for (int i = 0; i < n; i++) {
      values[i] = new Kinds();
      elements[i] = new Kinds();
    }
    for (SyncRecord r : records) {
      boolean same = r.layout() == layout;
      for (int i = 0; i < n; i++) {
        Object v = same ? r.get(fieldIndex[i]) : r.get(layout.name(fieldIndex[i]));
        if (v instanceof List<?> list) {
          values[i].list = true;
          for (Object e : list) {
            elements[i].add(e);
          }
        } else {
          values[i].add(v);
        }
      }
    }
    ColumnType[] types = new ColumnType[n];
    for (int i = 0; i < n; i++) {
      FieldLayout.Reference ref = layout.reference(fieldIndex[i]);
      if (ref != null) {
        // the engine's layouts never say many: whether a reference holds a list shows in its values
        boolean list = ref.many() || values[i].list;
        types[i] = !list ? ColumnType.STRING : values[i].scalarCount() > 0 ? ColumnType.JSON : ColumnType.LIST_STRING;
      } else if (values[i].list) {
        boolean scalarsToo = values[i].scalarCount() > 0 || values[i].nested;
        ColumnType e = elements[i].list || elements[i].nested ? ColumnType.JSON : elements[i].scalar();
        types[i] = scalarsToo || e == ColumnType.JSON ? ColumnType.JSON : e.listOf();
      } else {
        types[i] = values[i].nested ? ColumnType.JSON : values[i].scalar();
      }
    }
    return types;
  }

  /** Which kinds of values a field holds. */
  private static final class Kinds {
    boolean string;
    boolean integer;
    boolean real;
    boolean bool;
    boolean list;
    boolean nested;

    void add(@Nullable Object v) {
      if (v == null) {
        return;
      }
      if (v instanceof String || v instanceof Key) {
        string = true;
      } else if (v instanceof Long || v instanceof Integer) {
        integer = true;
      } else if (v instanceof Double || v instanceof Float) {
        real = true;
      } else if (v instanceof Boolean) {
        bool = true;
      } else if (v instanceof List<?>) {
        list = true;
      } else {
        nested = true; // maps and anything outside the value domain
      }
    }

    int scalarCount() {
      return (string ? 1 : 0) + (integer || real ? 1 : 0) + (bool ? 1 : 0);
    }

    ColumnType scalar() {
      if (scalarCount() > 1) {
        return ColumnType.JSON;
      }
      if (integer || real) {
        return real ? ColumnType.DOUBLE : ColumnType.INT64;
      }
      return bool ? ColumnType.BOOLEAN : ColumnType.STRING;
    }
  }

  /**
   * Reads a snapshot back: tombstoned rows are left out; JSON columns are parsed.
   *
   * @return null when the file does not exist
   * @throws SyncException with code CACHE when the file is torn or lacks the engine columns
   */
  public static @Nullable Snapshot read(Path file) {
    return read(file, null);
  }

  /**
   * Reads the snapshot of {@code kind} back, like {@link #read(Path)}, and checks that the file holds
   * that kind: a snapshot of another kind copied or renamed over it would otherwise be taken for
   * this kind's records (and the next incremental run would plan their deletes).
   *
   * @throws SyncException with code CACHE when the file is torn, foreign or of another kind
   */
  public static @Nullable Snapshot read(Path file, @Nullable String kind) {
    ParquetTable.Contents t = ParquetTable.read(file);
    if (t == null) {
      return null;
    }
    int ts = t.require(EXTRACT_TS, ColumnType.TIMESTAMP);
    t.require(SOURCE_ID, ColumnType.STRING);
    int tomb = t.require(TOMBSTONE, ColumnType.BOOLEAN);
    int id = t.require(SERVER_ID, ColumnType.STRING);
    String stored = t.metadata().get(META_KIND);
    if (kind != null && !kind.equals(stored)) {
      throw CacheErrors.torn(file, stored == null ? "it has no " + META_KIND + " footer entry (not a snapshot)"
          : "it holds the snapshot of kind `" + stored + "`, not of `" + kind + "`", null);
    }
    List<Integer> fields = new ArrayList<>();
    for (int i = 0; i < t.columns().size(); i++) {
      if (!ENGINE_COLUMNS.contains(t.columns().get(i).name())) {
        fields.add(i);
      }
    }
    List<RawRecord> out = new ArrayList<>(t.rows().size());
    Long maxTs = null;
    for (@Nullable Object[] row : t.rows()) {
      if (row[ts] instanceof Long l && (maxTs == null || l > maxTs)) {
        maxTs = l;
      }
      if (Boolean.TRUE.equals(row[tomb])) {
        continue;
      }
      Map<String, @Nullable Object> data = new LinkedHashMap<>();
      for (int i : fields) {
        ParquetTable.Column c = t.columns().get(i);
        Object v = row[i];
        if (v != null && c.type() == ColumnType.JSON) {
          try {
            v = Json.parse((String) v);
          } catch (IllegalArgumentException e) {
            throw CacheErrors.torn(file, "column '" + c.name() + "' holds invalid JSON: " + e.getMessage(), e);
          }
        }
        data.put(c.name(), v);
      }
      out.add(new RawRecord((String) row[id], Collections.unmodifiableMap(data)));
    }
    Instant extracted =
        maxTs == null ? null : Instant.EPOCH.plusSeconds(Math.floorDiv(maxTs, 1_000_000L)).plusNanos(Math.floorMod(maxTs, 1_000_000L) * 1000);
    return new Snapshot(Collections.unmodifiableList(out), extracted);
  }
}
