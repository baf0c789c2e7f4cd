package io.infrasync.internal.engine;

import io.infrasync.Action;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncReport;
import io.infrasync.spi.SyncListener;
import java.time.Duration;
import java.util.List;

/** Fans events out to every registered listener; a failing listener never breaks a run. */
final class Listeners implements SyncListener {
  private static final System.Logger LOG = System.getLogger("io.infrasync.engine");
  private final List<SyncListener> all;

  Listeners(List<SyncListener> all) {
    this.all = List.copyOf(all);
  }

  private void each(java.util.function.Consumer<SyncListener> call) {
    for (SyncListener l : all) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "listener " + l.getClass().getName() + " failed: " + e);
      }
    }
  }

  @Override
  public void runStarted(String syncName, String mode) {
    each(l -> l.runStarted(syncName, mode));
  }

  @Override
  public void readProgress(Side side, String kind, long records) {
    each(l -> l.readProgress(side, kind, records));
  }

  @Override
  public void kindRead(Side side, String kind, long records, Duration took, boolean incremental) {
    each(l -> l.kindRead(side, kind, records, took, incremental));
  }

  @Override
  public void planReady(Plan plan) {
    each(l -> l.planReady(plan));
  }

  @Override
  public void phaseFinished(String phase, Duration took) {
    each(l -> l.phaseFinished(phase, took));
  }

  @Override
  public void tierStarted(int tier, List<String> kinds) {
    each(l -> l.tierStarted(tier, kinds));
  }

  @Override
  public void writeProgress(String kind, Action action, long done, long total) {
    each(l -> l.writeProgress(kind, action, done, total));
  }

  @Override
  public void warning(String message) {
    each(l -> l.warning(message));
  }

  @Override
  public void runFinished(SyncReport report) {
    each(l -> l.runFinished(report));
  }
}
