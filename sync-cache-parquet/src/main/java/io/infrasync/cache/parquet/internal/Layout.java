package io.infrasync.cache.parquet.internal;

import io.infrasync.Side;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** File names of the cache layout (see {@code docs/cache-layout.md}). */
public final class Layout {
  public static final String LOCK = ".lock";
  public static final String ROWCOUNTS = "last-successful-rowcounts.json";
  public static final String RUN_COUNTER = "run-counter.json";
  public static final String RUN_JSON = "run.json";
  public static final String PLAN = "plan.parquet";
  public static final String ERRORS = "errors.parquet";
  public static final String CURSORS = "cursors.json";
  public static final String SCHEMA_SUB_HASH = "schema-sub-hash.txt";
  public static final String PARQUET_SUFFIX = ".parquet";

  /**
   * Names that are one portable path segment: not empty, no separators or characters Windows
   * refuses, no control characters, no leading dot (hidden and temp files are ours) and no trailing
   * dot or space.
   */
  private static final Pattern SEGMENT = Pattern.compile("[^./\\\\:*?\"<>|\\p{Cntrl}][^/\\\\:*?\"<>|\\p{Cntrl}]*(?<![. ])");

  private Layout() {}

  /** {@code <run>/A|B/<Kind>.parquet}. */
  public static Path snapshot(Path runDir, Side side, String kind) {
    return runDir.resolve(side.cacheName()).resolve(requireSegment("kind", kind) + PARQUET_SUFFIX);
  }

  /**
   * Checks that a name is safe as one path segment.
   *
   * @throws IllegalArgumentException naming what the name is when it is not
   */
  public static String requireSegment(String what, String name) {
    if (!SEGMENT.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " '" + name + "' cannot be used as a cache file name (no / \\ : * ? \" < > |"
              + " or control characters, no leading dot, no trailing dot or space)");
    }
    return name;
  }

  public static boolean isSegment(String name) {
    return SEGMENT.matcher(name).matches();
  }
}
