package io.infrasync.internal.mapping;

import io.infrasync.ConfigurationException;
import io.infrasync.FieldLayout;
import io.infrasync.MappingException;
import io.infrasync.config.FilterSpec;
import io.infrasync.config.SchemaMapping;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.RawRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps the source side's raw records of one {@code schema_mapping} entry, in infrahub-sync's order:
 * filters (AND), then transforms (in order, on a copy of the record), then the field mapping. Compile
 * once per entry; {@link #map} is thread-safe and cheap when the entry has no transforms.
 */
public final class SourceMapper {
  private final SchemaMapping mapping;
  private final List<Filters.Compiled> filters;
  private final @Nullable Transforms transforms;
  private final RecordReader reader;

  private SourceMapper(SchemaMapping mapping, List<Filters.Compiled> filters, @Nullable Transforms transforms,
      RecordReader reader) {
    this.mapping = mapping;
    this.filters = filters;
    this.transforms = transforms;
    this.reader = reader;
  }

  /**
   * A mapper reading fields through their {@code mapping} paths ({@link Adapter.Addressing#PATHS}).
   *
   * @throws ConfigurationException for an invalid filter value or template (all of them, with their
   *     locations)
   */
  public static SourceMapper compile(SchemaMapping m, FieldLayout layout, TransformFunctions fns) {
    return compile(m, layout, fns, Adapter.Addressing.PATHS);
  }

  /**
   * A mapper for a source with the given addressing: with {@link Adapter.Addressing#PATHS}
   * {@code static} wins, else the value at the field's {@code mapping} path is read; with
   * {@link Adapter.Addressing#NAMES} every field of the layout is read by its name. Filters and
   * transforms apply either way.
   *
   * @throws ConfigurationException for an invalid filter value or template
   */
  public static SourceMapper compile(SchemaMapping m, FieldLayout layout, TransformFunctions fns,
      Adapter.Addressing addressing) {
    List<ConfigurationException.Problem> problems = new java.util.ArrayList<>();
    List<Filters.Compiled> filters = new java.util.ArrayList<>();
    for (FilterSpec f : m.filters()) {
      try {
        filters.add(Filters.compile(f));
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    Transforms transforms = null;
    if (!m.transforms().isEmpty()) {
      try {
        transforms = Transforms.compile(m.name(), m.transforms(), fns);
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    RecordReader reader = addressing == Adapter.Addressing.NAMES
        ? RecordReader.ofNames(requireKind(m, layout), m.mapping())
        : RecordReader.ofPaths(m, layout);
    return new SourceMapper(m, List.copyOf(filters), transforms, reader);
  }

  private static FieldLayout requireKind(SchemaMapping m, FieldLayout layout) {
    if (!m.name().equals(layout.kind())) {
      throw new IllegalArgumentException("mapping of `" + m.name() + "` used with the layout of `" + layout.kind() + "`");
    }
    return layout;
  }

  public SchemaMapping mapping() {
    return mapping;
  }

  public FieldLayout layout() {
    return reader.layout();
  }

  /**
   * Maps one raw record.
   *
   * @return the pending record, or null when a filter rejects it
   * @throws MappingException when a filter or transform fails as it would in Python (naming the
   *     kind, the record and the filter or expression), or a reference field holds no reference
   */
  public @Nullable PendingRecord map(RawRecord raw) {
    Map<String, ? extends @Nullable Object> data = raw.data();
    for (Filters.Compiled f : filters) {
      boolean pass;
      try {
        pass = f.test(data);
      } catch (IllegalArgumentException e) {
        throw new MappingException("`" + mapping.name() + "` record" + (raw.id() == null ? "" : " " + raw.id())
            + ": filter " + f + " (" + f.spec().location() + ") failed: " + e.getMessage(), e);
      }
      if (!pass) {
        return null;
      }
    }
    if (transforms != null) {
      Map<String, @Nullable Object> copy = new HashMap<>(data);
      transforms.apply(copy, raw.id());
      data = copy;
    }
    return reader.read(data, raw.id());
  }

  @Override
  public String toString() {
    return "SourceMapper[" + mapping.name() + (mapping.mapping() == null ? "" : " <- " + mapping.mapping()) + "]";
  }
}
