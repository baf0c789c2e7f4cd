package io.infrasync;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One attribute of an update: its value on the destination and the value the source wants. */
public record AttributeChange(String name, @Nullable Object oldValue, @Nullable Object newValue) {
  public AttributeChange {
    Objects.requireNonNull(name, "name");
  }
}
