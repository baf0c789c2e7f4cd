package io.infrasync.adapters.infrahub.internal;

import io.infrasync.ConfigurationException.Problem;
import io.infrasync.Side;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SourceLocation;
import io.infrasync.config.SyncConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a configuration against the live Infrahub schema before anything is read: every kind,
 * attribute and relationship exists, references point at a kind the relationship accepts
 * (generic-aware), written kinds are nodes and written attributes are not read-only, and a
 * destination's identifiers are not finer than Infrahub's own uniqueness (infrahub-sync #166).
 */
final class ConfigCheck {
  private ConfigCheck() {}

  static List<Problem> check(SyncConfig config, Side side, Schema schema, String branch) {
    List<Problem> problems = new ArrayList<>();
    List<SchemaMapping> entries = config.schemaMapping();
    Set<String> reported = new LinkedHashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      SchemaMapping m = entries.get(i);
      String path = "schema_mapping[" + i + "]";
      Optional<Schema.Kind> found = schema.kind(m.name());
      if (found.isEmpty()) {
        if (reported.add(m.name())) {
          problems.add(problem(m.location(), path + ".name", "kind `" + m.name() + "` does not exist in Infrahub"
              + " (branch " + branch + ")" + didYouMean(m.name(), schema.kindNames())));
        }
        continue;
      }
      Schema.Kind kind = found.get();
      boolean destination = side == Side.DESTINATION;
      if (destination && kind.generic() && reported.add(m.name())) {
        problems.add(problem(m.location(), path + ".name", "`" + m.name() + "` is a generic: Infrahub cannot"
            + " create nodes of a generic; map one of the node kinds that use it: " + kind.usedBy()));
      }
      for (int j = 0; j < m.fields().size(); j++) {
        FieldMapping f = m.fields().get(j);
        if (!destination && (f.hasStatic() || transformed(m, f.name()))) {
          continue; // a static value, or a key a transform writes, is not read from Infrahub
        }
        checkField(schema, kind, f, destination, path + ".fields[" + j + "]", at(f.location(), m.location()),
            problems);
      }
      if (destination && !m.identifiers().isEmpty()) {
        checkIdentity(kind, m, path, problems);
      }
    }
    return problems;
  }

  private static void checkField(Schema schema, Schema.Kind kind, FieldMapping f, boolean destination, String path,
      SourceLocation at, List<Problem> problems) {
    String name = f.name();
    Schema.Attribute attribute = kind.attributes().get(name);
    Schema.Relationship rel = kind.relationships().get(name);
    if (attribute == null && rel == null) {
      problems.add(problem(at, path + ".name", "`" + kind.name() + "` has no attribute or relationship `" + name
          + "`" + didYouMean(name, kind.fieldNames()) + "; it has: " + String.join(", ", kind.fieldNames())));
      return;
    }
    String ref = f.reference();
    if (attribute != null) {
      if (ref != null) {
        problems.add(problem(at, path + ".reference", "`" + kind.name() + "." + name + "` is an attribute ("
            + attribute.kind() + "), not a relationship; remove `reference: " + ref + "`"));
      } else if (destination && attribute.readOnly()) {
        problems.add(problem(at, path + ".name", "`" + kind.name() + "." + name
            + "` is read-only in Infrahub and cannot be written"));
      }
      return;
    }
    if (rel == null) {
      return;
    }
    if (ref == null) {
      problems.add(problem(at, path, "`" + kind.name() + "." + name + "` is a relationship to `" + rel.peer()
          + "`; add `reference: <kind>` naming the mapped kind of its peers"));
      return;
    }
    if (schema.kind(ref).isEmpty()) {
      problems.add(problem(at, path + ".reference", "referenced kind `" + ref + "` does not exist in Infrahub"
          + didYouMean(ref, schema.kindNames())));
    } else if (!schema.fits(ref, rel.peer())) {
      problems.add(problem(at, path + ".reference", "`" + kind.name() + "." + name + "` accepts peers of kind `"
          + rel.peer() + "`, but the mapping references `" + ref + "`, which is not a `" + rel.peer() + "`"));
    } else if (destination && rel.readOnly()) {
      problems.add(problem(at, path + ".name", "`" + kind.name() + "." + name
          + "` is read-only in Infrahub and cannot be written"));
    }
  }

  /**
   * infrahub-sync #166: identifiers finer than a uniqueness rule of the destination let two source
   * records that differ only in the extra fields meet the same Infrahub node.
   */
  private static void checkIdentity(Schema.Kind kind, SchemaMapping m, String path, List<Problem> problems) {
    Set<String> ids = new LinkedHashSet<>(m.identifiers());
    for (Schema.UniqueKey key : kind.uniqueKeys()) {
      Set<String> unique = new LinkedHashSet<>(key.fields());
      if (ids.containsAll(unique) && !unique.containsAll(ids)) {
        List<String> extra = new ArrayList<>(ids);
        extra.removeAll(unique);
        problems.add(problem(m.location(), path + ".identifiers", "identifiers " + m.identifiers() + " of `"
            + kind.name() + "` are finer than Infrahub's " + key.origin() + " on " + key.fields()
            + ": two source records that differ only in " + extra + " would be the same Infrahub node"
            + " (infrahub-sync #166); use identifiers " + key.fields() + " or change the Infrahub schema"));
        return;
      }
    }
  }

  private static boolean transformed(SchemaMapping m, String field) {
    return m.transforms().stream().anyMatch(t -> t.field().equals(field));
  }

  private static SourceLocation at(SourceLocation field, SourceLocation entry) {
    return field.line() > 0 ? field : entry;
  }

  private static Problem problem(SourceLocation at, String path, String message) {
    return new Problem(at.file(), at.line(), at.column(), path, "infrahub: " + message);
  }

  /** {@code "; did you mean `x`?"} for the closest candidate within a small edit distance. */
  static String didYouMean(String input, Collection<String> candidates) {
    String in = input.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(in, c.toLowerCase(Locale.ROOT));
      if (d > 0 && d <= Math.max(2, c.length() / 4) && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best == null ? "" : "; did you mean `" + best + "`?";
  }

  /** Damerau-Levenshtein (optimal string alignment) distance: a swap of two letters counts once. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
