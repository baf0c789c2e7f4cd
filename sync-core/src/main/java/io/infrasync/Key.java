package io.infrasync;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The identity of a record within its kind: the values of the mapping's {@code identifiers}, in
 * order. A component is a scalar ({@link String}, {@link Long}, {@link Double}, {@link Boolean}) or,
 * for a reference that is part of the identifiers, the referenced record's {@code Key}.
 *
 * <p>Equality is structural, so keys never collide the way upstream's {@code "__"}-joined strings do
 * ({@code ["a__b","c"]} and {@code ["a","b__c"]} are different keys). {@link #toString()} gives
 * upstream's display form, the components joined with {@code "__"}, used in plans and artifacts.
 */
public final class Key implements Comparable<Key> {
  /**
   * The component standing for an identifier without a value: infrahub-sync keys such a record with
   * {@code "None"} in its unique id (a device without a rack), and so does InfraSync.
   */
  public static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  private final Object[] components;
  private final int hash;
  private @Nullable String display;

  private Key(Object[] components) {
    this.components = components;
    this.hash = Arrays.hashCode(components);
  }

  /**
   * A key of the given components; numbers are normalised (see {@link Values#normalize}); a null
   * component becomes {@link #NONE}.
   */
  public static Key of(@Nullable Object... components) {
    Object[] copy = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      Object c = components[i] == null ? NONE : Values.normalize(components[i]);
      if (c == null || c instanceof List<?>) {
        throw new IllegalArgumentException("a key component cannot be a list: " + c);
      }
      copy[i] = c;
    }
    return new Key(copy);
  }

  public static Key of(List<?> components) {
    return of(components.toArray());
  }

  public int size() {
    return components.length;
  }

  public Object component(int index) {
    return components[index];
  }

  public List<Object> components() {
    return List.of(components);
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Key k && k.hash == hash && Arrays.equals(k.components, components));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Upstream's unique id: components joined with {@code "__"} (nested keys flattened). */
  @Override
  public String toString() {
    String d = display;
    if (d == null) {
      StringBuilder sb = new StringBuilder();
      appendTo(sb);
      d = sb.toString();
      display = d;
    }
    return d;
  }

  private void appendTo(StringBuilder sb) {
    for (int i = 0; i < components.length; i++) {
      if (i > 0) {
        sb.append("__");
      }
      Object c = components[i];
      if (c instanceof Key k) {
        k.appendTo(sb);
      } else if (c == NONE) {
        sb.append("None");
      } else {
        sb.append(Values.display(c));
      }
    }
  }

  /** Orders by display form first (as upstream sorts), then structurally. */
  @Override
  public int compareTo(Key o) {
    int c = toString().compareTo(o.toString());
    if (c != 0 || equals(o)) {
      return c;
    }
    return Arrays.deepToString(components).compareTo(Arrays.deepToString(o.components));
  }
}
