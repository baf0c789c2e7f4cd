package io.infrasync;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of a {@link Plan}.
 *
 * @param action create, update or delete
 * @param kind the destination kind
 * @param key the record's identity
 * @param source the source record (null for a delete)
 * @param destination the destination record (null for a create)
 * @param attributes for an update, the attributes that differ; for a create, every non-identifier
 *     attribute with a value; for a delete, empty
 * @param tier the tier the kind belongs to (deletes run in reverse tier order)
 */
public record Change(
    Action action,
    String kind,
    Key key,
    @Nullable SyncRecord source,
    @Nullable SyncRecord destination,
    List<AttributeChange> attributes,
    int tier) {
  public Change {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    attributes = List.copyOf(attributes);
    if (action != Action.DELETE && source == null) {
      throw new IllegalArgumentException(action + " needs a source record");
    }
    if (action != Action.CREATE && destination == null) {
      throw new IllegalArgumentException(action + " needs a destination record");
    }
  }

  /** The destination server id of the record, when it exists there. */
  public @Nullable String destinationId() {
    return destination == null ? null : destination.serverId();
  }

  /** The record as it should be after the change (null for a delete). */
  public @Nullable SyncRecord target() {
    return source;
  }

  @Override
  public String toString() {
    return action.wireName() + " " + kind + " " + key
        + (attributes.isEmpty() ? "" : " " + attributes);
  }
}
