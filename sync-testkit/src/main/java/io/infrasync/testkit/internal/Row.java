package io.infrasync.testkit.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One stored object: its id, its field values in storage form (a reference holds the related
 * object's id, a choice its raw value), its timestamps, and — for seeded objects only — undeclared
 * fields and read-only overrides ({@code display}, {@code natural_slug}) kept as given. Guarded by
 * the engine's lock.
 */
public final class Row {
  private final Object id;
  private final ModelSpec spec;
  private final Map<String, @Nullable Object> values;
  private final Map<String, @Nullable Object> extras = new LinkedHashMap<>();
  private final Map<String, @Nullable Object> overrides = new LinkedHashMap<>();
  private Instant created;
  private Instant lastUpdated;

  Row(Object id, ModelSpec spec, Map<String, @Nullable Object> values, Instant created, Instant lastUpdated) {
    this.id = id;
    this.spec = spec;
    this.values = new LinkedHashMap<>(values);
    this.created = created;
    this.lastUpdated = lastUpdated;
  }

  /** The object id ({@code Long} or UUID string). */
  public Object id() {
    return id;
  }

  /** The object's model. */
  public ModelSpec spec() {
    return spec;
  }

  /** A stored value (storage form), or null. */
  public @Nullable Object get(String field) {
    return values.get(field);
  }

  /** Stored values by field name (storage form); live view. */
  Map<String, @Nullable Object> values() {
    return values;
  }

  Map<String, @Nullable Object> extras() {
    return extras;
  }

  Map<String, @Nullable Object> overrides() {
    return overrides;
  }

  /** When the object was created. */
  public Instant created() {
    return created;
  }

  /** When the object was last written. */
  public Instant lastUpdated() {
    return lastUpdated;
  }

  void created(Instant t) {
    this.created = t;
  }

  void lastUpdated(Instant t) {
    this.lastUpdated = t;
  }

  Row copy() {
    Row r = new Row(id, spec, values, created, lastUpdated);
    r.extras.putAll(extras);
    r.overrides.putAll(overrides);
    return r;
  }

  void restore(Row from) {
    values.clear();
    values.putAll(from.values);
    extras.clear();
    extras.putAll(from.extras);
    overrides.clear();
    overrides.putAll(from.overrides);
    created = from.created;
    lastUpdated = from.lastUpdated;
  }

  @Override
  public String toString() {
    return spec.endpoint() + "#" + id;
  }
}
