package io.infrasync.config;

/** The {@code diffsync_flags} of infrahub-sync (diffsync's {@code DiffSyncFlags}). */
public enum DiffFlag {
  NONE,
  /** Keep going after a per-record write failure. */
  CONTINUE_ON_FAILURE,
  /** Do not create records that exist only in the source (update-only sync). */
  SKIP_UNMATCHED_SRC,
  /** Do not delete records that exist only in the destination (the default when no flag is set). */
  SKIP_UNMATCHED_DST,
  /** Both of the above. */
  SKIP_UNMATCHED_BOTH,
  /** Log records that did not change. */
  LOG_UNCHANGED_RECORDS
}
