package io.infrasync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The changes a sync would make, in the order it makes them: creates and updates tier by tier
 * (referenced kinds first), then deletes in reverse tier order (children first). Immutable.
 */
public final class Plan implements Iterable<Change> {
  private final List<Change> changes;
  private final List<List<String>> tiers;
  private final @Nullable String runId;

  public Plan(List<Change> changes, List<List<String>> tiers) {
    this(changes, tiers, null);
  }

  private Plan(List<Change> changes, List<List<String>> tiers, @Nullable String runId) {
    this.changes = List.copyOf(changes);
    List<List<String>> t = new ArrayList<>();
    tiers.forEach(tier -> t.add(List.copyOf(tier)));
    this.tiers = Collections.unmodifiableList(t);
    this.runId = runId;
  }

  /** This plan as stored by the run {@code runId}. */
  public Plan withRunId(String runId) {
    return new Plan(changes, tiers, java.util.Objects.requireNonNull(runId, "runId"));
  }

  /**
   * The run that stored this plan in the cache (a {@code diff} run, for {@link
   * SyncEngine#apply(String)} later, perhaps in another process); empty for a plan built in code or
   * filtered from another.
   */
  public Optional<String> runId() {
    return Optional.ofNullable(runId);
  }

  public static Plan empty() {
    return new Plan(List.of(), List.of());
  }

  public List<Change> changes() {
    return changes;
  }

  /** The write tiers: each a list of kinds that do not depend on one another. */
  public List<List<String>> tiers() {
    return tiers;
  }

  @Override
  public Iterator<Change> iterator() {
    return changes.iterator();
  }

  public Stream<Change> stream() {
    return changes.stream();
  }

  public int size() {
    return changes.size();
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public long count(Action action) {
    return changes.stream().filter(c -> c.action() == action).count();
  }

  public long count(String kind, Action action) {
    return changes.stream().filter(c -> c.action() == action && c.kind().equals(kind)).count();
  }

  /** A plan of the changes that match. */
  public Plan filter(Predicate<Change> keep) {
    return new Plan(changes.stream().filter(keep).toList(), tiers);
  }

  /** Counts per kind (in tier order) and action. */
  public Map<String, Map<Action, Long>> summary() {
    Map<String, Map<Action, Long>> out = new LinkedHashMap<>();
    tiers.forEach(t -> t.forEach(k -> out.put(k, emptyCounts())));
    for (Change c : changes) {
      out.computeIfAbsent(c.kind(), k -> emptyCounts()).merge(c.action(), 1L, Long::sum);
    }
    return out;
  }

  private static Map<Action, Long> emptyCounts() {
    Map<Action, Long> m = new java.util.EnumMap<>(Action.class);
    for (Action a : Action.values()) {
      m.put(a, 0L);
    }
    return m;
  }

  /** A human-readable listing: one line per change, attribute changes as {@code old -> new}. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (Change c : changes) {
      sb.append(c.action().wireName()).append(' ').append(c.kind()).append(' ').append(c.key());
      for (AttributeChange a : c.attributes()) {
        sb.append("\n    ").append(a.name()).append(": ");
        if (c.action() == Action.UPDATE) {
          sb.append(Values.display(a.oldValue())).append(" -> ");
        }
        sb.append(Values.display(a.newValue()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** One line per kind with changes: {@code Kind: +c ~u -d}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Plan(").append(changes.size()).append(" changes)");
    summary().forEach((kind, counts) -> {
      long n = counts.values().stream().mapToLong(Long::longValue).sum();
      if (n > 0) {
        sb.append("\n  ").append(kind).append(": +").append(counts.get(Action.CREATE))
            .append(" ~").append(counts.get(Action.UPDATE)).append(" -").append(counts.get(Action.DELETE));
      }
    });
    return sb.toString();
  }
}
