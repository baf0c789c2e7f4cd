package io.infrasync.testkit.internal;

import org.jspecify.annotations.Nullable;

/**
 * One declared field of a {@link ModelSpec}.
 *
 * @param name the JSON field name
 * @param type what the field holds
 * @param target the related endpoint ({@code dcim/sites}) of {@code FK}/{@code M2M}/{@code TAGS},
 *     the choice set name of {@code CHOICE}, otherwise null
 * @param required whether a create (or PUT) must provide it (non-null, non-blank)
 * @param nullable whether null is accepted
 * @param defaultValue the stored value when a create does not provide it
 * @param onDelete what deleting the related object does to this object ({@code FK} only)
 */
public record FieldSpec(
    String name,
    FieldType type,
    @Nullable String target,
    boolean required,
    boolean nullable,
    @Nullable Object defaultValue,
    OnDelete onDelete) {

  /** Field types. */
  public enum FieldType {
    /** A string; blank allowed unless required. */
    STR,
    /** An integer. */
    INT,
    /** A number. */
    NUM,
    /** A boolean. */
    BOOL,
    /** Any JSON value, stored as given. */
    JSON,
    /** A JSON array, stored as given. */
    LIST,
    /** A value of a choice set, rendered {@code {value, label}}. */
    CHOICE,
    /** A reference to one object of {@link FieldSpec#target}. */
    FK,
    /** References to objects of {@link FieldSpec#target}. */
    M2M,
    /** References to tags (the dialect's tag endpoint). */
    TAGS,
    /** The custom field data object. */
    CUSTOM_FIELDS,
    /**
     * A generic reference: written as {@code <name>_type} ({@code "dcim.interface"}) and {@code
     * <name>_id}, rendered as those two plus {@code <name>} (the nested object).
     */
    GFK,
    /** Read-only, computed by a {@link ModelSpec.Computed} function. */
    COMPUTED
  }

  /** What deleting a referenced object does to the objects referencing it. */
  public enum OnDelete {
    /** The delete is refused with 409 while references exist. */
    PROTECT,
    /** The referencing objects are deleted too. */
    CASCADE,
    /** The reference is cleared. */
    SET_NULL
  }

  /** Whether values of this field are references to other objects. */
  public boolean isReference() {
    return type == FieldType.FK || type == FieldType.M2M || type == FieldType.TAGS;
  }

  /** Whether this field holds several references. */
  public boolean isMulti() {
    return type == FieldType.M2M || type == FieldType.TAGS;
  }
}
