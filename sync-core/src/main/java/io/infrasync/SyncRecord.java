package io.infrasync;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One mapped record: its kind's {@link FieldLayout}, its {@link Key}, the value of every field (in
 * the value domain of {@link Values}; references resolved to {@link Key}s, lists of references
 * sorted) and the id the record has on its server ({@code local_id} upstream), when known.
 * Immutable.
 */
public final class SyncRecord {
  private final FieldLayout layout;
  private final @Nullable Object[] values;
  private final Key key;
  private final @Nullable String serverId;

  private SyncRecord(FieldLayout layout, @Nullable Object[] values, @Nullable String serverId) {
    this.layout = layout;
    this.values = values;
    this.serverId = serverId;
    int[] ids = layout.identifierIndexes();
    @Nullable Object[] parts = new Object[ids.length];
    boolean any = false;
    for (int i = 0; i < ids.length; i++) {
      parts[i] = values[ids[i]];
      any |= parts[i] != null;
    }
    if (!any) {
      throw new MappingException(
          layout.kind() + ": every identifier " + layout.identifiers() + " is empty in record "
              + describe(layout, values) + (serverId == null ? "" : " (id " + serverId + ")"));
    }
    this.key = Key.of(parts);
  }

  /**
   * A record. {@code values} are in layout order and normalised; the array is copied.
   *
   * @throws MappingException when every identifier field is empty (one empty identifier keys as
   *     {@code None}, like infrahub-sync)
   */
  public static SyncRecord of(FieldLayout layout, @Nullable Object[] values, @Nullable String serverId) {
    if (values.length != layout.size()) {
      throw new IllegalArgumentException(
          "expected " + layout.size() + " values for " + layout + ", got " + values.length);
    }
    @Nullable Object[] copy = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      copy[i] = Values.normalize(values[i]);
    }
    return new SyncRecord(layout, copy, serverId);
  }

  /** A record from a field map; fields absent from the map are null. */
  public static SyncRecord of(FieldLayout layout, Map<String, ?> fields, @Nullable String serverId) {
    @Nullable Object[] values = new Object[layout.size()];
    fields.forEach(
        (name, v) -> {
          int i = layout.indexOf(name);
          if (i < 0) {
            throw new IllegalArgumentException(layout.kind() + " has no field " + name);
          }
          values[i] = v;
        });
    return of(layout, values, serverId);
  }

  public String kind() {
    return layout.kind();
  }

  public FieldLayout layout() {
    return layout;
  }

  public Key key() {
    return key;
  }

  public @Nullable String serverId() {
    return serverId;
  }

  /** The same record with another server id. */
  public SyncRecord withServerId(@Nullable String id) {
    return Objects.equals(id, serverId) ? this : new SyncRecord(layout, values, id);
  }

  public @Nullable Object get(int index) {
    return values[index];
  }

  public @Nullable Object get(String field) {
    int i = layout.indexOf(field);
    if (i < 0) {
      throw new IllegalArgumentException(layout.kind() + " has no field " + field);
    }
    return values[i];
  }

  /** Every field, in layout order (nulls included). */
  public Map<String, @Nullable Object> fields() {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(layout.name(i), values[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  /** True when every non-identifier field equals the other record's (Python equality). */
  public boolean sameAttributes(SyncRecord other) {
    for (int i : layout.attributeIndexes()) {
      if (!Values.equal(values[i], other.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyncRecord r
        && r.layout.kind().equals(layout.kind())
        && r.key.equals(key)
        && Arrays.equals(r.values, values)
        && Objects.equals(r.serverId, serverId);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return layout.kind() + "[" + key + "]" + describe(layout, values);
  }

  private static String describe(FieldLayout layout, @Nullable Object[] values) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(layout.name(i)).append('=').append(values[i]);
    }
    return sb.append('}').toString();
  }
}
