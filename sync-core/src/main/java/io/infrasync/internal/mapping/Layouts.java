package io.infrasync.internal.mapping;

import io.infrasync.ConfigurationException;
import io.infrasync.FieldLayout;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@link FieldLayout} of every mapped kind: the union of the field names of all its
 * {@code schema_mapping} entries (first-appearance order), its identifiers and its references.
 */
public final class Layouts {
  private static final System.Logger LOG = System.getLogger("io.infrasync.mapping");

  private Layouts() {}

  /**
   * Layouts per kind, in first-appearance order. Identifiers are the entries' {@code identifiers};
   * when no entry gives any, the destination's unique fields that the kind maps (as infrahub-sync's
   * generator does), else {@code name} when the kind maps a {@code name} field (with a warning).
   * A reference field's {@link FieldLayout.Reference} has {@code many == false}: whether it holds a
   * key or a list of keys shows in its values.
   *
   * @param uniqueFieldsOfDestination the unique fields of a kind on the destination (empty when
   *     unknown)
   * @throws ConfigurationException naming each kind without identifiers, or with a field that
   *     references different kinds in different entries
   */
  public static Map<String, FieldLayout> of(SyncConfig config, Function<String, List<String>> uniqueFieldsOfDestination) {
    String source = config.file() == null ? "<builder>" : config.file().toString();
    List<ConfigurationException.Problem> problems = new ArrayList<>();
    Map<String, FieldLayout> out = new LinkedHashMap<>();
    for (String kind : config.kinds()) {
      List<SchemaMapping> entries = config.mappingsOf(kind);
      SchemaMapping first = entries.get(0);
      String path = "schema_mapping[" + config.schemaMapping().indexOf(first) + "]";
      Set<String> fields = new LinkedHashSet<>();
      Map<String, FieldLayout.Reference> references = new LinkedHashMap<>();
      List<String> identifiers = List.of();
      for (SchemaMapping m : entries) {
        if (identifiers.isEmpty()) {
          identifiers = m.identifiers();
        }
        for (FieldMapping f : m.fields()) {
          fields.add(f.name());
          if (f.reference() == null) {
            continue;
          }
          FieldLayout.Reference before = references.putIfAbsent(f.name(), new FieldLayout.Reference(f.reference(), false));
          if (before != null && !before.kind().equals(f.reference())) {
            problems.add(new ConfigurationException.Problem(source, f.location().line(), f.location().column(), path,
                "field `" + f.name() + "` of `" + kind + "` references `" + before.kind() + "` in one entry and `"
                    + f.reference() + "` in another; a field references one kind"));
          }
        }
      }
      if (identifiers.isEmpty()) {
        identifiers = uniqueFieldsOfDestination.apply(kind).stream().filter(fields::contains).distinct().toList();
      }
      if (identifiers.isEmpty()) {
        if (!fields.contains("name")) {
          problems.add(new ConfigurationException.Problem(source, first.location().line(), first.location().column(), path,
              "kind `" + kind + "` has no `identifiers`, the destination declares no unique field it maps, and it maps no "
                  + "`name` field: give `identifiers`"));
          continue;
        }
        LOG.log(System.Logger.Level.WARNING, "{0}: {1}: kind `{2}` has no `identifiers` and the destination declares no "
            + "unique field it maps; keying it by `name`", source, path, kind);
        identifiers = List.of("name");
      }
      fields.addAll(identifiers);
      out.put(kind, FieldLayout.of(kind, List.copyOf(fields), identifiers, references));
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return out;
  }
}
