package io.infrasync.spi;

import java.util.Objects;

/** A secret setting value (a token, a password). Prints as {@code [hidden]}; read it with {@link #reveal()}. */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return new Secret(Objects.requireNonNull(value));
  }

  /** The secret itself: pass it to the wire, never to a log or a message. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return "[hidden]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
