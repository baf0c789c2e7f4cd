package io.infrasync.examples;

import io.infrasync.Action;
import io.infrasync.Plan;
import io.infrasync.SyncEngine;
import io.infrasync.SyncException;
import io.infrasync.SyncReport;
import io.infrasync.config.SyncConfig;
import io.infrasync.testkit.infrahub.InfrahubNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The diff, review, apply workflow, like a Terraform plan: {@code engine.diff()} reads both sides
 * and stores the plan as a run in the cache ({@code plan.parquet}); a person or a pipeline reviews
 * it; later, maybe in another process, {@code engine.apply(runId)} writes exactly that plan without
 * reading the source again, or {@code engine.apply(plan)} writes a plan held in memory, possibly
 * filtered. A stored plan is checked against the destination first and refused when a record it
 * touches changed since the diff.
 *
 * <p>{@link #main} shows it against the testkit's emulators: a plan approved and applied by run id;
 * after NetBox edits, creates and updates applied but deletes held back; a plan of those deletes
 * refused because someone edited a device in Infrahub meanwhile; and a fresh diff applied.
 */
public final class DiffReviewApply {
  private DiffReviewApply() {}

  /**
   * What the example did.
   *
   * @param refusal the message of the stale plan's refusal
   */
  public record Result(SyncReport approved, SyncReport withoutDeletes, String refusal, SyncReport deletes) {}

  public static void main(String[] args) {
    NetBoxToInfrahubDemo.quietEngineLog();
    Path dir = Path.of(args.length > 0 ? args[0] : "target/diff-review-apply").toAbsolutePath();
    try (Emulators emulators = Emulators.start()) {
      run(emulators, dir, System.out);
    }
  }

  public static Result run(Emulators emulators, Path dir, PrintStream out) {
    NetBoxInventory.seed(emulators.netbox(), 40);
    SyncConfig config = NetBoxToInfrahubDemo.upstreamConfig(emulators);
    Path cacheRoot = dir.resolve(".infrahub-sync-cache");
    NetBoxToInfrahubDemo.deleteRecursively(cacheRoot.resolve(config.name()));

    out.println("== 1. diff: read NetBox and Infrahub, store the plan");
    String first = diff(emulators, config, cacheRoot, out);
    out.println("   review it, e.g. with DuckDB: SELECT action, resource, source_id, new_value FROM read_parquet('"
        + cacheRoot.resolve(config.name()).resolve(first).resolve("plan.parquet") + "');");
    out.println("== 2. approved: apply run " + first + " (the source is not read again)");
    SyncReport approved;
    try (SyncEngine engine = engine(emulators, config, cacheRoot)) {
      approved = engine.apply(first);
    }
    out.printf(Locale.ROOT, "   applied: %s%n", written(approved));

    out.println("== 3. NetBox changes; diff; apply the creates and updates, hold the deletes for a second look");
    NetBoxInventory.changeSomeRecords(emulators.netbox()).forEach(c -> out.println("   netbox: " + c));
    SyncReport withoutDeletes;
    try (SyncEngine engine = engine(emulators, config, cacheRoot)) {
      Plan plan = engine.diff();
      out.print(indent(plan.toString()));
      Plan held = plan.filter(c -> c.action() == Action.DELETE);
      out.print(indent("held:\n" + held.render()));
      withoutDeletes = engine.apply(plan.filter(c -> c.action() != Action.DELETE));
    }
    out.printf(Locale.ROOT, "   applied: %s%n", written(withoutDeletes));

    out.println("== 4. diff again: the plan is the held deletes; meanwhile someone edits the device in Infrahub");
    String deletes = diff(emulators, config, cacheRoot, out);
    String removed = NetBoxInventory.deviceName(NetBoxInventory.city(0), "asw", 4);
    InfrahubNode device = emulators.infrahub().find("InfraDevice", "name", removed).orElseThrow();
    emulators.infrahub().update(device.id(), Map.of("description", "do not remove: RMA pending"));
    String refusal;
    try (SyncEngine engine = engine(emulators, config, cacheRoot)) {
      engine.apply(deletes);
      throw new IllegalStateException("the stale plan of run " + deletes + " was applied");
    } catch (SyncException e) {
      if (e.code() != SyncException.Code.STALE_PLAN) {
        throw e;
      }
      refusal = String.valueOf(e.getMessage());
    }
    out.println("   apply " + deletes + " refused: " + refusal);

    out.println("== 5. the reviewer looks again, diffs afresh and approves");
    String fresh = diff(emulators, config, cacheRoot, out);
    SyncReport applied;
    try (SyncEngine engine = engine(emulators, config, cacheRoot)) {
      applied = engine.apply(fresh);
    }
    out.printf(Locale.ROOT, "   applied: %s; %s is gone from Infrahub: %s%n", written(applied), removed,
        emulators.infrahub().find("InfraDevice", "name", removed).isEmpty());
    return new Result(approved, withoutDeletes, refusal, applied);
  }

  /** Runs a diff with its own engine, prints the plan's summary, and returns the run's id. */
  private static String diff(Emulators emulators, SyncConfig config, Path cacheRoot, PrintStream out) {
    try (SyncEngine engine = engine(emulators, config, cacheRoot)) {
      Plan plan = engine.diff();
      String runId = plan.runId().orElseThrow();
      out.printf(Locale.ROOT, "   run %s (diff): %d changes: +%d ~%d -%d%n", runId, plan.size(),
          plan.count(Action.CREATE), plan.count(Action.UPDATE), plan.count(Action.DELETE));
      return runId;
    }
  }

  private static SyncEngine engine(Emulators emulators, SyncConfig config, Path cacheRoot) {
    return SyncEngine.builder().config(config).environment(emulators.environment()).cacheDirectory(cacheRoot).build();
  }

  private static String written(SyncReport r) {
    StringBuilder errors = new StringBuilder();
    r.errors().forEach(e -> errors.append(System.lineSeparator()).append("     error: ").append(e));
    return String.format(Locale.ROOT, "%s run %s, +%d ~%d -%d%s", r.success() ? "successful" : "failed", r.runId(),
        r.total(Action.CREATE), r.total(Action.UPDATE), r.total(Action.DELETE), errors);
  }

  private static String indent(String text) {
    return text.lines().map(l -> "   " + l + System.lineSeparator()).reduce("", String::concat);
  }
}
