package io.infrasync.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A child JVM running {@link CrashSyncMain} with this JVM's class path and java binary. Its stdout
 * is read line by line on a thread of its own; a {@link KillPlan} may kill it ({@link
 * Process#destroyForcibly()}, SIGKILL on Linux) when a line arrives or after a delay.
 */
final class ChildSync implements AutoCloseable {
  /** Decides, line by line, when to kill the child. */
  interface KillPlan {
    /** Milliseconds to wait before the kill after this line, or -1 to let it run on. */
    long onLine(String line);

    /** Never kills. */
    KillPlan NONE = line -> -1;
  }

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicBoolean killed = new AtomicBoolean();
  private final AtomicReference<@Nullable String> lastEventAtKill = new AtomicReference<>();
  private final long startedNanos = System.nanoTime();
  private final Path stderr;
  private volatile @Nullable String lastEvent;

  private ChildSync(Process process, Path stderr, KillPlan plan, long killAfterMillis) {
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(() -> read(plan), "child-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    if (killAfterMillis >= 0) {
      killLater(killAfterMillis);
    }
  }

  /** Whether this run uses the long ({@code nightly}) profile. */
  static boolean nightly() {
    return "nightly".equals(System.getProperty("reliability.profile", "ci"));
  }

  /**
   * Starts a child.
   *
   * @param killAfterMillis kill this long after the start whatever it prints, or -1
   */
  static ChildSync start(Path workDir, Map<String, String> env, KillPlan plan, long killAfterMillis, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CrashSyncMain.class.getName());
    cmd.addAll(List.of(args));
    try {
      Files.createDirectories(workDir);
      Path err = Files.createTempFile(workDir, "child-", ".stderr");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
          .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
      pb.environment().keySet().removeIf(k -> k.startsWith("NETBOX") || k.startsWith("INFRAHUB")
          || k.startsWith("NAUTOBOT"));
      pb.environment().putAll(env);
      return new ChildSync(pb.start(), err, plan, killAfterMillis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read(KillPlan plan) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
        }
        if (line.startsWith("EV ")) {
          lastEvent = line;
        }
        if (!killed.get()) {
          long delay = plan.onLine(line);
          if (delay == 0) {
            kill();
          } else if (delay > 0) {
            killLater(delay);
          }
        }
      }
    } catch (IOException e) {
      // the child died: its pipe is gone
    } finally {
      ended.countDown();
    }
  }

  private void killLater(long millis) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(millis);
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "kill-" + process.pid());
    t.setDaemon(true);
    t.start();
  }

  /** SIGKILLs the child now (once). */
  void kill() {
    if (killed.compareAndSet(false, true)) {
      lastEventAtKill.set(lastEvent);
      process.destroyForcibly();
    }
  }

  boolean isRunning() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** Waits for the child to end (it is killed when the time is up) and returns its exit code. */
  int await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor();
        throw new AssertionError("child " + process.pid() + " did not end within " + timeout + "; output:\n"
            + String.join("\n", lines()) + "\nstderr:\n" + stderr());
      }
      ended.await(10, TimeUnit.SECONDS);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Whether the kill plan fired before the child ended by itself. */
  boolean killedByUs() {
    return killed.get() && process.exitValue() != 0 && !lines().stream().anyMatch(l -> l.startsWith("RESULT "));
  }

  /** The last event line the child printed before the kill (null: none, or not killed). */
  @Nullable String lastEventAtKill() {
    return lastEventAtKill.get();
  }

  long elapsedMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The {@code RESULT} line, or null. */
  @Nullable String result() {
    return lines().stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
  }

  String stderr() {
    try {
      String s = Files.readString(stderr);
      return s.length() > 20_000 ? s.substring(s.length() - 20_000) : s;
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

  /** Everything the child said, for assertion messages. */
  String transcript() {
    List<String> l = lines();
    List<String> tail = l.size() > 60 ? l.subList(l.size() - 60, l.size()) : l;
    return "child pid " + pid() + " stdout (last " + tail.size() + " lines):\n" + String.join("\n", tail)
        + "\nstderr:\n" + stderr();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
