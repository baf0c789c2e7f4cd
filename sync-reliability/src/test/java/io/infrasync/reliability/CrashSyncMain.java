package io.infrasync.reliability;

import io.infrasync.Action;
import io.infrasync.Guardrails;
import io.infrasync.Plan;
import io.infrasync.Side;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.SyncReport;
import io.infrasync.spi.SyncListener;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The child JVM of the crash and cross-process tests: runs one {@code sync} of a {@code config.yml}
 * with the Parquet cache on disk and prints every listener event as one line on stdout, so the
 * parent can kill it at a chosen point.
 *
 * <p>Arguments: {@code <config.yml> <cache root> <lock timeout ms> <incremental true|false>}. The
 * adapters' URLs and tokens come from the environment ({@code NETBOX_URL}, ...).
 *
 * <p>Lines: {@code EV start}, {@code EV read <side> <kind> <n>}, {@code EV kind <side> <kind> <n>},
 * {@code EV plan <creates> <updates> <deletes>}, {@code EV phase <name>}, {@code EV tier <n>},
 * {@code EV write <kind> <action> <done> <total>}, {@code EV done <success>}; then {@code RESULT ok
 * <creates> <updates> <deletes>}, {@code RESULT sync-error <CODE> <class> <message>} (exit 2) or
 * {@code RESULT internal <class> <message>} (exit 3).
 */
public final class CrashSyncMain {
  private CrashSyncMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    Path config = Path.of(args[0]);
    Path cacheRoot = Path.of(args[1]);
    Duration lockTimeout = Duration.ofMillis(Long.parseLong(args[2]));
    boolean incremental = Boolean.parseBoolean(args[3]);
    out.println("EV jvm " + ProcessHandle.current().pid());
    SyncListener events = new SyncListener() {
      @Override
      public void runStarted(String syncName, String mode) {
        out.println("EV start " + ProcessHandle.current().pid() + " " + System.currentTimeMillis());
      }

      @Override
      public void readProgress(Side side, String kind, long records) {
        out.println("EV read " + side + " " + kind + " " + records);
      }

      @Override
      public void kindRead(Side side, String kind, long records, Duration took, boolean incr) {
        out.println("EV kind " + side + " " + kind + " " + records);
      }

      @Override
      public void planReady(Plan plan) {
        out.println("EV plan " + plan.count(Action.CREATE) + " " + plan.count(Action.UPDATE) + " "
            + plan.count(Action.DELETE));
      }

      @Override
      public void phaseFinished(String phase, Duration took) {
        out.println("EV phase " + phase);
      }

      @Override
      public void tierStarted(int tier, List<String> kinds) {
        out.println("EV tier " + tier);
      }

      @Override
      public void writeProgress(String kind, Action action, long done, long total) {
        out.println("EV write " + kind + " " + action + " " + done + " " + total);
      }

      @Override
      public void runFinished(SyncReport report) {
        out.println("EV done " + report.success() + " " + System.currentTimeMillis());
      }
    };
    try (SyncEngine engine = SyncEngine.builder().config(config).cacheDirectory(cacheRoot).lockTimeout(lockTimeout)
        .incremental(incremental).guardrails(Guardrails.NONE).listener(events).build()) {
      SyncReport report = engine.sync();
      out.println("RESULT ok " + report.plan().count(Action.CREATE) + " " + report.plan().count(Action.UPDATE) + " "
          + report.plan().count(Action.DELETE) + " " + report.success() + " errors=" + report.errors().size());
      out.flush();
      System.exit(report.success() ? 0 : 4);
    } catch (SyncException e) {
      out.println("RESULT sync-error " + e.code() + " " + e.getClass().getSimpleName() + " "
          + oneLine(e.getMessage()));
      out.flush();
      System.exit(2);
    } catch (Throwable t) {
      out.println("RESULT internal " + t.getClass().getName() + " " + oneLine(t.getMessage()));
      t.printStackTrace(out);
      out.flush();
      System.exit(3);
    }
  }

  static String oneLine(@org.jspecify.annotations.Nullable String s) {
    return s == null ? "null" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
