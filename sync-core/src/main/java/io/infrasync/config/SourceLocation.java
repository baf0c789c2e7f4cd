package io.infrasync.config;

/**
 * Where a configuration element was declared: file (or {@code <builder>}), 1-based line and column
 * (0 when unknown).
 */
public record SourceLocation(String file, int line, int column) {
  public static final SourceLocation UNKNOWN = new SourceLocation("<builder>", 0, 0);

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ":" + column : file;
  }
}
