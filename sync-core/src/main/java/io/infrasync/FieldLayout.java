package io.infrasync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The fields of one kind, shared by all its records: every mapped field name, which of them are the
 * identifiers (in key order), and which field is a reference to which kind ({@code many} when the
 * field holds a list of references).
 */
public final class FieldLayout {
  /** A reference field: the referenced kind and whether the field holds a list. */
  public record Reference(String kind, boolean many) {}

  private final String kind;
  private final String[] names;
  private final Map<String, Integer> index;
  private final int[] identifierIndexes;
  private final int[] attributeIndexes;
  private final @Nullable Reference[] references;

  private FieldLayout(
      String kind, List<String> names, List<String> identifiers, Map<String, Reference> references) {
    this.kind = kind;
    this.names = names.toArray(String[]::new);
    this.index = new HashMap<>();
    for (int i = 0; i < this.names.length; i++) {
      if (index.put(this.names[i], i) != null) {
        throw new IllegalArgumentException(kind + ": duplicate field " + this.names[i]);
      }
    }
    this.identifierIndexes = new int[identifiers.size()];
    for (int i = 0; i < identifiers.size(); i++) {
      Integer at = index.get(identifiers.get(i));
      if (at == null) {
        throw new IllegalArgumentException(
            kind + ": identifier " + identifiers.get(i) + " is not a field of " + names);
      }
      identifierIndexes[i] = at;
    }
    List<Integer> attrs = new ArrayList<>();
    for (int i = 0; i < this.names.length; i++) {
      if (!identifiers.contains(this.names[i])) {
        attrs.add(i);
      }
    }
    this.attributeIndexes = attrs.stream().mapToInt(Integer::intValue).toArray();
    this.references = new Reference[this.names.length];
    references.forEach(
        (field, ref) -> {
          Integer at = index.get(field);
          if (at == null) {
            throw new IllegalArgumentException(kind + ": reference field " + field + " unknown");
          }
          this.references[at] = ref;
        });
  }

  /**
   * A layout.
   *
   * @param kind the kind name
   * @param fields every field name, identifiers included, in a stable order
   * @param identifiers the identifier field names, in key order (a subset of {@code fields})
   * @param references reference fields by name
   */
  public static FieldLayout of(
      String kind, List<String> fields, List<String> identifiers, Map<String, Reference> references) {
    return new FieldLayout(
        Objects.requireNonNull(kind), List.copyOf(fields), List.copyOf(identifiers), Map.copyOf(references));
  }

  public String kind() {
    return kind;
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    return names[i];
  }

  public List<String> names() {
    return List.of(names);
  }

  /** Index of a field, or -1. */
  public int indexOf(String field) {
    Integer i = index.get(field);
    return i == null ? -1 : i;
  }

  public List<String> identifiers() {
    return Arrays.stream(identifierIndexes).mapToObj(i -> names[i]).toList();
  }

  /** The non-identifier fields, which the diff compares. */
  public List<String> attributes() {
    return Arrays.stream(attributeIndexes).mapToObj(i -> names[i]).toList();
  }

  int[] identifierIndexes() {
    return identifierIndexes;
  }

  int[] attributeIndexes() {
    return attributeIndexes;
  }

  public boolean isIdentifier(int i) {
    for (int x : identifierIndexes) {
      if (x == i) {
        return true;
      }
    }
    return false;
  }

  /** The reference a field holds, or null for a plain attribute. */
  public @Nullable Reference reference(int i) {
    return references[i];
  }

  public @Nullable Reference reference(String field) {
    int i = indexOf(field);
    return i < 0 ? null : references[i];
  }

  @Override
  public String toString() {
    return kind + Arrays.toString(names) + " ids=" + identifiers();
  }
}
