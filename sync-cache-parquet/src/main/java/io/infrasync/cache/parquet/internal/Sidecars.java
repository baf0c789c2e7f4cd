package io.infrasync.cache.parquet.internal;

import io.infrasync.Side;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The JSON and text sidecars: {@code run.json}, {@code cursors.json}, {@code
 * last-successful-rowcounts.json}, {@code run-counter.json} and {@code schema-sub-hash.txt}. JSON is
 * written as upstream does ({@code indent=2, sort_keys=True}), every file atomically.
 */
public final class Sidecars {
  private Sidecars() {}

  /** A {@code run.json} written by InfraSync: the run and its creation sequence number. */
  public record StoredRun(RunInfo info, long sequence) {}

  // ---- generic ------------------------------------------------------------------------------

  /** The bytes of a file, or null when it does not exist. */
  static byte @Nullable [] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw CacheErrors.io("read", file, e);
    }
  }

  /** A JSON object file, or null when it does not exist. */
  public static @Nullable Map<String, @Nullable Object> readObject(Path file) {
    byte[] bytes = readBytes(file);
    return bytes == null ? null : Json.parseObject(file, bytes);
  }

  public static void writeJson(Path file, Object value) {
    AtomicFiles.write(file, Json.prettyBytes(value));
  }

  // ---- run.json -----------------------------------------------------------------------------

  /** Whether a parsed {@code run.json} was written by InfraSync (upstream's has no sequence). */
  public static boolean isOurs(Map<String, @Nullable Object> json) {
    return json.containsKey("sequence") && json.containsKey("started_at");
  }

  public static void writeRun(Path file, RunInfo info, long sequence) {
    Map<String, @Nullable Object> m = new TreeMap<>();
    m.put("finished_at", info.finishedAt() == null ? null : info.finishedAt().toString());
    m.put("full_extract", info.fullExtract());
    m.put("mode", info.mode());
    m.put("sequence", sequence);
    m.put("started_at", info.startedAt().toString());
    m.put("status", info.status().wireName());
    m.put("summary", info.summary());
    writeJson(file, m);
  }

  /**
   * Interprets a parsed {@code run.json} of InfraSync.
   *
   * @throws io.infrasync.SyncException with code CACHE naming the file when a field is missing or
   *     malformed
   */
  public static StoredRun parseRun(Path file, String runId, Map<String, @Nullable Object> json) {
    try {
      Object seq = json.get("sequence");
      if (!(seq instanceof Long s)) {
        throw new IllegalArgumentException("sequence is not an integer: " + seq);
      }
      Object summary = json.get("summary");
      Map<String, Object> sum = new LinkedHashMap<>();
      if (summary instanceof Map<?, ?> m) {
        m.forEach((k, v) -> {
          if (v == null) {
            throw new IllegalArgumentException("summary." + k + " is null");
          }
          sum.put(String.valueOf(k), v);
        });
      } else if (summary != null) {
        throw new IllegalArgumentException("summary is not an object");
      }
      Object finished = json.get("finished_at");
      RunInfo info =
          new RunInfo(
              runId,
              text(json, "mode"),
              RunStatus.fromWire(text(json, "status")),
              instant(text(json, "started_at")),
              finished == null ? null : instant(finished.toString()),
              Boolean.TRUE.equals(json.get("full_extract")),
              sum);
      return new StoredRun(info, s);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw CacheErrors.torn(file, String.valueOf(e.getMessage()), e);
    }
  }

  private static String text(Map<String, @Nullable Object> json, String key) {
    if (!(json.get(key) instanceof String s)) {
      throw new IllegalArgumentException(key + " is missing or not a string");
    }
    return s;
  }

  static Instant instant(String iso) {
    return OffsetDateTime.parse(iso).toInstant();
  }

  // ---- cursors.json -------------------------------------------------------------------------

  /** The cursors of one side; empty when there are none. */
  public static Map<String, Cursor> readCursors(Path file, Side side) {
    Map<String, @Nullable Object> json = readObject(file);
    if (json == null || json.get(side.cacheName()) == null) {
      return Map.of();
    }
    if (!(json.get(side.cacheName()) instanceof Map<?, ?> m)) {
      throw CacheErrors.torn(file, "\"" + side.cacheName() + "\" is not an object", null);
    }
    Map<String, Cursor> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      try {
        if (!(e.getValue() instanceof String s)) {
          throw new IllegalArgumentException("not a string: " + e.getValue());
        }
        out.put(String.valueOf(e.getKey()), Cursor.parse(s));
      } catch (IllegalArgumentException ex) {
        throw CacheErrors.torn(
            file, "cursor " + side.cacheName() + "." + e.getKey() + " is malformed (" + ex.getMessage() + ")", ex);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** Merges cursors into one side of the file: the given kinds are set, the others kept. */
  public static void mergeCursors(Path file, Side side, Map<String, Cursor> cursors) {
    Map<String, Object> json = new TreeMap<>();
    for (Side s : Side.values()) {
      Map<String, String> kinds = new TreeMap<>();
      readCursors(file, s).forEach((k, c) -> kinds.put(k, c.toString()));
      if (s == side) {
        cursors.forEach((k, c) -> kinds.put(k, c.toString()));
      }
      json.put(s.cacheName(), kinds);
    }
    writeJson(file, json);
  }

  // ---- last-successful-rowcounts.json and run-counter.json ----------------------------------

  public static Map<String, Long> readCounts(Path file) {
    Map<String, @Nullable Object> json = readObject(file);
    if (json == null) {
      return Map.of();
    }
    Map<String, Long> out = new TreeMap<>();
    json.forEach((k, v) -> {
      if (!(v instanceof Long l) || l < 0) {
        throw CacheErrors.torn(file, "the count of " + k + " is not a non-negative integer: " + v, null);
      }
      out.put(k, l);
    });
    return Collections.unmodifiableMap(out);
  }

  /** Sets the counts of the given kinds, keeping the others (as upstream merges). */
  public static void mergeCounts(Path file, Map<String, Long> counts) {
    Map<String, Long> merged = new TreeMap<>(readCounts(file));
    counts.forEach((k, v) -> {
      if (v < 0) {
        throw new IllegalArgumentException("row count of " + k + " is negative: " + v);
      }
      merged.put(k, v);
    });
    writeJson(file, merged);
  }

  public static int readCounter(Path file) {
    Map<String, @Nullable Object> json = readObject(file);
    if (json == null) {
      return 0;
    }
    if (!(json.get("runs_since_full") instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
      throw CacheErrors.torn(file, "runs_since_full is not a non-negative integer", null);
    }
    return l.intValue();
  }

  public static void writeCounter(Path file, int runs) {
    if (runs < 0) {
      throw new IllegalArgumentException("runs since full extract must be >= 0, was " + runs);
    }
    writeJson(file, Map.of("runs_since_full", runs));
  }

  // ---- schema-sub-hash.txt ------------------------------------------------------------------

  public static @Nullable String readText(Path file) {
    byte[] bytes = readBytes(file);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8).strip();
  }

  public static void writeText(Path file, String text) {
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
