package io.infrasync.config;

import io.infrasync.internal.config.Checks;
import io.infrasync.internal.config.ConfigValidator;
import io.infrasync.internal.config.Origins;
import io.infrasync.internal.config.Problems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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

  /**
   * A builder for configurations made in code (no YAML, no {@code ${VAR}} expansion). Setters check
   * their arguments at once; {@link Builder#build()} runs the loader's semantic validation.
   *
   * @param name the sync name (it names the cache directory)
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a {@link SyncConfig}; each setter may be called once, {@link #mapping} any number of times. */
  public static final class Builder {
    private static final System.Logger LOG = System.getLogger("io.infrasync.config");

    private final String name;
    private @Nullable String description;
    private @Nullable StoreConfig store;
    private @Nullable AdapterConfig source;
    private @Nullable AdapterConfig destination;
    private @Nullable List<String> adaptersPath;
    private @Nullable List<String> order;
    private final List<SchemaMapping> mappings = new ArrayList<>();
    private @Nullable Set<DiffFlag> flags;
    private @Nullable IncrementalConfig incremental;

    private Builder(String name) {
      this.name = Checks.requireName(name, "name");
    }

    /** Free text, for documentation only. */
    public Builder description(String description) {
      Checks.requireState(this.description == null, "description was already set");
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Accepted for infrahub-sync compatibility; InfraSync ignores it. */
    public Builder store(StoreConfig store) {
      Checks.requireState(this.store == null, "store was already set to " + this.store);
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The source adapter, looked up by {@code name}. Settings values must not be null. */
    public Builder source(String name, Map<String, ?> settings) {
      return source(new AdapterConfig(Checks.requireName(name, "source name"), Checks.settings(settings, "source settings")));
    }

    public Builder source(AdapterConfig source) {
      Objects.requireNonNull(source, "source");
      Checks.requireState(this.source == null, "source was already set to " + this.source);
      this.source = source;
      return this;
    }

    /** The destination adapter, looked up by {@code name}. Settings values must not be null. */
    public Builder destination(String name, Map<String, ?> settings) {
      return destination(new AdapterConfig(Checks.requireName(name, "destination name"),
          Checks.settings(settings, "destination settings")));
    }

    public Builder destination(AdapterConfig destination) {
      Objects.requireNonNull(destination, "destination");
      Checks.requireState(this.destination == null, "destination was already set to " + this.destination);
      this.destination = destination;
      return this;
    }

    /** Extra directories for adapter plugins ({@code adapters_path}). */
    public Builder adaptersPath(String... directories) {
      Checks.requireState(adaptersPath == null, "adaptersPath was already set to " + adaptersPath);
      adaptersPath = names(directories, "adaptersPath");
      return this;
    }

    /** Adds one {@code schema_mapping} entry (several entries may map the same kind). */
    public Builder mapping(SchemaMapping mapping) {
      mappings.add(Objects.requireNonNull(mapping, "mapping"));
      return this;
    }

    /** An explicit write order of kinds; without it, tiers are computed from the references. */
    public Builder order(String... kinds) {
      return order(Arrays.asList(Objects.requireNonNull(kinds, "kinds")));
    }

    public Builder order(List<String> kinds) {
      Checks.requireState(order == null, "order was already set to " + order);
      order = names(kinds.toArray(new String[0]), "order");
      return this;
    }

    /** The {@code diffsync_flags}. */
    public Builder flags(DiffFlag... flags) {
      Objects.requireNonNull(flags, "flags");
      Checks.requireState(this.flags == null, "flags were already set to " + this.flags);
      Set<DiffFlag> set = EnumSet.noneOf(DiffFlag.class);
      for (DiffFlag f : flags) {
        set.add(Objects.requireNonNull(f, "flag"));
      }
      this.flags = set;
      return this;
    }

    /** {@code incremental.full_resync_every}: a full extract every n runs (0: never forced). */
    public Builder incremental(int fullResyncEvery) {
      Checks.requireState(incremental == null, "incremental was already set to " + incremental);
      Checks.requireArgument(fullResyncEvery >= 0, "fullResyncEvery must be >= 0, was " + fullResyncEvery);
      incremental = new IncrementalConfig(fullResyncEvery);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalStateException when {@code source} or {@code destination} is missing
     * @throws io.infrasync.ConfigurationException listing every semantic problem (source
     *     {@code <builder>}): unknown referenced kinds that look like typos, inconsistent
     *     identifiers, {@code order} naming unmapped kinds, invalid filter values…
     */
    public SyncConfig build() {
      AdapterConfig src = source;
      AdapterConfig dst = destination;
      Checks.requireState(src != null, "source is required: call source(name, settings)");
      Checks.requireState(dst != null, "destination is required: call destination(name, settings)");
      Problems problems = new Problems(SourceLocation.UNKNOWN.file());
      ConfigValidator validator = new ConfigValidator(problems, new Origins());
      validator.validateName(name, SourceLocation.UNKNOWN);
      List<String> kinds = order == null ? List.of() : order;
      List<SchemaMapping> normalized = validator.validate(mappings, kinds);
      problems.logWarnings(LOG);
      problems.throwIfErrors();
      return new SyncConfig(name, description, store, Objects.requireNonNull(src), Objects.requireNonNull(dst),
          adaptersPath == null ? List.of() : adaptersPath, kinds, normalized,
          flags == null ? Set.of() : flags, incremental == null ? IncrementalConfig.DEFAULT : incremental, null, null);
    }

    private static List<String> names(String[] values, String what) {
      Objects.requireNonNull(values, what);
      List<String> out = new ArrayList<>(values.length);
      for (String v : values) {
        out.add(Checks.requireName(v, what + " entry"));
      }
      return List.copyOf(out);
    }
  }
}
