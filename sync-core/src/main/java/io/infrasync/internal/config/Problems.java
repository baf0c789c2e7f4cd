package io.infrasync.internal.config;

import io.infrasync.ConfigurationException;
import io.infrasync.ConfigurationException.Problem;
import io.infrasync.config.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the errors and warnings of one configuration source, in document order. */
public final class Problems {
  private static final Comparator<Problem> DOCUMENT_ORDER =
      Comparator.comparingInt((Problem p) -> p.line() > 0 ? p.line() : Integer.MAX_VALUE)
          .thenComparingInt(Problem::column);

  private final String source;
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  public Problems(String source) {
    this.source = source;
  }

  public String source() {
    return source;
  }

  /** A location in this source. */
  public SourceLocation at(int line, int column) {
    return new SourceLocation(source, line, column);
  }

  public void error(SourceLocation at, String path, String message) {
    errors.add(new Problem(source, at.line(), at.column(), path, message));
  }

  public void warn(SourceLocation at, String path, String message) {
    warnings.add(new Problem(source, at.line(), at.column(), path, message));
  }

  public int errorCount() {
    return errors.size();
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Errors sorted by line and column (problems without a line last). */
  public List<Problem> errors() {
    return sorted(errors);
  }

  public List<Problem> warnings() {
    return sorted(warnings);
  }

  /** Throws one {@link ConfigurationException} carrying every error, if there is any. */
  public void throwIfErrors() {
    if (!errors.isEmpty()) {
      throw new ConfigurationException(errors());
    }
  }

  /** Logs every warning at WARNING level. */
  public void logWarnings(System.Logger log) {
    for (Problem w : warnings()) {
      log.log(System.Logger.Level.WARNING, w.toString());
    }
  }

  private static List<Problem> sorted(List<Problem> list) {
    List<Problem> copy = new ArrayList<>(list);
    copy.sort(DOCUMENT_ORDER);
    return List.copyOf(copy);
  }
}
