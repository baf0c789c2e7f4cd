package io.infrasync.internal.mapping;

import com.hubspot.jinjava.util.HasObjectTruthValue;
import org.jspecify.annotations.Nullable;

/**
 * Jinja's {@code StrictUndefined}: what a missing variable, key or list element evaluates to. Testing
 * it with {@code is defined} or replacing it with {@code | default(...)} works; printing it, testing
 * its truth, comparing it or reading from it raises {@link UndefinedError}.
 */
final class Undefined implements HasObjectTruthValue {
  /** Raised when an undefined value is used. */
  static final class UndefinedError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UndefinedError(String message) {
      super(message);
    }
  }

  private final String message;

  Undefined(String message) {
    this.message = message;
  }

  UndefinedError error() {
    return new UndefinedError(message);
  }

  /** The value itself, or {@link UndefinedError} when it is undefined. */
  static @Nullable Object check(@Nullable Object v) {
    if (v instanceof Undefined u) {
      throw u.error();
    }
    return v;
  }

  @Override
  public boolean getObjectTruthValue() {
    throw error();
  }

  @Override
  @SuppressWarnings("EqualsHashCode")
  public boolean equals(@Nullable Object o) {
    throw error();
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    throw error();
  }
}
