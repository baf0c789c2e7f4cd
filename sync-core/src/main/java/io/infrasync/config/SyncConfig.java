package io.infrasync.config;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A whole {@code config.yml}. Build one with {@link #builder(String)} or load one with
 * {@link ConfigLoader}.
 *
 * @param directory the directory holding the file (null when built in code)
 * @param file the file it was loaded from (null when built in code)
 */
public record SyncConfig(
    String name,
    @Nullable String description,
    @Nullable StoreConfig store,
    AdapterConfig source,
    AdapterConfig destination,
    List<String> adaptersPath,
    List<String> order,
    List<SchemaMapping> schemaMapping,
    Set<DiffFlag> diffsyncFlags,
    IncrementalConfig incremental,
    @Nullable Path directory,
    @Nullable Path file) {
  public SyncConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    adaptersPath = List.copyOf(adaptersPath);
    order = List.copyOf(order);
    schemaMapping = List.copyOf(schemaMapping);
    diffsyncFlags = diffsyncFlags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(diffsyncFlags));
    Objects.requireNonNull(incremental, "incremental");
  }

  /** The mapping entries for one kind, in file order. */
  public List<SchemaMapping> mappingsOf(String kind) {
    return schemaMapping.stream().filter(m -> m.name().equals(kind)).toList();
  }

  /** Mapped kind names in first-appearance order. */
  public List<String> kinds() {
    return schemaMapping.stream().map(SchemaMapping::name).distinct().toList();
  }
}
