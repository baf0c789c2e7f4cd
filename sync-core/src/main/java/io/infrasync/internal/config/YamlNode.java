package io.infrasync.internal.config;

import io.infrasync.config.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A YAML value with the location it was read from. */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

  SourceLocation location();

  /** "a string", "a list"…, for messages. */
  String describe();

  /** "a string (\"x\")", "an integer (5)", "a list"…, for messages about plain values. */
  static String describeValue(@Nullable Object value) {
    String kind = kindOf(value);
    if (value instanceof String s) {
      return kind + " (\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\")";
    }
    if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return kind + " (" + value + ")";
    }
    return kind;
  }

  /** "a string", "an integer"…, without the value (for settings, which may hold secrets). */
  static String kindOf(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Long) {
      return "an integer";
    }
    if (value instanceof Double) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    return value.getClass().getSimpleName();
  }

  /** The plain Java value: the {@link io.infrasync.Values} domain, with unmodifiable lists and maps. */
  @Nullable Object toJava();

  /**
   * A scalar: {@code null}, {@link String}, {@link Long}, {@link Double} or {@link Boolean}.
   */
  record Scalar(@Nullable Object value, SourceLocation location) implements YamlNode {
    @Override
    public String describe() {
      return describeValue(value);
    }

    @Override
    public @Nullable Object toJava() {
      return value;
    }

    public boolean isNull() {
      return value == null;
    }
  }

  /** A sequence. */
  record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }

    @Override
    public List<@Nullable Object> toJava() {
      List<@Nullable Object> out = new ArrayList<>(items.size());
      for (YamlNode item : items) {
        out.add(item.toJava());
      }
      return Collections.unmodifiableList(out);
    }
  }

  /** A mapping, in document order. */
  record Mapping(Map<String, Entry> entries, SourceLocation location) implements YamlNode {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public @Nullable Entry get(String key) {
      return entries.get(key);
    }

    /** The value of {@code key}, or null when the key is absent or its value is {@code null}. */
    public @Nullable YamlNode value(String key) {
      Entry e = entries.get(key);
      if (e == null || (e.value() instanceof Scalar s && s.isNull())) {
        return null;
      }
      return e.value();
    }

    @Override
    public String describe() {
      return "a mapping";
    }

    @Override
    public Map<String, @Nullable Object> toJava() {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      entries.forEach((k, e) -> out.put(k, e.value().toJava()));
      return Collections.unmodifiableMap(out);
    }
  }

  /** One {@code key: value} pair. */
  record Entry(String key, SourceLocation keyLocation, YamlNode value) {}
}
