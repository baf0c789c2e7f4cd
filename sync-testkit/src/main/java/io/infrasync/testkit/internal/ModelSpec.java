package io.infrasync.testkit.internal;

import io.infrasync.testkit.internal.FieldSpec.FieldType;
import io.infrasync.testkit.internal.FieldSpec.OnDelete;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The model table entry of one REST endpoint: its fields (with types, references, requiredness and
 * defaults), brief fields, display template, ordering, uniqueness rules and natural key.
 *
 * <p>Fields are declared in a compact notation, one token per field, separated by spaces:
 * {@code name[!][:type[(args)]][?][=default]}.
 *
 * <ul>
 *   <li>{@code !} required on create/PUT; {@code ?} nullable (default null);
 *   <li>types: {@code str} (the default type; default {@code ""}), {@code int}, {@code num}, {@code
 *       bool} (default false), {@code json}, {@code list} (default []), {@code choice(set)}, {@code
 *       fk(endpoint[,protect|cascade|setnull])} (default protect), {@code m2m(endpoint)}, {@code
 *       gfk[(cascade|setnull|protect)]} (generic reference, default cascade), {@code computed} (see
 *       {@link Builder#compute});
 *   <li>the bare tokens {@code tags} and {@code cf} declare the {@code tags} list and the {@code
 *       custom_fields} object;
 *   <li>{@code =default}: a JSON literal ({@code true}, {@code 1500}, {@code null}) or a bare string.
 * </ul>
 *
 * Example: {@code "name! slug! status:choice(site-status)=active tenant:fk(tenancy/tenants)
 * description tags cf"}.
 */
public final class ModelSpec {
  /** Computes a read-only field of an object. */
  @FunctionalInterface
  public interface Computed {
    /** The value for {@code row}. */
    @Nullable Object compute(Row row, RestEngine engine);
  }

  /**
   * A uniqueness rule.
   *
   * @param fields the fields whose values together must be unique; a null value never collides,
   *     except in the fields listed in {@code nullsCollide} (a conditional constraint such as
   *     "unique per site when the tenant is null")
   * @param nullsCollide fields in which null counts as a value
   * @param errorKey the key of the 400 error ({@code "name"} or {@code "__all__"})
   * @param message the error message
   */
  public record Unique(List<String> fields, List<String> nullsCollide, String errorKey, String message) {}

  /**
   * A filter that follows references: {@code name} matches objects whose {@code path} (a dotted
   * list of reference fields) leads to one of the given ids.
   */
  public record FilterAlias(String name, List<String> path) {}

  private static final Pattern TOKEN =
      Pattern.compile(
          "([a-z_][a-z0-9_]*)(!)?(?::([a-z0-9]+)(?:\\(([^)]*)\\))?)?(\\?)?(?:=(.*))?");

  private final String endpoint;
  private final String objectType;
  private final String objectName;
  private final String verboseName;
  private final Map<String, FieldSpec> fields;
  private final List<String> brief;
  private final String display;
  private final List<String> ordering;
  private final List<Unique> uniques;
  private final List<String> naturalKey;
  private final Map<String, Computed> computed;
  private final Map<String, FilterAlias> aliases;
  private final Map<String, String> properties;

  private ModelSpec(Builder b) {
    this.endpoint = b.endpoint;
    this.objectType = b.objectType;
    this.objectName = b.objectName;
    this.verboseName = b.verboseName != null ? b.verboseName : defaultVerbose(b.objectName);
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(b.fields));
    this.brief = List.copyOf(b.brief);
    this.display = b.display;
    this.ordering = List.copyOf(b.ordering);
    this.uniques = List.copyOf(b.uniques);
    this.naturalKey = List.copyOf(b.naturalKey);
    this.computed = Collections.unmodifiableMap(new LinkedHashMap<>(b.computed));
    this.aliases = Collections.unmodifiableMap(new LinkedHashMap<>(b.aliases));
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
    for (FieldSpec f : fields.values()) {
      if (f.type() == FieldType.COMPUTED && !computed.containsKey(f.name())) {
        throw new IllegalArgumentException(
            endpoint + ": computed field " + f.name() + " has no compute() function");
      }
    }
    for (String name : brief) {
      if (!fields.containsKey(name)) {
        throw new IllegalArgumentException(endpoint + ": brief field " + name + " is not declared");
      }
    }
    for (Unique u : uniques) {
      for (String name : u.fields()) {
        if (!fields.containsKey(name)) {
          throw new IllegalArgumentException(endpoint + ": unique field " + name + " is not declared");
        }
      }
    }
  }

  /** Starts a model for {@code endpoint} ({@code dcim/devices}). */
  public static Builder builder(String endpoint, String objectType, String objectName) {
    return new Builder(endpoint, objectType, objectName);
  }

  /** The endpoint path below {@code /api/}, without slashes at either end. */
  public String endpoint() {
    return endpoint;
  }

  /** The object type label, {@code dcim.device}. */
  public String objectType() {
    return objectType;
  }

  /** The model class name, {@code Device} (404 messages). */
  public String objectName() {
    return objectName;
  }

  /** The verbose name, {@code device} (uniqueness messages). */
  public String verboseName() {
    return verboseName;
  }

  /** Declared fields in serializer order. */
  public Map<String, FieldSpec> fields() {
    return fields;
  }

  /** A declared field, or null. */
  public @Nullable FieldSpec field(String name) {
    return fields.get(name);
  }

  /** Fields (besides id, url, display) of the brief/nested representation. */
  public List<String> brief() {
    return brief;
  }

  /** The display template: {@code {field}} or {@code {fk.field}} placeholders; {@code |} separates fallbacks. */
  public String display() {
    return display;
  }

  /** Default ordering fields ({@code -} prefix for descending); id breaks ties. */
  public List<String> ordering() {
    return ordering;
  }

  /** Uniqueness rules. */
  public List<Unique> uniques() {
    return uniques;
  }

  /** Natural key fields (Nautobot composite keys and natural slugs). */
  public List<String> naturalKey() {
    return naturalKey;
  }

  /** Computed field functions. */
  public Map<String, Computed> computed() {
    return computed;
  }

  /** Filters that follow references. */
  public Map<String, FilterAlias> aliases() {
    return aliases;
  }

  /** Free-form dialect properties (e.g. {@code notes}). */
  public @Nullable String property(String name) {
    return properties.get(name);
  }

  @Override
  public String toString() {
    return "ModelSpec[" + endpoint + "]";
  }

  private static String defaultVerbose(String objectName) {
    return objectName.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }

  /** Builds a {@link ModelSpec}. */
  public static final class Builder {
    private final String endpoint;
    private final String objectType;
    private final String objectName;
    private @Nullable String verboseName;
    private final Map<String, FieldSpec> fields = new LinkedHashMap<>();
    private final List<String> brief = new ArrayList<>();
    private String display = "{name}";
    private final List<String> ordering = new ArrayList<>();
    private final List<Unique> uniques = new ArrayList<>();
    private final List<String> naturalKey = new ArrayList<>();
    private final Map<String, Computed> computed = new LinkedHashMap<>();
    private final Map<String, FilterAlias> aliases = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder(String endpoint, String objectType, String objectName) {
      if (endpoint.startsWith("/") || endpoint.endsWith("/") || endpoint.isEmpty()) {
        throw new IllegalArgumentException("endpoint must look like app/model, got '" + endpoint + "'");
      }
      this.endpoint = endpoint;
      this.objectType = Objects.requireNonNull(objectType);
      this.objectName = Objects.requireNonNull(objectName);
    }

    /** The verbose name used in uniqueness messages (default: the object name in lower case words). */
    public Builder verbose(String name) {
      this.verboseName = name;
      return this;
    }

    /** Declares fields in the notation of {@link ModelSpec}. */
    public Builder fields(String notation) {
      for (String token : notation.trim().split("\\s+")) {
        if (token.isEmpty()) {
          continue;
        }
        FieldSpec f = parse(token);
        if (fields.put(f.name(), f) != null) {
          throw new IllegalArgumentException(endpoint + ": field " + f.name() + " declared twice");
        }
      }
      return this;
    }

    /** The brief fields (besides id, url, display), space-separated. */
    public Builder brief(String names) {
      brief.addAll(split(names));
      return this;
    }

    /** The display template. */
    public Builder display(String template) {
      this.display = template;
      return this;
    }

    /** The default ordering, space-separated ({@code -} for descending). */
    public Builder ordering(String names) {
      ordering.addAll(split(names));
      return this;
    }

    /** A single-field uniqueness rule with the Django message {@code "<verbose> with this <field> already exists."}. */
    public Builder unique(String field) {
      String verbose = verboseName != null ? verboseName : defaultVerbose(objectName);
      uniques.add(
          new Unique(
              List.of(field),
              List.of(),
              field,
              verbose + " with this " + field.replace('_', ' ') + " already exists."));
      return this;
    }

    /**
     * A multi-field uniqueness rule reported under {@code __all__} with {@code message}; a field
     * name ending in {@code ?} treats null as a value.
     */
    public Builder uniqueTogether(String message, String... fieldNames) {
      List<String> names = new ArrayList<>();
      List<String> nulls = new ArrayList<>();
      for (String n : fieldNames) {
        if (n.endsWith("?")) {
          names.add(n.substring(0, n.length() - 1));
          nulls.add(n.substring(0, n.length() - 1));
        } else {
          names.add(n);
        }
      }
      uniques.add(new Unique(names, nulls, "__all__", message));
      return this;
    }

    /** The natural key fields, space-separated. */
    public Builder naturalKey(String names) {
      naturalKey.addAll(split(names));
      return this;
    }

    /** The function of a {@code computed} field. */
    public Builder compute(String field, Computed fn) {
      computed.put(field, fn);
      return this;
    }

    /** A filter named {@code name} following the dotted reference {@code path}. */
    public Builder alias(String name, String path) {
      aliases.put(name, new FilterAlias(name, List.of(path.split("\\."))));
      return this;
    }

    /** A free-form property for the dialect. */
    public Builder property(String name, String value) {
      properties.put(name, value);
      return this;
    }

    /** Builds the spec; fails on inconsistent declarations. */
    public ModelSpec build() {
      return new ModelSpec(this);
    }

    private FieldSpec parse(String token) {
      if (token.equals("tags")) {
        return new FieldSpec("tags", FieldType.TAGS, null, false, false, List.of(), OnDelete.PROTECT);
      }
      if (token.equals("cf")) {
        return new FieldSpec("custom_fields", FieldType.CUSTOM_FIELDS, null, false, false, Map.of(), OnDelete.PROTECT);
      }
      Matcher m = TOKEN.matcher(token);
      if (!m.matches()) {
        throw new IllegalArgumentException(endpoint + ": cannot parse field token '" + token + "'");
      }
      String name = m.group(1);
      boolean required = m.group(2) != null;
      String typeName = m.group(3) == null ? "str" : m.group(3);
      String args = m.group(4);
      boolean question = m.group(5) != null;
      String def = m.group(6);
      List<String> argList = args == null ? List.of() : split(args.replace(',', ' '));
      FieldType type;
      String target = null;
      OnDelete onDelete = OnDelete.PROTECT;
      switch (typeName) {
        case "str":
          type = FieldType.STR;
          break;
        case "int":
          type = FieldType.INT;
          break;
        case "num":
          type = FieldType.NUM;
          break;
        case "bool":
          type = FieldType.BOOL;
          break;
        case "json":
          type = FieldType.JSON;
          break;
        case "list":
          type = FieldType.LIST;
          break;
        case "choice":
          type = FieldType.CHOICE;
          target = arg(argList, 0, token);
          break;
        case "fk":
          type = FieldType.FK;
          target = arg(argList, 0, token);
          if (argList.size() > 1) {
            onDelete = OnDelete.valueOf(argList.get(1).toUpperCase(Locale.ROOT).replace("SETNULL", "SET_NULL"));
          }
          break;
        case "m2m":
          type = FieldType.M2M;
          target = arg(argList, 0, token);
          break;
        case "tags":
          type = FieldType.TAGS;
          break;
        case "cf":
          type = FieldType.CUSTOM_FIELDS;
          break;
        case "gfk":
          type = FieldType.GFK;
          onDelete =
              argList.isEmpty()
                  ? OnDelete.CASCADE
                  : OnDelete.valueOf(argList.get(0).toUpperCase(Locale.ROOT).replace("SETNULL", "SET_NULL"));
          break;
        case "computed":
          type = FieldType.COMPUTED;
          break;
        default:
          throw new IllegalArgumentException(endpoint + ": unknown field type '" + typeName + "' in '" + token + "'");
      }
      boolean nullable =
          question
              || (!required
                  && (type == FieldType.INT
                      || type == FieldType.NUM
                      || type == FieldType.JSON
                      || type == FieldType.CHOICE
                      || type == FieldType.FK
                      || type == FieldType.GFK
                      || type == FieldType.COMPUTED));
      Object defaultValue;
      if (def != null) {
        defaultValue = literal(def);
      } else if (question || nullable) {
        defaultValue = null;
      } else {
        defaultValue = implicitDefault(type);
      }
      return new FieldSpec(name, type, target, required, nullable, defaultValue, onDelete);
    }

    private static @Nullable Object implicitDefault(FieldType type) {
      switch (type) {
        case STR:
          return "";
        case BOOL:
          return Boolean.FALSE;
        case LIST:
        case M2M:
        case TAGS:
          return List.of();
        case CUSTOM_FIELDS:
          return Map.of();
        default:
          return null;
      }
    }

    private static @Nullable Object literal(String text) {
      if (text.equals("\"\"")) {
        return "";
      }
      if (text.equals("null")) {
        return null;
      }
      if (text.equals("true") || text.equals("false")) {
        return Boolean.valueOf(text);
      }
      if (text.matches("-?\\d+")) {
        return Long.valueOf(text);
      }
      if (text.matches("-?\\d+\\.\\d+")) {
        return Double.valueOf(text);
      }
      return text;
    }

    private String arg(List<String> args, int i, String token) {
      if (args.size() <= i) {
        throw new IllegalArgumentException(endpoint + ": '" + token + "' needs an argument");
      }
      return args.get(i);
    }
  }

  private static List<String> split(String names) {
    List<String> out = new ArrayList<>();
    for (String s : names.trim().split("\\s+")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }
}
