package io.infrasync.internal.config;

import io.infrasync.config.FieldMapping;
import io.infrasync.config.FilterOp;
import io.infrasync.config.FilterSpec;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SourceLocation;
import io.infrasync.config.TransformSpec;
import io.infrasync.internal.mapping.IpRange;
import io.infrasync.internal.mapping.TemplateCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The semantic rules of a configuration, shared by the YAML loader and the builders. Structural rules
 * (types, unknown keys, required keys) belong to {@link ConfigReader}; these look at the records.
 */
public final class ConfigValidator {
  private static final System.Logger LOG = System.getLogger("io.infrasync.config");

  private final Problems problems;
  private final Origins origins;

  public ConfigValidator(Problems problems, Origins origins) {
    this.problems = problems;
    this.origins = origins;
  }

  /** The sync name names the cache directory: it must be a plain directory name. */
  public void validateName(String name, SourceLocation fallback) {
    SourceLocation at = origins.locate("name", fallback);
    if (name.isBlank()) {
      problems.error(at, "name", "`name` must not be empty");
    } else if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
        || name.chars().anyMatch(Character::isISOControl)) {
      problems.error(at, "name", "`" + name + "` cannot name a cache directory: use no `/`, `\\`, control characters, `.` or `..`");
    }
  }

  /**
   * Checks every entry, then the rules across entries: referenced kinds, identifiers per kind and
   * {@code order}. Returns the entries with identical duplicate fields collapsed.
   */
  public List<SchemaMapping> validate(List<SchemaMapping> mappings, List<String> order) {
    List<SchemaMapping> out = new ArrayList<>(mappings.size());
    Set<String> kinds = new LinkedHashSet<>();
    for (int i = 0; i < mappings.size(); i++) {
      SchemaMapping m = mappings.get(i);
      out.add(validateEntry(m, pathOf(m, i)));
      kinds.add(m.name());
    }
    checkReferences(mappings, kinds);
    checkIdentifiersPerKind(mappings);
    checkOrder(order, kinds);
    return out;
  }

  /** The rules within one entry. Returns it with identical duplicate fields collapsed. */
  public SchemaMapping validateEntry(SchemaMapping m, String path) {
    SourceLocation entryAt = origins.locate(path, m.location());
    Map<String, Integer> firstIndex = new HashMap<>();
    Map<String, String> firstPath = new HashMap<>();
    List<FieldMapping> fields = new ArrayList<>(m.fields().size());
    boolean collapsed = false;
    for (int j = 0; j < m.fields().size(); j++) {
      FieldMapping f = m.fields().get(j);
      String fp = origins.path(f, Paths.index(Paths.key(path, "fields"), j));
      SourceLocation at = origins.locate(fp, f.location());
      if (!f.hasStatic() && f.mapping() == null && !origins.incomplete(f)) {
        problems.error(at, fp, "field `" + f.name() + "` of `" + m.name() + "` gives neither `mapping` nor `static`");
      } else if (f.hasStatic() && f.mapping() != null) {
        problems.warn(at, fp, "field `" + f.name() + "` gives both `static` and `mapping`; `static` wins and `mapping` is ignored");
      }
      Integer first = firstIndex.putIfAbsent(f.name(), fields.size());
      if (first == null) {
        firstPath.put(f.name(), fp);
        fields.add(f);
        continue;
      }
      collapsed = true;
      FieldMapping earlier = fields.get(first);
      if (sameDefinition(earlier, f)) {
        LOG.log(System.Logger.Level.DEBUG, "{0}: {1}: identical duplicate of field `{2}` collapsed", at, fp, f.name());
      } else {
        String earlierPath = firstPath.getOrDefault(f.name(), "");
        SourceLocation earlierAt = origins.locate(earlierPath, earlier.location());
        problems.warn(at, fp, "field `" + f.name() + "` of `" + m.name() + "` is defined again with a different definition (first at "
            + earlierPath + (earlierAt.line() > 0 ? ", line " + earlierAt.line() : "") + "); the last definition wins, as in infrahub-sync");
        fields.set(first, f);
      }
    }
    checkIdentifiers(m, path, entryAt);
    for (int k = 0; k < m.filters().size(); k++) {
      FilterSpec filter = m.filters().get(k);
      String fp = origins.path(filter, Paths.index(Paths.key(path, "filters"), k));
      checkFilter(filter, fp);
    }
    for (int k = 0; k < m.transforms().size(); k++) {
      TransformSpec t = m.transforms().get(k);
      checkTransform(m, t, origins.path(t, Paths.index(Paths.key(path, "transforms"), k)));
    }
    if (!collapsed) {
      return m;
    }
    return new SchemaMapping(m.name(), m.mapping(), m.identifiers(), fields, m.filters(), m.transforms(), m.location());
  }

  /**
   * Jinja compiles a template before rendering it: a syntax error or an unknown test refuses the
   * configuration here, at the transform's line. A filter that is not built in may come from the
   * adapter, which is not known yet: a warning here, an error when the engine is built.
   */
  private void checkTransform(SchemaMapping m, TransformSpec t, String tp) {
    TemplateCheck.Result r = TemplateCheck.check(t.expression());
    if (r.errors().isEmpty() && r.warnings().isEmpty()) {
      return;
    }
    SourceLocation at = origins.locate(tp, t.location());
    String what = "`" + m.name() + "` transform of `" + t.field() + "`: ";
    for (String e : r.errors()) {
      problems.error(at, tp, what + "invalid template `" + t.expression() + "`: " + e);
    }
    for (String w : r.warnings()) {
      problems.warn(at, tp, what + "template `" + t.expression() + "`: " + w
          + " among the built-in filters; the run refuses it unless the adapter supplies it");
    }
  }

  private void checkIdentifiers(SchemaMapping m, String path, SourceLocation entryAt) {
    String ip = Paths.key(path, "identifiers");
    Set<String> seen = new LinkedHashSet<>();
    for (int k = 0; k < m.identifiers().size(); k++) {
      String id = m.identifiers().get(k);
      String p = Paths.index(ip, k);
      SourceLocation at = origins.locate(p, origins.locate(ip, entryAt));
      if (!seen.add(id)) {
        problems.error(at, p, "identifier `" + id + "` is listed twice");
      }
    }
    // An entry without fields (a custom adapter maps the records itself) has nothing to check against;
    // an entry whose fields had errors is not checked either, to avoid follow-up errors.
    if (m.fields().isEmpty() || origins.incomplete(m)) {
      return;
    }
    Set<String> names = new LinkedHashSet<>();
    m.fields().forEach(f -> names.add(f.name()));
    for (int k = 0; k < m.identifiers().size(); k++) {
      String id = m.identifiers().get(k);
      if (!names.contains(id)) {
        String p = Paths.index(ip, k);
        problems.error(origins.locate(p, origins.locate(ip, entryAt)), p, "identifier `" + id + "` is not a field of `" + m.name() + "`"
            + Suggest.didYouMean(id, names) + " (fields: " + Suggest.list(names) + ")");
      }
    }
  }

  private void checkFilter(FilterSpec filter, String fp) {
    SourceLocation at = origins.locate(Paths.key(fp, "value"), origins.locate(fp, filter.location()));
    String vp = Paths.key(fp, "value");
    @Nullable Object v = filter.value();
    String op = "`" + filter.operation().symbol() + "`";
    switch (filter.operation()) {
      case GT, LT, GE, LE -> {
        if (!isInteger(v)) {
          problems.error(at, vp, op + " compares integers (as infrahub-sync does with int()): the value must be an integer, got " + describe(v));
        }
      }
      case IN, NOT_IN -> {
        if (!(v instanceof List<?> || v instanceof String)) {
          problems.error(at, vp, op + " needs a list (or a string) value, got " + describe(v));
        }
      }
      case CONTAINS, NOT_CONTAINS -> {
        if (v == null) {
          problems.error(at, vp, op + " needs a value");
        }
      }
      case IS_EMPTY, IS_NOT_EMPTY -> {
        if (v != null) {
          problems.warn(at, vp, op + " takes no value; the value is ignored");
        }
      }
      case REGEX -> {
        if (v instanceof String s) {
          try {
            Pattern.compile(s);
          } catch (PatternSyntaxException e) {
            problems.error(at, vp, "invalid regular expression: " + e.getDescription() + " at index " + e.getIndex());
          }
        } else {
          problems.error(at, vp, op + " needs a string pattern, got " + describe(v));
        }
      }
      case IS_IP_WITHIN -> {
        boolean ok = v instanceof String
            || (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof String));
        if (!ok) {
          problems.error(at, vp, op + " needs a CIDR string (e.g. \"10.0.0.0/8\") or a list of them, got " + describe(v));
        } else {
          // the same parser the filter runs with: a bad network fails here, not on every record
          for (Object cidr : v instanceof List<?> l ? l : List.of(v)) {
            try {
              IpRange.network((String) cidr);
            } catch (IllegalArgumentException e) {
              problems.error(at, vp, op + " needs valid networks: " + e.getMessage());
            }
          }
        }
      }
      case EQ, NE -> {
        // any value, null included (Python's == None)
      }
    }
  }

  private void checkReferences(List<SchemaMapping> mappings, Set<String> kinds) {
    for (int i = 0; i < mappings.size(); i++) {
      SchemaMapping m = mappings.get(i);
      String path = pathOf(m, i);
      for (int j = 0; j < m.fields().size(); j++) {
        FieldMapping f = m.fields().get(j);
        String ref = f.reference();
        if (ref == null || kinds.contains(ref)) {
          continue;
        }
        String fp = origins.path(f, Paths.index(Paths.key(path, "fields"), j));
        String rp = Paths.key(fp, "reference");
        SourceLocation at = origins.locate(rp, origins.locate(fp, f.location()));
        String hint = Suggest.didYouMean(ref, kinds);
        if (!hint.isEmpty()) {
          problems.error(at, rp, "kind `" + ref + "` is not mapped by any schema_mapping entry" + hint);
        } else {
          problems.warn(at, rp, "kind `" + ref + "` is not mapped by any schema_mapping entry; its objects must already exist in the destination");
        }
      }
    }
  }

  private void checkIdentifiersPerKind(List<SchemaMapping> mappings) {
    Map<String, Integer> declaredBy = new LinkedHashMap<>();
    for (int i = 0; i < mappings.size(); i++) {
      SchemaMapping m = mappings.get(i);
      if (m.identifiers().isEmpty()) {
        continue;
      }
      Integer first = declaredBy.putIfAbsent(m.name(), i);
      if (first != null && !mappings.get(first).identifiers().equals(m.identifiers())) {
        SchemaMapping earlier = mappings.get(first);
        String ip = Paths.key(pathOf(m, i), "identifiers");
        problems.error(origins.locate(ip, m.location()), ip, "kind `" + m.name() + "` has identifiers " + m.identifiers()
            + " here but " + earlier.identifiers() + " in " + pathOf(earlier, first)
            + "; every entry of a kind must use the same identifiers (or none)");
      }
    }
  }

  private void checkOrder(List<String> order, Set<String> kinds) {
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      String kind = order.get(i);
      String p = origins.orderPath(i);
      SourceLocation at = origins.locate(p, origins.locate("order", SourceLocation.UNKNOWN));
      if (!kinds.contains(kind)) {
        problems.error(at, p, "`order` names `" + kind + "`, which no schema_mapping entry maps" + Suggest.didYouMean(kind, kinds));
      }
      String first = seen.putIfAbsent(kind, p);
      if (first != null) {
        problems.error(at, p, "`" + kind + "` is listed twice in `order` (first at " + first + ")");
      }
    }
  }

  private String pathOf(SchemaMapping m, int i) {
    return origins.path(m, Paths.index("schema_mapping", i));
  }

  private static boolean sameDefinition(FieldMapping a, FieldMapping b) {
    return a.name().equals(b.name())
        && Objects.equals(a.mapping(), b.mapping())
        && a.hasStatic() == b.hasStatic()
        && Objects.equals(a.staticValue(), b.staticValue())
        && Objects.equals(a.reference(), b.reference());
  }

  private static boolean isInteger(@Nullable Object v) {
    if (v instanceof Long) {
      return true;
    }
    if (v instanceof Double d) {
      return d == Math.rint(d) && !d.isInfinite();
    }
    if (v instanceof String s) {
      try {
        Long.parseLong(s.strip());
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return false;
  }

  private static String describe(@Nullable Object v) {
    return YamlNode.describeValue(v);
  }
}
