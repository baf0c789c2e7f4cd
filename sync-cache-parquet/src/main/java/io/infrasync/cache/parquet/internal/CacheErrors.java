package io.infrasync.cache.parquet.internal;

import io.infrasync.SyncException;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The {@link SyncException}s of the cache, with messages that name the file. */
public final class CacheErrors {
  private CacheErrors() {}

  /** A file that is torn, foreign or otherwise not what InfraSync wrote. */
  public static SyncException torn(Path file, String what, @Nullable Throwable cause) {
    return new SyncException(
        SyncException.Code.CACHE,
        "cache file " + file + " is torn or foreign: " + what
            + ". InfraSync does not use it; delete it (or its run directory) to go on",
        cause);
  }

  /** An I/O failure while reading or writing a cache file. */
  public static SyncException io(String action, Path file, IOException e) {
    return new SyncException(
        SyncException.Code.CACHE, "cannot " + action + " cache file " + file + ": " + e, e);
  }
}
