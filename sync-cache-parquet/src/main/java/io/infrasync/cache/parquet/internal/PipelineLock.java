package io.infrasync.cache.parquet.internal;

import io.infrasync.SyncException;
import io.infrasync.spi.CacheStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The cross-process pipeline lock: an exclusive OS file lock ({@link FileChannel#tryLock()}) on
 * {@code <sync dir>/.lock}, polled until a timeout. The operating system drops the lock when the
 * holder dies, so a killed run never leaves the cache locked. The holder writes its pid, host and
 * start time into the file so that a waiting process can name it.
 *
 * <p>Within one JVM the lock is also guarded by an in-process registry: POSIX record locks belong
 * to the process, and closing any channel on the file would silently drop a lock held through
 * another channel, so a second attempt from the same JVM never opens the file while it is held.
 */
public final class PipelineLock implements CacheStore.Lock {
  private static final System.Logger LOG = System.getLogger(PipelineLock.class.getName());
  private static final ConcurrentHashMap<Path, Object> HELD_IN_JVM = new ConcurrentHashMap<>();
  private static final long MIN_POLL_MILLIS = 10;
  private static final long MAX_POLL_MILLIS = 200;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Object token;
  private boolean released;

  private PipelineLock(Path file, FileChannel channel, FileLock lock, Object token) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.token = token;
  }

  /**
   * Takes the lock, polling until {@code timeout} has passed.
   *
   * @throws SyncException with code LOCK naming the file and the holder when it stays taken, or
   *     code INTERRUPTED when the thread is interrupted while waiting
   */
  public static PipelineLock acquire(Path lockFile, Duration timeout, Clock clock) {
    Path file = lockFile.toAbsolutePath().normalize();
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    long poll = MIN_POLL_MILLIS;
    String holder = "this process (pid " + ProcessHandle.current().pid() + ")";
    while (true) {
      Object token = new Object();
      // The slot is held from this attempt until release, so no other thread of this JVM opens the
      // file meanwhile.
      if (HELD_IN_JVM.putIfAbsent(file, token) == null) {
        boolean taken = false;
        try {
          PipelineLock lock = tryTake(file, clock, token);
          if (lock != null) {
            taken = true;
            return lock;
          }
          holder = readHolder(file);
        } finally {
          if (!taken) {
            HELD_IN_JVM.remove(file, token);
          }
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SyncException(
            SyncException.Code.LOCK,
            "the cache lock " + file + " is held by " + holder + "; waited " + timeout
                + ". Another run of this sync is in progress: wait for it to finish or stop it"
                + " (a killed run releases the lock by itself)");
      }
      try {
        Thread.sleep(Math.min(poll, TimeUnit.NANOSECONDS.toMillis(left) + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SyncException(
            SyncException.Code.INTERRUPTED, "interrupted while waiting for the cache lock " + file, e);
      }
      poll = Math.min(MAX_POLL_MILLIS, poll * 2);
    }
  }

  private static @Nullable PipelineLock tryTake(Path file, Clock clock, Object token) {
    FileChannel ch = null;
    try {
      Files.createDirectories(file.getParent());
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        ch.close();
        return null;
      }
      ch.truncate(0);
      String who = "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now(clock);
      ch.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(false);
      LOG.log(Level.DEBUG, "took cache lock {0}", file);
      return new PipelineLock(file, ch, l, token);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new SyncException(SyncException.Code.LOCK, "cannot open the cache lock " + file + ": " + e, e);
    }
  }

  private static String readHolder(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "another process" : s;
    } catch (IOException | RuntimeException e) {
      return "another process"; // Windows refuses to read a locked range
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** Whether this lock is still held. */
  public synchronized boolean isHeld() {
    return !released;
  }

  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      channel.truncate(0);
      lock.release();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot release cache lock {0} cleanly: {1}", file, e);
    } finally {
      closeQuietly(channel);
      HELD_IN_JVM.remove(file, token);
      LOG.log(Level.DEBUG, "released cache lock {0}", file);
    }
  }

  private static void closeQuietly(@Nullable FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot close lock channel: {0}", e);
      }
    }
  }
}
