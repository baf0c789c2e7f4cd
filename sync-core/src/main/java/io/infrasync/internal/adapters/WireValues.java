package io.infrasync.internal.adapters;

import io.infrasync.Key;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Converts record values to plain JSON values for adapters that store references by key. */
public final class WireValues {
  private WireValues() {}

  /** A {@link Key} becomes its {@code "__"}-joined display form, lists element-wise. */
  public static @Nullable Object plain(@Nullable Object v) {
    if (v instanceof Key k) {
      return k.toString();
    }
    if (v instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      list.forEach(o -> out.add(plain(o)));
      return out;
    }
    return v;
  }
}
