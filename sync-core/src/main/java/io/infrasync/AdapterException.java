package io.infrasync;

import org.jspecify.annotations.Nullable;

/**
 * An adapter or its transport failed. The message names the adapter and, for HTTP, the method, URL
 * (without credentials), status and the server's message. {@link #retryable()} tells whether the
 * same call may succeed later (429, 502, 503, 504, connection resets).
 */
public class AdapterException extends SyncException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public AdapterException(String message, boolean retryable, @Nullable Throwable cause) {
    super(Code.ADAPTER, message, cause);
    this.retryable = retryable;
  }

  public AdapterException(String message) {
    this(message, false, null);
  }

  public boolean retryable() {
    return retryable;
  }
}
