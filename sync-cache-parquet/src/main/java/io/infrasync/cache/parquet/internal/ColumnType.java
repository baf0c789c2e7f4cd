package io.infrasync.cache.parquet.internal;

import static org.apache.parquet.schema.LogicalTypeAnnotation.jsonType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;

import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.jspecify.annotations.Nullable;

/**
 * The column types the cache writes and reads. Lists are Parquet's standard three-level LIST
 * ({@code optional group f (LIST) { repeated group list { optional <t> element; } }}), which DuckDB
 * reads as {@code T[]} and pyarrow as {@code list<T>}.
 */
@SuppressWarnings("ImmutableEnumChecker") // LogicalTypeAnnotation instances are immutable values
public enum ColumnType {
  STRING(PrimitiveTypeName.BINARY, stringType()),
  /** A JSON document in a string ({@code JSON} logical type). */
  JSON(PrimitiveTypeName.BINARY, jsonType()),
  INT64(PrimitiveTypeName.INT64, null),
  INT32(PrimitiveTypeName.INT32, null),
  DOUBLE(PrimitiveTypeName.DOUBLE, null),
  BOOLEAN(PrimitiveTypeName.BOOLEAN, null),
  /** Microseconds since the epoch, UTC-adjusted. */
  TIMESTAMP(PrimitiveTypeName.INT64, timestampType(true, TimeUnit.MICROS)),
  LIST_STRING(STRING),
  LIST_INT64(INT64),
  LIST_DOUBLE(DOUBLE),
  LIST_BOOLEAN(BOOLEAN);

  private final @Nullable PrimitiveTypeName primitive;
  private final @Nullable LogicalTypeAnnotation logical;
  private final @Nullable ColumnType element;

  ColumnType(PrimitiveTypeName primitive, @Nullable LogicalTypeAnnotation logical) {
    this.primitive = primitive;
    this.logical = logical;
    this.element = null;
  }

  ColumnType(ColumnType element) {
    this.primitive = null;
    this.logical = null;
    this.element = element;
  }

  public boolean isList() {
    return element != null;
  }

  /** The element type of a list type. */
  public ColumnType element() {
    if (element == null) {
      throw new IllegalStateException(this + " is not a list type");
    }
    return element;
  }

  /** The list type of this element type. */
  public ColumnType listOf() {
    for (ColumnType t : values()) {
      if (t.element == this) {
        return t;
      }
    }
    throw new IllegalArgumentException("no list type of " + this);
  }

  /** The Parquet type of a column of this type. */
  public Type schema(String name, boolean required) {
    if (element != null) {
      return Types.list(required ? Repetition.REQUIRED : Repetition.OPTIONAL)
          .element(element.primitiveType("element", false))
          .named(name);
    }
    return primitiveType(name, required);
  }

  private PrimitiveType primitiveType(String name, boolean required) {
    Types.PrimitiveBuilder<PrimitiveType> b =
        Types.primitive(requirePrimitive(), required ? Repetition.REQUIRED : Repetition.OPTIONAL);
    return (logical == null ? b : b.as(logical)).named(name);
  }

  private PrimitiveTypeName requirePrimitive() {
    if (primitive == null) {
      throw new IllegalStateException(this + " is a list type");
    }
    return primitive;
  }

  /**
   * Writes one row's value (possibly null) of a column with this type to its column writer, with
   * the definition levels of the schema {@link #schema} builds.
   *
   * @param value for STRING any value (its {@code toString()}: keys in display form); for JSON the
   *     JSON text; numbers for the numeric types; a {@link List} for list types
   * @param maxDef the column's maximum definition level
   */
  public void write(ColumnWriter w, @Nullable Object value, int maxDef) {
    if (element == null) {
      if (value == null) {
        w.writeNull(0, 0);
      } else {
        writePrimitive(w, value, 0, maxDef);
      }
      return;
    }
    // optional list: null 0, empty 1, null element 2, element 3; a required list is one less
    if (value == null) {
      w.writeNull(0, 0);
      return;
    }
    List<?> list = (List<?>) value;
    if (list.isEmpty()) {
      w.writeNull(0, maxDef - 2);
      return;
    }
    int r = 0;
    for (Object e : list) {
      if (e == null) {
        w.writeNull(r, maxDef - 1);
      } else {
        element.writePrimitive(w, e, r, maxDef);
      }
      r = 1;
    }
  }

  private void writePrimitive(ColumnWriter w, Object value, int r, int d) {
    switch (this) {
      case STRING, JSON -> w.write(Binary.fromString(value.toString()), r, d);
      case INT64, TIMESTAMP -> w.write(((Number) value).longValue(), r, d);
      case INT32 -> w.write(((Number) value).intValue(), r, d);
      case DOUBLE -> w.write(((Number) value).doubleValue(), r, d);
      case BOOLEAN -> w.write(((Boolean) value).booleanValue(), r, d);
      default -> throw new IllegalStateException("unexpected column type " + this);
    }
  }

  /**
   * The column type of a Parquet field, or null when the cache does not read that shape (repeated
   * top-level fields, legacy two-level lists, nested groups, INT96 and the like).
   */
  public static @Nullable ColumnType of(Type field) {
    if (field.isRepetition(Repetition.REPEATED)) {
      return null;
    }
    if (field.isPrimitive()) {
      return ofPrimitive(field.asPrimitiveType());
    }
    GroupType g = field.asGroupType();
    if (!(g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)
        || g.getFieldCount() != 1) {
      return null;
    }
    Type repeated = g.getType(0);
    if (repeated.isPrimitive() || !repeated.isRepetition(Repetition.REPEATED)
        || repeated.asGroupType().getFieldCount() != 1) {
      return null;
    }
    Type elementType = repeated.asGroupType().getType(0);
    if (!elementType.isPrimitive() || elementType.isRepetition(Repetition.REPEATED)) {
      return null;
    }
    ColumnType e = ofPrimitive(elementType.asPrimitiveType());
    if (e == null) {
      return null;
    }
    return switch (e) {
      case STRING, JSON -> LIST_STRING;
      case INT64, INT32, TIMESTAMP -> LIST_INT64;
      case DOUBLE -> LIST_DOUBLE;
      case BOOLEAN -> LIST_BOOLEAN;
      default -> null;
    };
  }

  private static @Nullable ColumnType ofPrimitive(PrimitiveType p) {
    LogicalTypeAnnotation l = p.getLogicalTypeAnnotation();
    return switch (p.getPrimitiveTypeName()) {
      case BINARY -> {
        if (l instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          yield JSON;
        }
        yield l == null || l instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || l instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            ? STRING
            : null;
      }
      case INT64 -> {
        if (l instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
          yield ts.getUnit() == TimeUnit.MICROS && ts.isAdjustedToUTC() ? TIMESTAMP : null;
        }
        yield l == null || l instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ? INT64 : null;
      }
      case INT32 -> l == null || l instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ? INT32 : null;
      case DOUBLE, FLOAT -> DOUBLE;
      case BOOLEAN -> BOOLEAN;
      default -> null;
    };
  }
}
