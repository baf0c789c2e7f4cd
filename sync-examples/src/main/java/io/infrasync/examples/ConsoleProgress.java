package io.infrasync.examples;

import io.infrasync.Action;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncReport;
import io.infrasync.spi.SyncListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Shows the progress of a run on a console, driven by the engine's {@link SyncListener} events (no
 * polling). Every finished step is one line:
 *
 * <pre>
 *   read source       2,153 records from 25 reads in 412 ms (4 incremental)
 *   read destination  0 records from 17 reads in 95 ms
 *   plan              2,031 changes: +2,031 ~0 -0 (diff 9 ms)
 *   wrote tier 0      BuiltinTag +4, CoreStandardGroup +14, RoleGeneric +10
 *   deleted           InfraInterfaceL2L3 -4, InfraDevice -1
 *   done              sync: 2,031 changes in 1,234 ms, 0 failed
 * </pre>
 *
 * On a terminal ({@link #toConsole()} with {@code System.console() != null}) a live line below them
 * shows the kind being read or written ({@code writing InfraInterfaceL2L3 create 400/1,200}),
 * rewritten in place with {@code \r}; elsewhere (a log file, CI) only the finished steps are printed.
 * Thread-safe: the engine calls listeners from its read and write threads.
 */
public final class ConsoleProgress implements SyncListener {
  private static final int LIVE_WIDTH = 79;

  private final PrintStream out;
  private final boolean terminal;
  private final Map<Side, long[]> reads = new EnumMap<>(Side.class); // records, reads, incremental reads
  private final Map<String, Map<Action, Long>> tierWrites = new LinkedHashMap<>();
  private final Map<String, Long> deletes = new LinkedHashMap<>();
  private final Map<String, Long> lastDone = new HashMap<>();
  private int tier = -1;
  private @Nullable Duration diffTook;
  private int liveWidth;

  /**
   * @param out where to print
   * @param terminal whether {@code out} is a terminal (a live line is rewritten in place)
   */
  public ConsoleProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Progress on {@code System.out}, with a live line when the JVM has a console. */
  public static ConsoleProgress toConsole() {
    return new ConsoleProgress(System.out, System.console() != null);
  }

  @Override
  public synchronized void runStarted(String syncName, String mode) {
    reads.clear();
    tierWrites.clear();
    deletes.clear();
    lastDone.clear();
    tier = -1;
    diffTook = null;
    live(mode + " " + syncName + ": reading");
  }

  @Override
  public synchronized void readProgress(Side side, String kind, long records) {
    live(String.format(Locale.ROOT, "reading %s %s: %,d", side(side), kind, records));
  }

  @Override
  public synchronized void kindRead(Side side, String kind, long records, Duration took, boolean incremental) {
    long[] t = reads.computeIfAbsent(side, s -> new long[3]);
    t[0] += records;
    t[1]++;
    t[2] += incremental ? 1 : 0;
    live(String.format(Locale.ROOT, "read %s %s: %,d%s", side(side), kind, records,
        incremental ? " (incremental)" : ""));
  }

  @Override
  public synchronized void phaseFinished(String phase, Duration took) {
    switch (phase) {
      case "load:source", "load:destination" -> {
        Side side = phase.endsWith("source") ? Side.SOURCE : Side.DESTINATION;
        long[] t = reads.getOrDefault(side, new long[3]);
        line("read " + side(side), String.format(Locale.ROOT, "%,d records from %d reads in %s%s", t[0], t[1],
            time(took), t[2] > 0 ? " (" + t[2] + " incremental)" : ""));
      }
      case "diff" -> diffTook = took;
      case "write" -> flushWrites();
      default -> { }
    }
  }

  @Override
  public synchronized void planReady(Plan plan) {
    Duration d = diffTook;
    line("plan", String.format(Locale.ROOT, "%,d changes: +%,d ~%,d -%,d%s", plan.size(), plan.count(Action.CREATE),
        plan.count(Action.UPDATE), plan.count(Action.DELETE), d == null ? "" : " (diff " + time(d) + ")"));
  }

  @Override
  public synchronized void tierStarted(int tier, List<String> kinds) {
    flushTier();
    this.tier = tier;
    kinds.forEach(k -> tierWrites.put(k, new EnumMap<>(Action.class))); // lines list kinds in tier order
    live("writing tier " + tier + ": " + String.join(", ", kinds));
  }

  @Override
  public synchronized void writeProgress(String kind, Action action, long done, long total) {
    long delta = done - lastDone.getOrDefault(kind, 0L);
    lastDone.put(kind, done == total ? 0L : done); // the next call for this kind starts from 0
    if (action == Action.DELETE) {
      deletes.merge(kind, delta, Long::sum);
    } else {
      tierWrites.computeIfAbsent(kind, k -> new EnumMap<>(Action.class)).merge(action, delta, Long::sum);
    }
    live(String.format(Locale.ROOT, "writing %s %s %,d/%,d", kind, action.wireName(), done, total));
  }

  @Override
  public synchronized void warning(String message) {
    line("warning", message);
  }

  @Override
  public synchronized void runFinished(SyncReport report) {
    flushWrites();
    long failed = report.counts().values().stream().mapToLong(c -> c.failed()).sum();
    line("done", String.format(Locale.ROOT, "%s: %,d changes in %s, %,d failed", report.mode(),
        report.total(Action.CREATE) + report.total(Action.UPDATE) + report.total(Action.DELETE),
        time(report.took()), failed));
  }

  private void flushWrites() {
    flushTier();
    if (!deletes.isEmpty()) {
      StringJoiner j = new StringJoiner(", ");
      deletes.forEach((kind, n) -> j.add(kind + " -" + n));
      line("deleted", j.toString());
      deletes.clear();
    }
  }

  private void flushTier() {
    tierWrites.values().removeIf(Map::isEmpty);
    if (tierWrites.isEmpty()) {
      return;
    }
    StringJoiner j = new StringJoiner(", ");
    tierWrites.forEach((kind, byAction) -> {
      StringBuilder s = new StringBuilder(kind);
      byAction.forEach((action, n) -> s.append(action == Action.CREATE ? " +" : " ~").append(n));
      j.add(s);
    });
    line(tier >= 0 ? "wrote tier " + tier : "wrote", j.toString());
    tierWrites.clear();
  }

  private void line(String step, String text) {
    clearLive();
    out.printf(Locale.ROOT, "  %-17s %s%n", step, text);
    out.flush();
  }

  private void live(String text) {
    if (!terminal) {
      return;
    }
    String shown = "  " + (text.length() > LIVE_WIDTH - 2 ? text.substring(0, LIVE_WIDTH - 5) + "..." : text);
    out.print("\r" + shown + " ".repeat(Math.max(0, liveWidth - shown.length())));
    out.flush();
    liveWidth = shown.length();
  }

  private void clearLive() {
    if (terminal && liveWidth > 0) {
      out.print("\r" + " ".repeat(liveWidth) + "\r");
      liveWidth = 0;
    }
  }

  private static String side(Side side) {
    return side == Side.SOURCE ? "source" : "destination";
  }

  /** {@code 412 ms} below ten seconds, {@code 12.3 s} above. */
  static String time(Duration d) {
    long ms = d.toMillis();
    return ms < 10_000 ? String.format(Locale.ROOT, "%,d ms", ms) : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
