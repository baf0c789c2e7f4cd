package io.infrasync;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A record that was skipped or failed, as written to {@code errors.parquet} (upstream's
 * {@code ERRORS_SCHEMA}).
 *
 * @param errorClass a short category: {@code mapping}, {@code reference}, {@code duplicate-key},
 *     {@code write}, {@code guardrail}
 * @param kind the kind (upstream's {@code resource})
 * @param sourceId the record's key in display form, when known
 * @param destId the destination server id, when known
 * @param attribute the field at fault, when known
 * @param message what went wrong (never a secret)
 * @param hint what to do about it
 * @param retryCount how many retries were made
 * @param terminal whether retrying later is pointless
 */
public record SyncError(
    String errorClass,
    String kind,
    @Nullable String sourceId,
    @Nullable String destId,
    @Nullable String attribute,
    String message,
    @Nullable String hint,
    int retryCount,
    boolean terminal) {
  public SyncError {
    Objects.requireNonNull(errorClass, "errorClass");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return errorClass + " " + kind + (sourceId == null ? "" : " " + sourceId)
        + (attribute == null ? "" : "." + attribute) + ": " + message;
  }
}
