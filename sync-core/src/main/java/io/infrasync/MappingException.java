package io.infrasync;

import org.jspecify.annotations.Nullable;

/** A record could not be mapped: a transform, filter, reference or duplicate-key problem. */
public final class MappingException extends SyncException {
  private static final long serialVersionUID = 1L;

  public MappingException(String message) {
    super(Code.MAPPING, message);
  }

  public MappingException(String message, @Nullable Throwable cause) {
    super(Code.MAPPING, message, cause);
  }
}
