package io.infrasync.config;

import io.infrasync.Values;
import io.infrasync.internal.config.Checks;
import io.infrasync.internal.config.ConfigValidator;
import io.infrasync.internal.config.Origins;
import io.infrasync.internal.config.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@code schema_mapping[]} entry. The same {@code name} (destination kind) may appear several
 * times, fed from several source resources.
 *
 * @param name the destination kind
 * @param mapping the source resource path ({@code dcim.devices}); null means "skip this entry"
 * @param identifiers the key fields, in order; empty when the config gives none (the destination
 *     schema's unique fields are used then)
 */
public record SchemaMapping(
    String name,
    @Nullable String mapping,
    List<String> identifiers,
    List<FieldMapping> fields,
    List<FilterSpec> filters,
    List<TransformSpec> transforms,
    SourceLocation location) {
  public SchemaMapping {
    Objects.requireNonNull(name, "name");
    identifiers = List.copyOf(identifiers);
    fields = List.copyOf(fields);
    filters = List.copyOf(filters);
    transforms = List.copyOf(transforms);
    Objects.requireNonNull(location, "location");
  }

  /**
   * A builder for one entry made in code. Setters check their arguments at once (a field name may be
   * used once); {@link Builder#build()} runs the loader's checks for one entry (identifiers are
   * fields, filter values fit their operation).
   *
   * @param kind the destination kind
   */
  public static Builder builder(String kind) {
    return new Builder(kind);
  }

  /** Builds a {@link SchemaMapping}. */
  public static final class Builder {
    private static final System.Logger LOG = System.getLogger("io.infrasync.config");

    private final String kind;
    private @Nullable String mapping;
    private @Nullable List<String> identifiers;
    private final Map<String, FieldMapping> fields = new LinkedHashMap<>();
    private final List<FilterSpec> filters = new ArrayList<>();
    private final List<TransformSpec> transforms = new ArrayList<>();

    private Builder(String kind) {
      this.kind = Checks.requireName(kind, "kind");
    }

    /** The source resource path ({@code dcim.devices}); without it the entry is skipped. */
    public Builder mapping(String path) {
      Checks.requireState(mapping == null, "mapping of " + kind + " was already set to " + mapping);
      mapping = Checks.requireName(path, "mapping");
      return this;
    }

    /** The key fields, in order; each must be a field of this entry. */
    public Builder identifiers(String... names) {
      Objects.requireNonNull(names, "identifiers");
      Checks.requireState(identifiers == null, "identifiers of " + kind + " were already set to " + identifiers);
      Checks.requireArgument(names.length > 0, "identifiers of " + kind + " must not be empty");
      for (String n : names) {
        Checks.requireName(n, "identifier");
      }
      Checks.requireArgument(Arrays.stream(names).distinct().count() == names.length,
          "identifiers of " + kind + " contain a duplicate: " + Arrays.toString(names));
      identifiers = List.of(names);
      return this;
    }

    /** A field read from the dotted source {@code path}. */
    public Builder field(String name, String path) {
      return field(FieldMapping.of(Checks.requireName(name, "field name"), Checks.requireName(path, "field path")));
    }

    /** A field with a constant value; falsy values ({@code false}, {@code 0}, {@code ""}) are kept. */
    public Builder staticField(String name, @Nullable Object value) {
      return field(FieldMapping.ofStatic(Checks.requireName(name, "field name"), Values.normalize(value)));
    }

    /** A reference field: the value at {@code path} resolves to an object of {@code kind}. */
    public Builder reference(String name, String path, String kind) {
      return field(FieldMapping.reference(Checks.requireName(name, "field name"), Checks.requireName(path, "field path"),
          Checks.requireName(kind, "referenced kind")));
    }

    /** A reference field whose constant {@code value} is the peer's unique id (the ACI pattern). */
    public Builder staticReference(String name, Object value, String kind) {
      Objects.requireNonNull(value, "value");
      return field(new FieldMapping(Checks.requireName(name, "field name"), null, Values.normalize(value), true,
          Checks.requireName(kind, "referenced kind"), SourceLocation.UNKNOWN));
    }

    /** Any field definition. */
    public Builder field(FieldMapping field) {
      Objects.requireNonNull(field, "field");
      Checks.requireArgument(!fields.containsKey(field.name()), "field `" + field.name() + "` of " + kind + " is already defined");
      fields.put(field.name(), field);
      return this;
    }

    /** A filter on the raw source record; filters are combined with AND. */
    public Builder filter(String field, FilterOp op, @Nullable Object value) {
      Objects.requireNonNull(op, "op");
      filters.add(new FilterSpec(Checks.requireName(field, "filter field"), op, Values.normalize(value)));
      return this;
    }

    /** A Jinja transform whose result is written into {@code field} of the raw record; applied in order. */
    public Builder transform(String field, String expression) {
      Objects.requireNonNull(expression, "expression");
      transforms.add(new TransformSpec(Checks.requireName(field, "transform field"), expression));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws io.infrasync.ConfigurationException listing every problem (source {@code <builder>})
     */
    public SchemaMapping build() {
      SchemaMapping m = new SchemaMapping(kind, mapping, identifiers == null ? List.of() : identifiers,
          List.copyOf(fields.values()), filters, transforms, SourceLocation.UNKNOWN);
      Problems problems = new Problems(SourceLocation.UNKNOWN.file());
      SchemaMapping checked = new ConfigValidator(problems, new Origins()).validateEntry(m, "");
      problems.logWarnings(LOG);
      problems.throwIfErrors();
      return checked;
    }
  }
}
