package io.infrasync;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The checks a {@code sync} runs after reading both sides and before writing anything.
 *
 * <ul>
 *   <li><b>Rowcount drop</b> (upstream's guardrail): a kind trips when its source count fell below
 *       {@code threshold} times its count in the last successful sync ({@code current / baseline <
 *       threshold}; exactly the threshold passes; no baseline or a baseline of 0 passes). The
 *       baseline moves only after a successful sync.
 *   <li><b>Planned deletes</b>: a kind trips when the plan deletes more than {@code maxDeleteShare}
 *       of its destination records, or more than {@code maxDeletes} of them. The share rule never
 *       trips for {@code deleteGuardMinimum} deletes or fewer (default 10), so small kinds can be
 *       emptied.
 * </ul>
 *
 * Each guard either stops the run ({@link OnTrip#STOP}: a {@link GuardrailException} before any
 * write, the run recorded as failed) or drops the kind's changes from the plan
 * ({@link OnTrip#SKIP_KIND}: reported as a {@link SyncError} of class {@code guardrail}).
 *
 * @param rowcountThreshold the default threshold, in [0, 1] (default 0.5; 0 disables)
 * @param rowcountThresholds thresholds per kind, overriding the default
 * @param allowRowcountDrop disables the rowcount check (upstream's {@code --allow-rowcount-drop})
 * @param onRowcountDrop what a rowcount trip does
 * @param deleteGuard whether the planned-delete guard is on (default true)
 * @param maxDeleteShare the largest share of a kind's destination records a run may delete (default 0.5)
 * @param maxDeletes the largest number of a kind's records a run may delete (default unlimited)
 * @param deleteGuardMinimum the share rule never trips for this many deletes or fewer (default 10)
 * @param onDeleteGuard what a planned-delete trip does
 */
public record Guardrails(
    double rowcountThreshold,
    Map<String, Double> rowcountThresholds,
    boolean allowRowcountDrop,
    OnTrip onRowcountDrop,
    boolean deleteGuard,
    double maxDeleteShare,
    long maxDeletes,
    long deleteGuardMinimum,
    OnTrip onDeleteGuard) {

  /** What a tripped guard does. */
  public enum OnTrip {
    /** Stop the run before any write. */
    STOP,
    /** Drop the kind's changes from the plan and report a {@code guardrail} error. */
    SKIP_KIND
  }

  /** The defaults: rowcount threshold 0.5 and delete share 0.5 (above 10 deletes), both stopping the run. */
  public static final Guardrails DEFAULT = builder().build();

  /** No checks at all. */
  public static final Guardrails NONE = builder().allowRowcountDrop(true).deleteGuard(false).build();

  public Guardrails {
    checkShare("rowcountThreshold", rowcountThreshold);
    rowcountThresholds = Map.copyOf(new TreeMap<>(rowcountThresholds));
    rowcountThresholds.forEach((k, v) -> checkShare("rowcount threshold of " + k, v));
    Objects.requireNonNull(onRowcountDrop, "onRowcountDrop");
    checkShare("maxDeleteShare", maxDeleteShare);
    if (maxDeletes < 0) {
      throw new IllegalArgumentException("maxDeletes must be >= 0, was " + maxDeletes);
    }
    if (deleteGuardMinimum < 0) {
      throw new IllegalArgumentException("deleteGuardMinimum must be >= 0, was " + deleteGuardMinimum);
    }
    Objects.requireNonNull(onDeleteGuard, "onDeleteGuard");
  }

  private static void checkShare(String what, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(what + " must be between 0 and 1, was " + v);
    }
  }

  /** The rowcount threshold of a kind. */
  public double rowcountThreshold(String kind) {
    return rowcountThresholds.getOrDefault(kind, rowcountThreshold);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Guardrails}; starts from the defaults. */
  public static final class Builder {
    private double rowcountThreshold = 0.5;
    private final Map<String, Double> rowcountThresholds = new TreeMap<>();
    private boolean allowRowcountDrop;
    private OnTrip onRowcountDrop = OnTrip.STOP;
    private boolean deleteGuard = true;
    private double maxDeleteShare = 0.5;
    private long maxDeletes = Long.MAX_VALUE;
    private long deleteGuardMinimum = 10;
    private OnTrip onDeleteGuard = OnTrip.STOP;

    private Builder() {}

    /** The default rowcount threshold, in [0, 1]; 0 disables the check. */
    public Builder rowcountThreshold(double threshold) {
      checkShare("rowcountThreshold", threshold);
      this.rowcountThreshold = threshold;
      return this;
    }

    /** The rowcount threshold of one kind, in [0, 1]. */
    public Builder rowcountThreshold(String kind, double threshold) {
      checkShare("rowcount threshold of " + kind, threshold);
      rowcountThresholds.put(Objects.requireNonNull(kind, "kind"), threshold);
      return this;
    }

    /** Accept any rowcount drop (the lower counts become the baseline after a successful sync). */
    public Builder allowRowcountDrop(boolean allow) {
      this.allowRowcountDrop = allow;
      return this;
    }

    public Builder onRowcountDrop(OnTrip action) {
      this.onRowcountDrop = Objects.requireNonNull(action, "action");
      return this;
    }

    /** Turns the planned-delete guard on or off. */
    public Builder deleteGuard(boolean on) {
      this.deleteGuard = on;
      return this;
    }

    /** The largest share of a kind's destination records one run may delete, in [0, 1]. */
    public Builder maxDeleteShare(double share) {
      checkShare("maxDeleteShare", share);
      this.maxDeleteShare = share;
      return this;
    }

    /** The largest number of a kind's records one run may delete. */
    public Builder maxDeletes(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxDeletes must be >= 0, was " + n);
      }
      this.maxDeletes = n;
      return this;
    }

    /** The share rule never trips for this many deletes or fewer. */
    public Builder deleteGuardMinimum(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("deleteGuardMinimum must be >= 0, was " + n);
      }
      this.deleteGuardMinimum = n;
      return this;
    }

    public Builder onDeleteGuard(OnTrip action) {
      this.onDeleteGuard = Objects.requireNonNull(action, "action");
      return this;
    }

    public Guardrails build() {
      return new Guardrails(rowcountThreshold, rowcountThresholds, allowRowcountDrop, onRowcountDrop, deleteGuard,
          maxDeleteShare, maxDeletes, deleteGuardMinimum, onDeleteGuard);
    }
  }
}
