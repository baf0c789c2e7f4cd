package io.infrasync.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Generates the shared benchmark dataset (python3 ../shared/bench/gen_dataset.py) once per size. */
final class BenchDataset {
  private BenchDataset() {}

  static Path shared() {
    String prop = System.getProperty("infrasync.shared.dir");
    Path p = prop != null ? Path.of(prop) : Path.of("../../shared");
    return p.toAbsolutePath().normalize();
  }

  static Path repoRoot() {
    return Path.of("").toAbsolutePath().getParent();
  }

  static synchronized Path ensure(int n) throws IOException, InterruptedException {
    Path out = Path.of("target", "bench", "n" + n).toAbsolutePath();
    if (Files.exists(out.resolve("expected.json"))) {
      return out;
    }
    Process p = new ProcessBuilder("python3", shared().resolve("bench/gen_dataset.py").toString(),
        "-n", Integer.toString(n), "-o", out.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("gen_dataset.py failed: " + output);
    }
    return out;
  }
}
