package io.infrasync;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is invalid. Carries every problem found, not only the first. */
public final class ConfigurationException extends SyncException {
  private static final long serialVersionUID = 1L;

  /**
   * One problem.
   *
   * @param source the file (or "&lt;builder&gt;") the problem is in
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param path the key path, e.g. {@code schema_mapping[3].fields[1].reference}
   * @param message what is wrong and, where possible, what to do
   */
  public record Problem(String source, int line, int column, String path, String message) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(source);
      if (line > 0) {
        sb.append(':').append(line);
        if (column > 0) {
          sb.append(':').append(column);
        }
      }
      sb.append(": ");
      if (!path.isEmpty()) {
        sb.append(path).append(": ");
      }
      return sb.append(message).toString();
    }
  }

  private final transient List<Problem> problems;

  public ConfigurationException(List<Problem> problems) {
    super(Code.CONFIGURATION, render(problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigurationException(String source, String message) {
    this(List.of(new Problem(source, 0, 0, "", message)));
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    if (problems.size() == 1) {
      return "invalid configuration: " + problems.get(0);
    }
    return problems.size()
        + " configuration problems:\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
