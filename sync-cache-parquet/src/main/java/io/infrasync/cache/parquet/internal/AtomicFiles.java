package io.infrasync.cache.parquet.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Atomic replacement of a file: the content goes to a hidden temp file in the same directory
 * ({@code .<name>.<16 hex>.tmp}), which is fsynced, renamed over the target in one step and, where
 * the platform allows it, followed by an fsync of the directory. A crash leaves either the old file
 * or the new one, plus at most a temp file that readers never look at and {@link #sweepTemps}
 * removes.
 */
public final class AtomicFiles {
  private static final System.Logger LOG = System.getLogger(AtomicFiles.class.getName());
  private static final String TEMP_SUFFIX = ".tmp";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Writes the content of a file to the given (temp) path. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Path temp) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with the content.
   *
   * @throws io.infrasync.SyncException with code CACHE when writing fails (the target is unchanged)
   */
  public static void write(Path target, Content content) {
    Path dir = java.util.Objects.requireNonNull(target.toAbsolutePath().getParent(), "parent of " + target);
    byte[] nonce = new byte[8];
    RANDOM.nextBytes(nonce);
    Path temp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(nonce) + TEMP_SUFFIX);
    try {
      Files.createDirectories(dir);
      content.writeTo(temp);
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(dir);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw CacheErrors.io("write", target, e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  /** Replaces {@code target} with the bytes. */
  public static void write(Path target, byte[] bytes) {
    write(target, temp -> Files.write(temp, bytes, StandardOpenOption.CREATE_NEW));
  }

  /** Whether a file name is one of our temp files. */
  public static boolean isTemp(Path file) {
    String n = file.getFileName().toString();
    return n.startsWith(".") && n.endsWith(TEMP_SUFFIX);
  }

  /**
   * Deletes the temp files a crash left in a directory (not recursive). Only call it while no other
   * writer works in the directory, i.e. under the pipeline lock.
   *
   * @return how many were deleted
   */
  public static int sweepTemps(Path dir) {
    int n = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> isTemp(p) && Files.isRegularFile(p))) {
      for (Path p : s) {
        if (Files.deleteIfExists(p)) {
          n++;
          LOG.log(Level.DEBUG, "deleted stale temp file {0}", p);
        }
      }
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot sweep temp files in {0}: {1}", dir, e);
    }
    return n;
  }

  /** Fsyncs a directory so a rename in it is durable; a no-op where directories cannot be opened. */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory as a channel; its renames are durable through NTFS logging.
      LOG.log(Level.TRACE, "directory fsync not supported for {0}: {1}", dir, e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot delete temp file {0}: {1}", p, e);
    }
  }
}
