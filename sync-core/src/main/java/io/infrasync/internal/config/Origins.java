package io.infrasync.internal.config;

import io.infrasync.config.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the elements of a configuration came from: the key path of each record, the location of each
 * path, and which entries were only partly read (their cross-checks are skipped to avoid follow-up
 * errors). Empty for configurations built in code: paths then fall back to list positions.
 */
public final class Origins {
  private final IdentityHashMap<Object, String> paths = new IdentityHashMap<>();
  private final Map<String, SourceLocation> locations = new HashMap<>();
  private final Set<Object> incomplete = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Integer> orderIndexes = new ArrayList<>();

  /** The key path of a record, or {@code fallback} when it was not read from YAML. */
  public String path(Object element, String fallback) {
    return paths.getOrDefault(element, fallback);
  }

  /** The location of a key path (its key, or its item for list entries), or {@code fallback}. */
  public SourceLocation locate(String path, SourceLocation fallback) {
    return locations.getOrDefault(path, fallback);
  }

  public boolean incomplete(Object element) {
    return incomplete.contains(element);
  }

  /** The path of the {@code i}-th kept {@code order} entry. */
  public String orderPath(int i) {
    return Paths.index("order", i < orderIndexes.size() ? orderIndexes.get(i) : i);
  }

  void record(Object element, String path) {
    paths.put(element, path);
  }

  void location(String path, SourceLocation at) {
    locations.putIfAbsent(path, at);
  }

  void markIncomplete(Object element) {
    incomplete.add(element);
  }

  void orderIndex(int originalIndex) {
    orderIndexes.add(originalIndex);
  }
}
