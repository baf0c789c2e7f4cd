package io.infrasync.internal.mapping;

import io.infrasync.FieldLayout;
import io.infrasync.MappingException;
import io.infrasync.Values;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of a layout out of a raw record, each through a precompiled reader: a static
 * value, a dotted {@code mapping} path, or the field's own name. Fields the reader does not cover are
 * null. Reference fields become {@link RefToken}s, other values are normalised
 * ({@link Values#normalize}; lists and maps become immutable).
 */
final class RecordReader {
  private sealed interface Source {}

  private record Constant(@Nullable Object value) implements Source {}

  private record AtPath(FieldPath path) implements Source {}

  private record ByName(String name) implements Source {}

  private final FieldLayout layout;
  private final @Nullable String resource;
  private final @Nullable Source[] sources;
  private final boolean[] references;

  private RecordReader(FieldLayout layout, @Nullable String resource, @Nullable Source[] sources) {
    this.layout = layout;
    this.resource = resource;
    this.sources = sources;
    this.references = new boolean[layout.size()];
    for (int i = 0; i < layout.size(); i++) {
      references[i] = layout.reference(i) != null;
    }
  }

  /**
   * Reads an entry's fields the way infrahub-sync evaluates them: {@code static} wins (falsy values
   * included), else the value at the {@code mapping} path.
   */
  static RecordReader ofPaths(SchemaMapping m, FieldLayout layout) {
    requireKind(m, layout);
    @Nullable Source[] sources = new Source[layout.size()];
    for (FieldMapping f : m.fields()) {
      int i = layout.indexOf(f.name());
      if (i < 0) {
        throw new IllegalArgumentException("field `" + f.name() + "` of `" + m.name() + "` is not in the layout " + layout);
      }
      if (f.hasStatic()) {
        Object v = Values.normalize(f.staticValue());
        sources[i] = new Constant(layout.reference(i) != null ? constantReference(m, f, v) : v);
      } else if (f.mapping() != null) {
        sources[i] = new AtPath(FieldPath.of(f.mapping()));
      }
    }
    return new RecordReader(layout, m.mapping(), sources);
  }

  /** Reads every field of the layout by its name, as stored (no static values). */
  static RecordReader ofNames(FieldLayout layout, @Nullable String resource) {
    @Nullable Source[] sources = new Source[layout.size()];
    for (int i = 0; i < layout.size(); i++) {
      sources[i] = new ByName(layout.name(i));
    }
    return new RecordReader(layout, resource, sources);
  }

  private static @Nullable Object constantReference(SchemaMapping m, FieldMapping f, @Nullable Object v) {
    try {
      return RefToken.of(v);
    } catch (IllegalArgumentException e) {
      throw new io.infrasync.ConfigurationException(f.location().file(),
          "`" + m.name() + "` field `" + f.name() + "`: static reference " + e.getMessage());
    }
  }

  private static void requireKind(SchemaMapping m, FieldLayout layout) {
    if (!m.name().equals(layout.kind())) {
      throw new IllegalArgumentException("mapping of `" + m.name() + "` used with the layout of `" + layout.kind() + "`");
    }
  }

  FieldLayout layout() {
    return layout;
  }

  /**
   * Reads one record.
   *
   * @throws MappingException when a reference field holds something that is no reference
   */
  PendingRecord read(Map<String, ? extends @Nullable Object> data, @Nullable String serverId) {
    @Nullable Object[] values = new Object[sources.length];
    for (int i = 0; i < sources.length; i++) {
      Source s = sources[i];
      if (s == null) {
        continue;
      }
      if (s instanceof Constant c) {
        values[i] = c.value();
        continue;
      }
      Object raw = s instanceof AtPath p ? p.path().get(data) : data.get(((ByName) s).name());
      if (!references[i]) {
        values[i] = Values.normalize(raw);
        continue;
      }
      try {
        values[i] = RefToken.of(raw);
      } catch (IllegalArgumentException e) {
        throw new MappingException("`" + layout.kind() + "` record" + (serverId == null ? "" : " " + serverId)
            + ": field `" + layout.name(i) + "`: " + e.getMessage());
      }
    }
    return new PendingRecord(layout, serverId, resource, values);
  }
}
