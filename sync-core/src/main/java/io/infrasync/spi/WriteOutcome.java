package io.infrasync.spi;

import io.infrasync.Key;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one record of a write batch.
 *
 * @param key the record
 * @param ok whether the server applied the change
 * @param serverId for a successful create, the new record's id on the server (so later tiers can
 *     reference it); otherwise the id it had
 * @param field for a failure the server attributed to one field, that field
 * @param message for a failure, the server's message (never a token)
 * @param retries how many times the write was retried before this outcome
 */
public record WriteOutcome(
    Key key, boolean ok, @Nullable String serverId, @Nullable String field, @Nullable String message, int retries) {
  public WriteOutcome {
    Objects.requireNonNull(key, "key");
  }

  public static WriteOutcome ok(Key key, @Nullable String serverId) {
    return new WriteOutcome(key, true, serverId, null, null, 0);
  }

  public static WriteOutcome failed(Key key, @Nullable String field, String message) {
    return new WriteOutcome(key, false, null, field, message, 0);
  }
}
