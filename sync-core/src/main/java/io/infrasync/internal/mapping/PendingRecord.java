package io.infrasync.internal.mapping;

import io.infrasync.FieldLayout;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A mapped record whose references are not resolved yet: field values in layout order (normalised
 * values; reference fields hold tokens), the record's server id and the resource it was read from.
 * {@link RecordAssembler} keys and resolves these into {@link io.infrasync.SyncRecord}s. Immutable.
 */
public final class PendingRecord {
  private static final int SUMMARY_LIMIT = 200;

  private final FieldLayout layout;
  private final @Nullable String serverId;
  private final @Nullable String resource;
  private final @Nullable Object[] values;

  PendingRecord(FieldLayout layout, @Nullable String serverId, @Nullable String resource, @Nullable Object[] values) {
    this.layout = Objects.requireNonNull(layout, "layout");
    this.serverId = serverId;
    this.resource = resource;
    this.values = values;
  }

  public FieldLayout layout() {
    return layout;
  }

  public String kind() {
    return layout.kind();
  }

  /** The record's id on its server ({@code local_id} upstream), or null. */
  public @Nullable String serverId() {
    return serverId;
  }

  /** The resource (mapping path) the record was read from, or null. */
  public @Nullable String resource() {
    return resource;
  }

  /**
   * A field's value: normalised, or for a reference field an unresolved token (its
   * {@code toString()} shows {@code {id: 7}} or {@code `display`}), a list of them, or null.
   */
  public @Nullable Object get(String field) {
    int i = layout.indexOf(field);
    if (i < 0) {
      throw new IllegalArgumentException(layout.kind() + " has no field " + field);
    }
    return values[i];
  }

  @Nullable Object value(int i) {
    return values[i];
  }

  @Nullable Object[] copyValues() {
    return values.clone();
  }

  /** The fields, shortened for messages. */
  String summary() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < values.length && sb.length() < SUMMARY_LIMIT; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(layout.name(i)).append('=').append(values[i] instanceof String s ? Py.repr(s) : String.valueOf(values[i]));
    }
    if (sb.length() >= SUMMARY_LIMIT) {
      sb.setLength(SUMMARY_LIMIT);
      sb.append("…");
    }
    return sb.append('}').toString();
  }

  @Override
  public String toString() {
    return layout.kind() + summary() + (serverId == null ? "" : " (id " + serverId + ")")
        + (resource == null ? "" : " from " + resource);
  }
}
