package io.infrasync.cache.parquet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts a {@code java} child process on the test class path and waits for a line from it. */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;

  private ChildJvm(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static Path javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** Runs {@code mainClass} with the test class path (through an argument file). */
  static ChildJvm start(Path workDir, Class<?> mainClass, String... args) throws IOException {
    List<String> jvm = new ArrayList<>();
    jvm.add("-cp");
    jvm.add(System.getProperty("java.class.path"));
    jvm.add("-Xshare:auto");
    jvm.add("-XX:TieredStopAtLevel=1");
    jvm.add(mainClass.getName());
    jvm.addAll(List.of(args));
    return startWith(workDir, jvm);
  }

  /** Runs {@code java @argfile} with the given JVM arguments (main class or -m included). */
  static ChildJvm startWith(Path workDir, List<String> jvmArgs) throws IOException {
    Path argFile = Files.createTempFile(workDir, "child", ".args");
    StringBuilder sb = new StringBuilder();
    for (String a : jvmArgs) {
      sb.append('"').append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
    }
    Files.writeString(argFile, sb);
    Process p =
        new ProcessBuilder(javaBinary().toString(), "@" + argFile)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return new ChildJvm(p);
  }

  /** The next line the child prints, or fails after the timeout. */
  String awaitLine(Duration timeout) throws Exception {
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    String s = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (s == null) {
      throw new IllegalStateException("child exited with " + process.waitFor() + " before printing a line");
    }
    return s;
  }

  long pid() {
    return process.pid();
  }

  /** Kills the child the way a crash would (SIGKILL) and waits for it to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child " + process.pid() + " did not die");
    }
  }

  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("child " + process.pid() + " still running after " + timeout);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
