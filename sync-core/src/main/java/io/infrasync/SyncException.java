package io.infrasync;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Root of every exception InfraSync throws. Unchecked; {@link #code()} tells the category so that a
 * host can act without parsing messages. Messages never contain secrets.
 */
public class SyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Error categories. */
  public enum Code {
    /** The configuration is invalid (file, line, column and path are in the message). */
    CONFIGURATION,
    /** A source record could not be mapped (filter, transform, reference, duplicate key). */
    MAPPING,
    /** An adapter or its transport failed. */
    ADAPTER,
    /** A guardrail stopped the run before any write. */
    GUARDRAIL,
    /** A cached plan no longer matches the destination or configuration. */
    STALE_PLAN,
    /** The pipeline lock could not be taken. */
    LOCK,
    /** A cache file is torn, foreign or unreadable. */
    CACHE,
    /** Writing to the destination failed. */
    WRITE,
    /** The dependency graph of the mapping has a cycle that cannot be broken. */
    DEPENDENCY_CYCLE,
    /** The run was interrupted. */
    INTERRUPTED
  }

  private final Code code;

  public SyncException(Code code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code);
  }

  public SyncException(Code code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code);
  }

  public Code code() {
    return code;
  }
}
