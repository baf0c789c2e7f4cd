package io.infrasync.internal.http;

import io.infrasync.AdapterException;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP call failed. The message names the adapter, method, URL (without credentials), status and
 * the server's message; never a token.
 */
public final class HttpFailure extends AdapterException {
  private static final long serialVersionUID = 1L;
  private final String method;
  private final String url;
  private final int status;
  private final @Nullable String body;
  private final boolean outcomeUnknown;
  private final int attempts;

  HttpFailure(String message, String method, String url, int status, @Nullable String body, boolean retryable,
      boolean outcomeUnknown, int attempts, @Nullable Throwable cause) {
    super(message, retryable, cause);
    this.method = method;
    this.url = url;
    this.status = status;
    this.body = body;
    this.outcomeUnknown = outcomeUnknown;
    this.attempts = attempts;
  }

  public String method() {
    return method;
  }

  /** The URL without credentials. */
  public String url() {
    return url;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** The response body (for 4xx/5xx), possibly truncated. */
  public @Nullable String body() {
    return body;
  }

  /** The request may or may not have been applied (a write whose response was lost). */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }

  public int attempts() {
    return attempts;
  }
}
