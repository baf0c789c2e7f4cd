package io.infrasync.internal.engine;

import io.infrasync.Action;
import io.infrasync.GuardrailException;
import io.infrasync.Guardrails;
import io.infrasync.Plan;
import io.infrasync.SyncError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Runs the {@link Guardrails} on a plan before any write. */
final class Guards {
  private Guards() {}

  /** A tripped guard. */
  record Trip(String kind, String message, Guardrails.OnTrip action) {}

  /** What is left to write, and the kinds dropped from it with their errors. */
  record Outcome(Plan plan, Set<String> skippedKinds, List<SyncError> errors) {}

  /**
   * Checks every kind.
   *
   * @param baseline the source counts of the last successful sync
   * @param sourceCounts the source counts of this run
   * @param destinationCounts the destination counts of this run
   */
  static List<Trip> check(Guardrails g, List<String> kinds, Map<String, Long> baseline, Map<String, Long> sourceCounts,
      Map<String, Long> destinationCounts, Plan plan) {
    List<Trip> trips = new ArrayList<>();
    for (String kind : kinds) {
      long prior = baseline.getOrDefault(kind, 0L);
      long current = sourceCounts.getOrDefault(kind, 0L);
      double threshold = g.rowcountThreshold(kind);
      if (!g.allowRowcountDrop() && prior > 0 && (double) current / prior < threshold) {
        trips.add(new Trip(kind, String.format(Locale.ROOT,
            "%s dropped from %d to %d (%s %%, threshold %s %%); pass allowRowcountDrop to accept",
            kind, prior, current, percent((double) current / prior), percent(threshold)), g.onRowcountDrop()));
      }
      long deletes = plan.count(kind, Action.DELETE);
      long existing = destinationCounts.getOrDefault(kind, 0L);
      if (g.deleteGuard() && deletes > 0) {
        boolean overShare = deletes > g.deleteGuardMinimum() && existing > 0
            && (double) deletes / existing > g.maxDeleteShare();
        boolean overCount = deletes > g.maxDeletes();
        if (overShare || overCount) {
          String limit = overCount ? "at most " + g.maxDeletes() + " allowed"
              : "limit " + percent(g.maxDeleteShare()) + " % above " + g.deleteGuardMinimum() + " deletes";
          trips.add(new Trip(kind, String.format(Locale.ROOT,
              "%s: the plan deletes %d of %d destination records (%s %%, %s); raise maxDeleteShare/maxDeletes"
                  + " or turn the delete guard off to accept",
              kind, deletes, existing, percent(existing == 0 ? 1 : (double) deletes / existing), limit),
              g.onDeleteGuard()));
        }
      }
    }
    return trips;
  }

  /** Throws for STOP trips; drops the kinds of SKIP_KIND trips from the plan. */
  static Outcome apply(List<Trip> trips, Plan plan) {
    List<String> stops = trips.stream().filter(t -> t.action() == Guardrails.OnTrip.STOP).map(Trip::message).toList();
    if (!stops.isEmpty()) {
      throw new GuardrailException(String.join("; ", stops));
    }
    Set<String> skipped = new LinkedHashSet<>();
    trips.forEach(t -> skipped.add(t.kind()));
    return new Outcome(skipped.isEmpty() ? plan : plan.filter(c -> !skipped.contains(c.kind())), skipped,
        errors(trips));
  }

  /** The {@code guardrail} errors of the trips, for {@code errors.parquet} and the report. */
  static List<SyncError> errors(List<Trip> trips) {
    List<SyncError> errors = new ArrayList<>();
    for (Trip t : trips) {
      errors.add(new SyncError("guardrail", t.kind(), null, null, null, t.message(),
          t.action() == Guardrails.OnTrip.STOP ? "nothing was written" : "the kind's changes were not written", 0,
          true));
    }
    return errors;
  }

  private static String percent(double share) {
    double p = share * 100;
    return p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p);
  }
}
