package io.infrasync.config;

import java.nio.file.Path;

final class TestFiles {
  private TestFiles() {}

  /** The shared reference directory: the {@code infrasync.shared.dir} property, else ../../shared. */
  static Path shared() {
    String dir = System.getProperty("infrasync.shared.dir");
    return (dir != null ? Path.of(dir) : Path.of("../../shared")).toAbsolutePath().normalize();
  }
}
