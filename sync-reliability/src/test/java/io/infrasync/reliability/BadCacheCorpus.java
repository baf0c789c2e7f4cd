package io.infrasync.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Damaged cache files: truncated, bit-flipped, garbage and foreign Parquet files, sidecars that do
 * not parse or have the wrong shape, and missing files, each applied to a copy of a real cache (one
 * applied incremental sync). The next incremental sync (or {@code apply} of the run, for the plan)
 * must refuse with a {@code CACHE} error naming the file, before any write; or, where the cache
 * layout documents it, go on as if the file were absent.
 */
final class BadCacheCorpus {
  private BadCacheCorpus() {}

  /** What the next run must do. */
  enum Expect {
    /** {@code SyncException} code CACHE naming the file; nothing written. */
    CACHE_ERROR,
    /** Documented as "reads as none" (a missing file, a foreign run.json): the run succeeds. */
    ACCEPTED
  }

  /** Which call reads the file. */
  enum Mode {
    SYNC,
    APPLY
  }

  /** Damages a file (given its path in the copied cache). */
  interface Damage {
    void apply(Path file) throws IOException;
  }

  /**
   * One damaged file.
   *
   * @param file the path inside the sync directory; {@code RUN} stands for the run's directory
   */
  record CacheCase(String name, String file, Damage damage, Mode mode, Expect expect) {
    @Override
    public String toString() {
      return file + ": " + name;
    }
  }

  static final String RUN = "RUN";

  static List<CacheCase> all() {
    List<CacheCase> out = new ArrayList<>();
    List<String> parquet = List.of(RUN + "/A/InfraDevice.parquet", RUN + "/B/InfraInterface.parquet",
        RUN + "/A/LocationSite.parquet", RUN + "/B/IpamIPAddress.parquet", RUN + "/plan.parquet");
    for (String f : parquet) {
      Mode mode = f.endsWith("plan.parquet") ? Mode.APPLY : Mode.SYNC;
      out.add(new CacheCase("empty", f, p -> Files.write(p, new byte[0]), mode, Expect.CACHE_ERROR));
      out.add(new CacheCase("first half", f, p -> cut(p, Files.size(p) / 2), mode, Expect.CACHE_ERROR));
      out.add(new CacheCase("last 8 bytes cut (footer length and magic)", f, p -> cut(p, Files.size(p) - 8), mode,
          Expect.CACHE_ERROR));
      out.add(new CacheCase("magic only", f, p -> Files.write(p, "PAR1PAR1".getBytes(StandardCharsets.US_ASCII)), mode,
          Expect.CACHE_ERROR));
      out.add(new CacheCase("byte flipped in the data pages", f, p -> flip(p, 40), mode, Expect.CACHE_ERROR));
      // (a flipped byte elsewhere in the footer can go unnoticed: Parquet footers carry no checksum,
      // and a flip in a free-text entry such as created_by changes nothing the reader uses)
      out.add(new CacheCase("footer length corrupted", f, p -> flip(p, -6), mode, Expect.CACHE_ERROR));
      out.add(new CacheCase("garbage text", f, p -> Files.writeString(p, "this is not parquet\n"), mode,
          Expect.CACHE_ERROR));
    }
    out.add(new CacheCase("foreign: another kind's snapshot", RUN + "/A/InfraDevice.parquet",
        p -> copyFrom(p, p.resolveSibling("LocationSite.parquet")), Mode.SYNC, Expect.CACHE_ERROR));
    out.add(new CacheCase("foreign: the other side's snapshot of another kind", RUN + "/B/InfraInterface.parquet",
        p -> copyFrom(p, p.getParent().resolveSibling("A").resolve("IpamIPAddress.parquet")), Mode.SYNC,
        Expect.CACHE_ERROR));
    out.add(new CacheCase("foreign: the plan as a snapshot", RUN + "/A/InfraDevice.parquet",
        p -> copyFrom(p, p.getParent().resolveSibling("plan.parquet")), Mode.SYNC, Expect.CACHE_ERROR));
    out.add(new CacheCase("foreign: a snapshot as the plan", RUN + "/plan.parquet",
        p -> copyFrom(p, p.resolveSibling("A").resolve("InfraDevice.parquet")), Mode.APPLY, Expect.CACHE_ERROR));

    String runJson = RUN + "/run.json";
    json(out, runJson, "garbage", "{not json");
    json(out, runJson, "empty", "");
    json(out, runJson, "a list", "[1, 2]");
    out.add(new CacheCase("unknown status", runJson, p -> replace(p, "\"applied\"", "\"bogus\""), Mode.SYNC,
        Expect.CACHE_ERROR));
    out.add(new CacheCase("started_at not a time", runJson, p -> replaceRegex(p, "\"started_at\": \"[^\"]*\"",
        "\"started_at\": \"yesterday\""), Mode.SYNC, Expect.CACHE_ERROR));
    out.add(new CacheCase("sequence is a word", runJson, p -> replaceRegex(p, "\"sequence\": \\d+",
        "\"sequence\": \"one\""), Mode.SYNC, Expect.CACHE_ERROR));
    out.add(new CacheCase("mode is a number", runJson, p -> replaceRegex(p, "\"mode\": \"[^\"]*\"", "\"mode\": 5"),
        Mode.SYNC, Expect.CACHE_ERROR));
    out.add(new CacheCase("no sequence: a foreign (infrahub-sync) run, ignored", runJson,
        p -> replaceRegex(p, "\"sequence\": \\d+,?", ""), Mode.SYNC, Expect.ACCEPTED));

    String cursors = RUN + "/cursors.json";
    json(out, cursors, "garbage", "{{{");
    json(out, cursors, "a list", "[]");
    json(out, cursors, "a side is a list", "{\"A\": [1], \"B\": {}}");
    json(out, cursors, "an unknown cursor tier", "{\"A\": {\"InfraDevice\": \"BOGUS:x\"}, \"B\": {}}");
    json(out, cursors, "a cursor without a tier", "{\"A\": {\"InfraDevice\": \"2025-01-01\"}, \"B\": {}}");
    json(out, cursors, "a cursor is a number", "{\"A\": {\"InfraDevice\": 5}, \"B\": {}}");

    String rowcounts = "last-successful-rowcounts.json";
    json(out, rowcounts, "garbage", "nope");
    json(out, rowcounts, "a list", "[1]");
    json(out, rowcounts, "a count is a word", "{\"InfraDevice\": \"many\"}");
    json(out, rowcounts, "a count is a map", "{\"InfraDevice\": {\"n\": 1}}");

    String counter = "run-counter.json";
    json(out, counter, "garbage", "][");
    json(out, counter, "a list", "[0]");
    json(out, counter, "the counter is a word", "{\"runs_since_full\": \"two\"}");

    for (String f : List.of(RUN + "/A/InfraDevice.parquet", RUN + "/B/InfraInterface.parquet", RUN + "/cursors.json",
        RUN + "/schema-sub-hash.txt", "last-successful-rowcounts.json", "run-counter.json", RUN + "/run.json")) {
      out.add(new CacheCase("missing", f, Files::delete, Mode.SYNC, Expect.ACCEPTED));
    }
    out.add(new CacheCase("missing", RUN + "/plan.parquet", Files::delete, Mode.APPLY, Expect.CACHE_ERROR));
    out.add(new CacheCase("empty hash", RUN + "/schema-sub-hash.txt", p -> Files.writeString(p, ""), Mode.SYNC,
        Expect.ACCEPTED));
    return out;
  }

  private static void json(List<CacheCase> out, String file, String name, String content) {
    out.add(new CacheCase(name, file, p -> Files.writeString(p, content), Mode.SYNC, Expect.CACHE_ERROR));
  }

  static void cut(Path p, long size) throws IOException {
    byte[] b = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(b, (int) Math.max(0, Math.min(b.length, size))));
  }

  /** Inverts one byte: at {@code at} from the start, or from the end when negative. */
  static void flip(Path p, int at) throws IOException {
    byte[] b = Files.readAllBytes(p);
    int i = at >= 0 ? Math.min(at, b.length - 1) : Math.max(0, b.length + at);
    b[i] = (byte) ~b[i];
    Files.write(p, b);
  }

  static void copyFrom(Path target, Path from) {
    try {
      Files.copy(from, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void replace(Path p, String from, String to) throws IOException {
    String s = Files.readString(p);
    if (!s.contains(from)) {
      throw new IllegalStateException(p + " has no " + from + ": " + s);
    }
    Files.writeString(p, s.replace(from, to));
  }

  static void replaceRegex(Path p, String regex, String to) throws IOException {
    String s = Files.readString(p);
    String r = s.replaceAll(regex, to);
    if (r.equals(s)) {
      throw new IllegalStateException(p + " has no " + regex + ": " + s);
    }
    Files.writeString(p, r);
  }
}
