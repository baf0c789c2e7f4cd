package io.infrasync;

/**
 * Some planned changes could not be written and the run was not told to continue on errors. The
 * {@link #report()} says what was written and what failed (record, field, server message).
 */
public final class WriteFailedException extends SyncException {
  private static final long serialVersionUID = 1L;
  private final transient SyncReport report;

  public WriteFailedException(SyncReport report) {
    super(Code.WRITE, message(report));
    this.report = report;
  }

  public SyncReport report() {
    return report;
  }

  private static String message(SyncReport report) {
    StringBuilder sb = new StringBuilder(report.syncName()).append(": ").append(report.errors().size())
        .append(" change(s) failed; the run stopped after the failing tier");
    report.errors().stream().limit(5).forEach(e -> sb.append("\n  - ").append(e));
    if (report.errors().size() > 5) {
      sb.append("\n  ... (").append(report.errors().size() - 5).append(" more in the report and errors.parquet)");
    }
    return sb.toString();
  }
}
