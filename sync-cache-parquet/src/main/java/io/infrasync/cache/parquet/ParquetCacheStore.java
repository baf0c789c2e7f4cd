package io.infrasync.cache.parquet;

import io.infrasync.FieldLayout;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncError;
import io.infrasync.SyncException;
import io.infrasync.SyncRecord;
import io.infrasync.cache.parquet.internal.AtomicFiles;
import io.infrasync.cache.parquet.internal.CacheErrors;
import io.infrasync.cache.parquet.internal.ErrorsFile;
import io.infrasync.cache.parquet.internal.Layout;
import io.infrasync.cache.parquet.internal.PipelineLock;
import io.infrasync.cache.parquet.internal.PlanFile;
import io.infrasync.cache.parquet.internal.Sidecars;
import io.infrasync.cache.parquet.internal.SnapshotFile;
import io.infrasync.spi.CacheStore;
import io.infrasync.spi.Cursor;
import io.infrasync.spi.PlanRow;
import io.infrasync.spi.RunInfo;
import io.infrasync.spi.RunReader;
import io.infrasync.spi.RunStatus;
import io.infrasync.spi.RunWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The artifacts of the runs of one sync, in {@code <cache root>/<sync name>/} (layout and formats:
 * {@code docs/cache-layout.md}).
 *
 * <ul>
 *   <li>Every file is replaced atomically (temp file, fsync, rename, directory fsync).
 *   <li>Runs are ordered by a creation sequence number recorded in {@code run.json}, never by
 *       directory name.
 *   <li>{@link #lock} is an OS file lock on {@code .lock}, released by the OS when the holder dies.
 *   <li>A torn or foreign file raises {@link SyncException} with code {@code CACHE} naming it.
 *   <li>{@link #retain} prunes old runs.
 * </ul>
 *
 * <p>Thread-safe. Writers of a run should hold the lock; {@link #retain} takes it when this store
 * does not hold it.
 */
public final class ParquetCacheStore implements CacheStore {
  private static final System.Logger LOG = System.getLogger(ParquetCacheStore.class.getName());
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);
  private static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{4}-[0-9a-f]{8}");
  private static final String DELETING_PREFIX = ".deleting-";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How long {@link #retain} waits for the lock when this store does not hold it (upstream's 60 s). */
  public static final Duration RETENTION_LOCK_TIMEOUT = Duration.ofSeconds(60);

  private static final Comparator<Listed> CREATION_ORDER =
      Comparator.comparingLong((Listed l) -> l.sequence)
          .thenComparing(l -> l.info.startedAt())
          .thenComparing(l -> l.info.runId());

  private final Path directory;
  private final ParquetCodec codec;
  private final Clock clock;
  private final Set<String> inUse = ConcurrentHashMap.newKeySet();
  private final Set<String> warnedForeign = ConcurrentHashMap.newKeySet();
  private @Nullable PipelineLock held;

  private ParquetCacheStore(Path directory, ParquetCodec codec, Clock clock) {
    this.directory = directory.toAbsolutePath().normalize();
    this.codec = Objects.requireNonNull(codec, "codec");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The store of one sync in {@code directory} ({@code <root>/<sync name>}), ZSTD, system clock. */
  public static ParquetCacheStore open(Path directory) {
    return open(directory, ParquetCodec.ZSTD, Clock.systemUTC());
  }

  /**
   * The store of one sync in {@code directory}. Nothing is created until something is written.
   *
   * @param codec the compression of the Parquet files written
   * @param clock gives run start times and ids, and the age of runs for {@link #retain}
   */
  public static ParquetCacheStore open(Path directory, ParquetCodec codec, Clock clock) {
    return new ParquetCacheStore(directory, codec, clock);
  }

  /** The sync's directory. */
  public Path directory() {
    return directory;
  }

  public ParquetCodec codec() {
    return codec;
  }

  @Override
  public String location() {
    return directory.toString();
  }

  /**
   * Takes the pipeline lock, then removes the temp files and half-deleted runs that a crash left.
   */
  @Override
  public Lock lock(Duration timeout) {
    PipelineLock l = PipelineLock.acquire(directory.resolve(Layout.LOCK), timeout, clock);
    try {
      sweep();
      markInterrupted();
    } catch (RuntimeException e) {
      l.close();
      throw e;
    }
    synchronized (this) {
      held = l;
    }
    return l;
  }

  private synchronized boolean holdsLock() {
    PipelineLock l = held;
    return l != null && l.isHeld();
  }

  @Override
  public synchronized RunWriter startRun(String mode) {
    Objects.requireNonNull(mode, "mode");
    long sequence = listRuns().stream().mapToLong(l -> l.sequence).max().orElse(0) + 1;
    Instant now = clock.instant();
    byte[] nonce = new byte[4];
    for (int attempt = 0; ; attempt++) {
      RANDOM.nextBytes(nonce);
      String id = RUN_ID_TIME.format(now) + "-" + HexFormat.of().formatHex(nonce);
      Path dir = directory.resolve(id);
      try {
        Files.createDirectories(directory);
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        if (attempt < 16) {
          continue;
        }
        throw CacheErrors.io("create run directory", dir, e);
      } catch (IOException e) {
        throw CacheErrors.io("create run directory", dir, e);
      }
      inUse.add(id);
      RunInfo info = new RunInfo(id, mode, RunStatus.RUNNING, now, null, false, Map.of());
      Sidecars.writeRun(dir.resolve(Layout.RUN_JSON), info, sequence);
      LOG.log(Level.DEBUG, "started run {0} (#{1}) in {2}", id, sequence, dir);
      return new Writer(dir, id, sequence);
    }
  }

  /** Every run written by InfraSync, oldest first (by creation sequence). */
  @Override
  public List<RunInfo> runs() {
    return listRuns().stream().map(l -> l.info).toList();
  }

  @Override
  public Optional<RunReader> openRun(String runId) {
    return openParquetRun(runId).map(r -> r);
  }

  /**
   * A run with its Parquet-specific readers ({@link ParquetRunReader#errors()}).
   *
   * @throws SyncException with code CACHE when its {@code run.json} is torn or not InfraSync's
   */
  public Optional<ParquetRunReader> openParquetRun(String runId) {
    Layout.requireSegment("run id", runId);
    Path dir = directory.resolve(runId);
    Path file = dir.resolve(Layout.RUN_JSON);
    Map<String, @Nullable Object> json = Sidecars.readObject(file);
    if (json == null) {
      return Optional.empty();
    }
    if (!Sidecars.isOurs(json)) {
      throw CacheErrors.torn(file, "it was not written by InfraSync (no sequence / started_at)", null);
    }
    Sidecars.StoredRun s = Sidecars.parseRun(file, runId, json);
    return Optional.of(new ParquetRunReader(dir, s.info(), s.sequence()));
  }

  @Override
  public Map<String, Long> baselineRowCounts() {
    return Sidecars.readCounts(directory.resolve(Layout.ROWCOUNTS));
  }

  /** Sets the counts of the given kinds and keeps the other kinds' counts, as upstream merges. */
  @Override
  public synchronized void saveBaselineRowCounts(Map<String, Long> counts) {
    Sidecars.mergeCounts(directory.resolve(Layout.ROWCOUNTS), counts);
  }

  @Override
  public int runsSinceFullExtract() {
    return Sidecars.readCounter(directory.resolve(Layout.RUN_COUNTER));
  }

  @Override
  public synchronized void saveRunsSinceFullExtract(int runs) {
    Sidecars.writeCounter(directory.resolve(Layout.RUN_COUNTER), runs);
  }

  /**
   * Deletes old runs. A run is kept when any of these holds:
   *
   * <ul>
   *   <li>it is one of the {@code keepLast} newest runs (by creation order);
   *   <li>it started less than {@code maxAge} ago ({@link Duration#ZERO}: age keeps nothing);
   *   <li>it is the newest successful run ({@code applied} or {@code dry-run}), which the next
   *       incremental run and {@code apply} need;
   *   <li>it is in use: started by this store and not finished yet.
   * </ul>
   *
   * Run directories that never got a {@code run.json} (a crash at start) are deleted unless in use;
   * directories not written by InfraSync are left alone. A run is first renamed to a hidden name,
   * then deleted, so a crash never leaves half a run that looks whole. Takes the lock (waiting up to
   * {@link #RETENTION_LOCK_TIMEOUT}) unless this store holds it.
   *
   * @return the ids of the deleted runs, oldest first
   */
  public List<String> retain(int keepLast, Duration maxAge) {
    if (keepLast < 0) {
      throw new IllegalArgumentException("keepLast must be >= 0, was " + keepLast);
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
    }
    PipelineLock own =
        holdsLock() ? null : PipelineLock.acquire(directory.resolve(Layout.LOCK), RETENTION_LOCK_TIMEOUT, clock);
    try {
      List<Listed> runs = listRuns();
      Set<String> keep = new HashSet<>(inUse);
      for (int i = Math.max(0, runs.size() - keepLast); i < runs.size(); i++) {
        keep.add(runs.get(i).info.runId());
      }
      Instant cutoff = clock.instant().minus(maxAge);
      for (Listed l : runs) {
        if (l.info.startedAt().isAfter(cutoff)) {
          keep.add(l.info.runId());
        }
      }
      for (int i = runs.size() - 1; i >= 0; i--) {
        if (runs.get(i).info.status().successful()) {
          keep.add(runs.get(i).info.runId());
          break;
        }
      }
      List<String> deleted = new ArrayList<>();
      for (Listed l : runs) {
        if (!keep.contains(l.info.runId())) {
          deleteRun(l.directory);
          deleted.add(l.info.runId());
        }
      }
      for (Path incomplete : incompleteRunDirectories()) {
        if (!inUse.contains(incomplete.getFileName().toString())) {
          deleteRun(incomplete);
          LOG.log(Level.INFO, "deleted run directory {0}: it has no run.json", incomplete);
        }
      }
      if (!deleted.isEmpty()) {
        LOG.log(Level.INFO, "retention deleted {0} run(s) of {1}: {2}", deleted.size(), directory, deleted);
      }
      return List.copyOf(deleted);
    } finally {
      if (own != null) {
        own.close();
      }
    }
  }

  /** Releases the lock if this store still holds it. */
  @Override
  public void close() {
    PipelineLock l;
    synchronized (this) {
      l = held;
      held = null;
    }
    if (l != null) {
      l.close();
    }
  }

  @Override
  public String toString() {
    return "ParquetCacheStore[" + directory + "]";
  }

  // ---- internals ----------------------------------------------------------------------------

  /** A run listed from its directory. */
  private record Listed(Path directory, RunInfo info, long sequence) {}

  private List<Listed> listRuns() {
    List<Listed> out = new ArrayList<>();
    for (Path dir : runDirectories()) {
      String name = dir.getFileName().toString();
      Path file = dir.resolve(Layout.RUN_JSON);
      Map<String, @Nullable Object> json = Sidecars.readObject(file);
      if (json == null) {
        continue; // not a run, or a crash before its run.json: see retain
      }
      if (!Sidecars.isOurs(json)) {
        if (warnedForeign.add(name)) {
          LOG.log(
              Level.WARNING,
              "ignoring {0}: its run.json was not written by InfraSync (an infrahub-sync run?)",
              dir);
        }
        continue;
      }
      Sidecars.StoredRun s = Sidecars.parseRun(file, name, json);
      out.add(new Listed(dir, s.info(), s.sequence()));
    }
    out.sort(CREATION_ORDER);
    return out;
  }

  /** Visible subdirectories whose names could be run ids. */
  private List<Path> runDirectories() {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Layout.isSegment(name) && Files.isDirectory(p)) {
          out.add(p);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw CacheErrors.io("list", directory, e);
    }
    return out;
  }

  private List<Path> incompleteRunDirectories() {
    return runDirectories().stream()
        .filter(d -> RUN_ID.matcher(d.getFileName().toString()).matches())
        .filter(d -> !Files.exists(d.resolve(Layout.RUN_JSON)))
        .toList();
  }

  /** Removes what a crash left: temp files, and runs whose deletion was interrupted. */
  private void sweep() {
    int temps = AtomicFiles.sweepTemps(directory);
    for (Path run : runDirectories()) {
      temps += AtomicFiles.sweepTemps(run);
      for (Side side : Side.values()) {
        temps += AtomicFiles.sweepTemps(run.resolve(side.cacheName()));
      }
    }
    if (temps > 0) {
      LOG.log(Level.INFO, "removed {0} temp file(s) left by an interrupted write in {1}", temps, directory);
    }
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(directory, p -> p.getFileName().toString().startsWith(DELETING_PREFIX))) {
      for (Path p : ds) {
        deleteTree(p);
      }
    } catch (NoSuchFileException e) {
      // nothing written yet
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot finish deleting old runs in {0}: {1}", directory, e);
    }
  }

  /**
   * Marks as {@code failed} the runs still {@code running} or {@code pending} that this store did not
   * start: under the lock no other process writes, so their process died (a crash, a kill) before
   * it could record the outcome. Left alone, they would read as running forever.
   */
  private void markInterrupted() {
    for (Listed l : listRuns()) {
      RunInfo info = l.info;
      if ((info.status() == RunStatus.RUNNING || info.status() == RunStatus.PENDING) && !inUse.contains(info.runId())) {
        Map<String, Object> summary = new java.util.LinkedHashMap<>(info.summary());
        summary.put("error", "interrupted: the process running it ended before it finished"
            + " (found by the next lock, " + clock.instant() + ")");
        Sidecars.writeRun(l.directory.resolve(Layout.RUN_JSON), new RunInfo(info.runId(), info.mode(),
            RunStatus.FAILED, info.startedAt(), null, info.fullExtract(), summary), l.sequence);
        LOG.log(Level.INFO, "run {0} in {1} was interrupted (its process died); marked failed", info.runId(),
            directory);
      }
    }
  }

  private void deleteRun(Path dir) {
    Path hidden = dir.resolveSibling(DELETING_PREFIX + dir.getFileName());
    try {
      Files.move(dir, hidden, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(hidden);
    } catch (IOException e) {
      throw CacheErrors.io("delete run directory", dir, e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, @Nullable IOException exc) throws IOException {
            if (exc != null) {
              throw exc;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Writes the artifacts of one run. Snapshots of different kinds may be written concurrently. */
  private final class Writer implements RunWriter {
    private final Path dir;
    private final String id;
    private final long sequence;

    Writer(Path dir, String id, long sequence) {
      this.dir = dir;
      this.id = id;
      this.sequence = sequence;
    }

    @Override
    public String runId() {
      return id;
    }

    @Override
    public void writeSnapshot(Side side, FieldLayout layout, Collection<SyncRecord> records, Instant extractedAt) {
      Objects.requireNonNull(extractedAt, "extractedAt");
      SnapshotFile.write(Layout.snapshot(dir, side, layout.kind()), layout, records, extractedAt, codec.parquet());
    }

    @Override
    public void writePlan(Plan plan) {
      PlanFile.write(dir.resolve(Layout.PLAN), PlanRow.of(plan), codec.parquet());
    }

    @Override
    public void writeErrors(List<SyncError> errors) {
      ErrorsFile.write(dir.resolve(Layout.ERRORS), List.copyOf(errors), codec.parquet());
    }

    @Override
    public synchronized void writeCursors(Side side, Map<String, Cursor> cursors) {
      Sidecars.mergeCursors(dir.resolve(Layout.CURSORS), side, cursors);
    }

    @Override
    public void writeSchemaSubHash(String hash) {
      Sidecars.writeText(dir.resolve(Layout.SCHEMA_SUB_HASH), hash);
    }

    @Override
    public synchronized void writeInfo(RunInfo info) {
      if (!info.runId().equals(id)) {
        throw new IllegalArgumentException("run.json of run " + id + " cannot describe run " + info.runId());
      }
      Sidecars.writeRun(dir.resolve(Layout.RUN_JSON), info, sequence);
      if (info.status() == RunStatus.RUNNING || info.status() == RunStatus.PENDING) {
        inUse.add(id);
      } else {
        inUse.remove(id);
      }
    }

    @Override
    public String toString() {
      return "run " + id + " at " + dir;
    }
  }
}
