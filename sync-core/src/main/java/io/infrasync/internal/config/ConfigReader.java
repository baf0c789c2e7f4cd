package io.infrasync.internal.config;

import io.infrasync.ConfigurationException.Problem;
import io.infrasync.config.AdapterConfig;
import io.infrasync.config.DiffFlag;
import io.infrasync.config.FieldMapping;
import io.infrasync.config.FilterOp;
import io.infrasync.config.FilterSpec;
import io.infrasync.config.IncrementalConfig;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SourceLocation;
import io.infrasync.config.StoreConfig;
import io.infrasync.config.SyncConfig;
import io.infrasync.config.TransformSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link YamlNode} tree into a {@link SyncConfig}: every key of infrahub-sync 2.0, strict
 * about unknown keys and types, collecting every problem before it gives up.
 */
public final class ConfigReader {
  static final List<String> TOP_KEYS = List.of("name", "description", "store", "source", "destination",
      "adapters_path", "order", "schema_mapping", "diffsync_flags", "incremental");
  static final List<String> STORE_KEYS = List.of("type", "settings");
  static final List<String> ADAPTER_KEYS = List.of("name", "adapter", "settings");
  static final List<String> MAPPING_KEYS = List.of("name", "mapping", "identifiers", "fields", "filters", "transforms");
  static final List<String> FIELD_KEYS = List.of("name", "mapping", "static", "reference");
  static final List<String> FILTER_KEYS = List.of("field", "operation", "value");
  static final List<String> TRANSFORM_KEYS = List.of("field", "expression");
  static final List<String> INCREMENTAL_KEYS = List.of("full_resync_every");

  /** Spellings seen in the GenericRestAPI docs (a doc bug upstream) and other likely guesses. */
  private static final Map<String, String> OPERATION_ALIASES = Map.ofEntries(
      Map.entry("equals", "=="), Map.entry("eq", "=="), Map.entry("=", "=="),
      Map.entry("not_equals", "!="), Map.entry("ne", "!="), Map.entry("<>", "!="),
      Map.entry("gt", ">"), Map.entry("greater_than", ">"), Map.entry("lt", "<"), Map.entry("less_than", "<"),
      Map.entry("gte", ">="), Map.entry("ge", ">="), Map.entry("lte", "<="), Map.entry("le", "<="),
      Map.entry("not_in", "not in"), Map.entry("not_contains", "not contains"), Map.entry("=~", "regex"),
      Map.entry("match", "regex"));

  /** The outcome of reading one source. */
  public record Result(@Nullable SyncConfig config, SourceLocation nameLocation, List<Problem> errors, List<Problem> warnings) {
    public Result {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }
  }

  private record Item(int index, String value) {}

  private final Problems problems;
  private final Origins origins = new Origins();
  private final EnvExpander env;

  private ConfigReader(Problems problems, Function<String, @Nullable String> env) {
    this.problems = problems;
    this.env = new EnvExpander(env, problems);
  }

  /** Parses and validates one {@code config.yml} text; never throws for configuration problems. */
  public static Result parse(String text, String source, @Nullable Path directory, @Nullable Path file,
      Function<String, @Nullable String> env) {
    Problems problems = new Problems(source);
    YamlNode root = YamlTreeReader.read(text, problems);
    ConfigReader reader = new ConfigReader(problems, env);
    SyncConfig config = root == null ? null : reader.read(root, directory, file);
    return new Result(problems.hasErrors() ? null : config, reader.origins.locate("name", problems.at(1, 1)),
        problems.errors(), problems.warnings());
  }

  /**
   * Reads only the top-level {@code name} (for a lookup by name without loading every file). Null,
   * with the reason in {@code problems}, when the text is not YAML or has no string name.
   */
  public static @Nullable String readName(String text, Problems problems) {
    YamlNode root = YamlTreeReader.read(text, problems);
    if (root == null) {
      return null;
    }
    if (root instanceof YamlNode.Mapping m && m.value("name") instanceof YamlNode.Scalar s && s.value() instanceof String name) {
      return name;
    }
    problems.error(root.location(), "name", "no top-level string `name`");
    return null;
  }

  private @Nullable SyncConfig read(YamlNode root, @Nullable Path directory, @Nullable Path file) {
    YamlNode.Mapping top = mapping(root, "", "a mapping at the top level (with `name`, `source`, `destination`, `schema_mapping`)");
    if (top == null) {
      return null;
    }
    keys(top, "", TOP_KEYS);
    String name = string(top, "name", "", true);
    String description = text(top, "description", "");
    StoreConfig store = store(top);
    AdapterConfig source = adapter(top, "source");
    AdapterConfig destination = adapter(top, "destination");
    List<String> adaptersPath = values(stringList(top, "adapters_path", ""));
    List<String> order = order(top);
    List<SchemaMapping> mappings = schemaMappings(top);
    Set<DiffFlag> flags = flags(top);
    IncrementalConfig incremental = incremental(top);

    ConfigValidator validator = new ConfigValidator(problems, origins);
    if (name != null) {
      validator.validateName(name, top.location());
    }
    List<SchemaMapping> normalized = validator.validate(mappings, order);
    if (problems.hasErrors() || name == null || source == null || destination == null) {
      return null;
    }
    return new SyncConfig(name, description, store, source, destination, adaptersPath, order, normalized,
        flags, incremental, directory, file);
  }

  // ---- sections -------------------------------------------------------------------------------

  private @Nullable StoreConfig store(YamlNode.Mapping top) {
    YamlNode node = top.value("store");
    if (node == null) {
      return null;
    }
    YamlNode.Mapping m = mapping(node, "store", "a mapping with `type` and `settings`");
    if (m == null) {
      return null;
    }
    keys(m, "store", STORE_KEYS);
    String type = string(m, "type", "store", true);
    Map<String, Object> settings = settings(m, "store", false);
    if (type == null) {
      return null;
    }
    problems.warn(origins.locate("store", m.location()), "store", "`store` (type `" + type
        + "`) is accepted for compatibility and ignored: InfraSync holds records in memory and caches runs on disk");
    return new StoreConfig(type, settings);
  }

  private @Nullable AdapterConfig adapter(YamlNode.Mapping top, String key) {
    YamlNode node = top.value(key);
    if (node == null) {
      problems.error(origins.locate(key, top.location()), key, "`" + key + "` is required (a mapping with `name` and `settings`)");
      return null;
    }
    YamlNode.Mapping m = mapping(node, key, "a mapping with `name`, `adapter` and `settings`");
    if (m == null) {
      return null;
    }
    keys(m, key, ADAPTER_KEYS);
    String name = string(m, "name", key, true);
    String adapter = string(m, "adapter", key, false);
    Map<String, Object> settings = settings(m, key, true);
    if (name == null) {
      return null;
    }
    return new AdapterConfig(name, adapter, settings, origins.locate(key, m.location()));
  }

  /** Free-form settings (adapter-specific keys); null values are dropped (they mean "unset"). */
  private Map<String, Object> settings(YamlNode.Mapping parent, String path, boolean expand) {
    String p = Paths.key(path, "settings");
    YamlNode node = parent.value("settings");
    if (node == null) {
      return Map.of();
    }
    if (!(node instanceof YamlNode.Mapping m)) {
      problems.error(node.location(), p, "`settings` must be a mapping, got " + kind(node));
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    m.entries().forEach((k, e) -> {
      String kp = Paths.key(p, k);
      origins.location(kp, e.keyLocation());
      Object v = expand ? env.expand(e.value(), kp) : e.value().toJava();
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  private List<String> order(YamlNode.Mapping top) {
    List<Item> items = stringList(top, "order", "");
    items.forEach(i -> origins.orderIndex(i.index()));
    return values(items);
  }

  private Set<DiffFlag> flags(YamlNode.Mapping top) {
    YamlNode node = top.value("diffsync_flags");
    if (node == null) {
      return Set.of();
    }
    if (!(node instanceof YamlNode.Sequence seq)) {
      problems.error(node.location(), "diffsync_flags", "`diffsync_flags` must be a list of flag names, got " + node.describe()
          + "; valid flags: " + flagNames());
      return Set.of();
    }
    Set<DiffFlag> flags = EnumSet.noneOf(DiffFlag.class);
    List<String> names = Arrays.stream(DiffFlag.values()).map(Enum::name).toList();
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      String p = Paths.index("diffsync_flags", i);
      origins.location(p, item.location());
      if (!(item instanceof YamlNode.Scalar s && s.value() instanceof String flag)) {
        problems.error(item.location(), p, "a flag must be a name, got " + item.describe() + "; valid flags: " + flagNames());
        continue;
      }
      if (names.contains(flag)) {
        flags.add(DiffFlag.valueOf(flag));
      } else {
        problems.error(item.location(), p, "unknown flag `" + flag + "`" + Suggest.didYouMean(flag, names) + "; valid flags: " + flagNames());
      }
    }
    return flags;
  }

  private IncrementalConfig incremental(YamlNode.Mapping top) {
    YamlNode node = top.value("incremental");
    if (node == null) {
      return IncrementalConfig.DEFAULT;
    }
    YamlNode.Mapping m = mapping(node, "incremental", "a mapping with `full_resync_every`");
    if (m == null) {
      return IncrementalConfig.DEFAULT;
    }
    keys(m, "incremental", INCREMENTAL_KEYS);
    YamlNode.Entry e = m.get("full_resync_every");
    if (e == null) {
      return IncrementalConfig.DEFAULT;
    }
    String p = "incremental.full_resync_every";
    if (e.value() instanceof YamlNode.Scalar s && s.value() instanceof Long n) {
      if (n >= 0 && n <= Integer.MAX_VALUE) {
        return new IncrementalConfig(n.intValue());
      }
      problems.error(e.value().location(), p, "`full_resync_every` must be between 0 and " + Integer.MAX_VALUE + " (0 disables the periodic full resync), got " + n);
    } else {
      problems.error(e.value().location(), p, "`full_resync_every` must be an integer >= 0, got " + e.value().describe());
    }
    return IncrementalConfig.DEFAULT;
  }

  private List<SchemaMapping> schemaMappings(YamlNode.Mapping top) {
    List<SchemaMapping> out = new ArrayList<>();
    for (Map.Entry<String, YamlNode.Mapping> item : items(top, "schema_mapping", "").entrySet()) {
      String p = item.getKey();
      YamlNode.Mapping m = item.getValue();
      keys(m, p, MAPPING_KEYS);
      String kind = string(m, "name", p, true);
      String mapping = string(m, "mapping", p, false);
      // Errors in identifiers or fields make the identifier check unreliable (follow-up errors).
      int before = problems.errorCount();
      List<String> identifiers = values(stringList(m, "identifiers", p));
      List<FieldMapping> fields = new ArrayList<>();
      items(m, "fields", p).forEach((fp, fm) -> addIfPresent(fields, field(fm, fp)));
      boolean incomplete = problems.errorCount() > before;
      List<FilterSpec> filters = new ArrayList<>();
      items(m, "filters", p).forEach((fp, fm) -> addIfPresent(filters, filter(fm, fp)));
      List<TransformSpec> transforms = new ArrayList<>();
      items(m, "transforms", p).forEach((tp, tm) -> addIfPresent(transforms, transform(tm, tp)));
      if (kind == null) {
        continue;
      }
      SchemaMapping sm = new SchemaMapping(kind, mapping, identifiers, fields, filters, transforms, m.location());
      origins.record(sm, p);
      if (incomplete) {
        origins.markIncomplete(sm);
      }
      out.add(sm);
    }
    return out;
  }

  private @Nullable FieldMapping field(YamlNode.Mapping m, String path) {
    int before = problems.errorCount();
    keys(m, path, FIELD_KEYS);
    String name = string(m, "name", path, true);
    String mapping = string(m, "mapping", path, false);
    YamlNode.Entry staticEntry = m.get("static");
    String reference = string(m, "reference", path, false);
    if (name == null) {
      return null;
    }
    Object staticValue = staticEntry == null ? null : staticEntry.value().toJava();
    FieldMapping f = new FieldMapping(name, mapping, staticValue, staticEntry != null, reference, m.location());
    origins.record(f, path);
    if (problems.errorCount() > before) {
      origins.markIncomplete(f);
    }
    return f;
  }

  private @Nullable FilterSpec filter(YamlNode.Mapping m, String path) {
    keys(m, path, FILTER_KEYS);
    String field = string(m, "field", path, true);
    String operation = string(m, "operation", path, true);
    YamlNode.Entry value = m.get("value");
    FilterOp op = null;
    if (operation != null) {
      op = FilterOp.fromSymbol(operation).orElse(null);
      if (op == null) {
        List<String> symbols = Arrays.stream(FilterOp.values()).map(FilterOp::symbol).toList();
        String alias = OPERATION_ALIASES.get(operation);
        String hint = alias != null ? "; did you mean `" + alias + "`?" : Suggest.didYouMean(operation, symbols);
        String p = Paths.key(path, "operation");
        problems.error(origins.locate(p, m.location()), p, "unknown operation `" + operation + "`" + hint
            + "; valid operations: " + Suggest.list(symbols));
      }
    }
    if (field == null || op == null) {
      return null;
    }
    FilterSpec f = new FilterSpec(field, op, value == null ? null : value.value().toJava(), m.location());
    origins.record(f, path);
    return f;
  }

  private @Nullable TransformSpec transform(YamlNode.Mapping m, String path) {
    keys(m, path, TRANSFORM_KEYS);
    String field = string(m, "field", path, true);
    String expression = string(m, "expression", path, true);
    if (field == null || expression == null) {
      return null;
    }
    TransformSpec t = new TransformSpec(field, expression, m.location());
    origins.record(t, path);
    return t;
  }

  // ---- typed access -----------------------------------------------------------------------------

  private YamlNode.@Nullable Mapping mapping(YamlNode node, String path, String expected) {
    if (node instanceof YamlNode.Mapping m) {
      return m;
    }
    problems.error(node.location(), path, "expected " + expected + ", got " + node.describe());
    return null;
  }

  /** Records the location of every key and reports the unknown ones. */
  private void keys(YamlNode.Mapping m, String path, List<String> allowed) {
    for (YamlNode.Entry e : m.entries().values()) {
      String p = Paths.key(path, e.key());
      origins.location(p, e.keyLocation());
      if (!allowed.contains(e.key())) {
        String hint = Suggest.didYouMean(e.key(), allowed);
        problems.error(e.keyLocation(), p, "unknown key `" + e.key() + "`"
            + (hint.isEmpty() ? "; expected one of " + Suggest.list(allowed) : hint));
      }
    }
  }

  /** A non-blank string, or null (reported when required, or when present with another type). */
  private @Nullable String string(YamlNode.Mapping m, String key, String path, boolean required) {
    String p = Paths.key(path, key);
    YamlNode v = m.value(key);
    if (v == null) {
      if (required) {
        problems.error(origins.locate(p, origins.locate(path, m.location())), p, "`" + key + "` is required");
      }
      return null;
    }
    if (v instanceof YamlNode.Scalar s && s.value() instanceof String str) {
      if (str.isBlank()) {
        problems.error(v.location(), p, "`" + key + "` must not be empty");
        return null;
      }
      return str;
    }
    problems.error(v.location(), p, "`" + key + "` must be a string, got " + v.describe());
    return null;
  }

  /** Optional free text (may be empty). */
  private @Nullable String text(YamlNode.Mapping m, String key, String path) {
    YamlNode v = m.value(key);
    if (v == null) {
      return null;
    }
    if (v instanceof YamlNode.Scalar s && s.value() instanceof String str) {
      return str;
    }
    problems.error(v.location(), Paths.key(path, key), "`" + key + "` must be a string, got " + v.describe());
    return null;
  }

  /** A list of non-blank strings (absent or null: empty); bad items are reported and skipped. */
  private List<Item> stringList(YamlNode.Mapping m, String key, String path) {
    String p = Paths.key(path, key);
    YamlNode node = m.value(key);
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof YamlNode.Sequence seq)) {
      String hint = node instanceof YamlNode.Scalar s && s.value() instanceof String str ? "; write `[" + str + "]`" : "";
      problems.error(node.location(), p, "`" + key + "` must be a list of strings, got " + node.describe() + hint);
      return List.of();
    }
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      String ip = Paths.index(p, i);
      origins.location(ip, item.location());
      if (item instanceof YamlNode.Scalar s && s.value() instanceof String str && !str.isBlank()) {
        out.add(new Item(i, str));
      } else {
        problems.error(item.location(), ip, "expected a non-empty string, got " + item.describe());
      }
    }
    return out;
  }

  /** The mapping items of a list (absent or null: none), keyed by path; other items are reported. */
  private Map<String, YamlNode.Mapping> items(YamlNode.Mapping m, String key, String path) {
    String p = Paths.key(path, key);
    YamlNode node = m.value(key);
    Map<String, YamlNode.Mapping> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof YamlNode.Sequence seq)) {
      problems.error(node.location(), p, "`" + key + "` must be a list of mappings, got " + node.describe());
      return out;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      String ip = Paths.index(p, i);
      origins.location(ip, item.location());
      YamlNode.Mapping im = mapping(item, ip, "a mapping");
      if (im != null) {
        out.put(ip, im);
      }
    }
    return out;
  }

  private static List<String> values(List<Item> items) {
    return items.stream().map(Item::value).toList();
  }

  private static <T> void addIfPresent(List<T> list, @Nullable T value) {
    if (value != null) {
      list.add(value);
    }
  }

  private static String kind(YamlNode node) {
    return node instanceof YamlNode.Scalar s ? YamlNode.kindOf(s.value()) : node.describe();
  }

  private static String flagNames() {
    return Arrays.stream(DiffFlag.values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
