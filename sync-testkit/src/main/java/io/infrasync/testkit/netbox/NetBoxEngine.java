package io.infrasync.testkit.netbox;

import io.infrasync.testkit.EmulatorClock;
import io.infrasync.testkit.EmulatorRequest;
import io.infrasync.testkit.EmulatorResponse;
import io.infrasync.testkit.internal.FieldSpec;
import io.infrasync.testkit.internal.ModelSpec;
import io.infrasync.testkit.internal.RestEngine;
import io.infrasync.testkit.internal.Row;
import io.infrasync.testkit.internal.Urls;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The NetBox 4.6 dialect of the REST engine. */
final class NetBoxEngine extends RestEngine<NetBoxEngine.View> {
  static final String API_VERSION = "4.6";
  static final String NETBOX_VERSION = "4.6.8";

  /** Rendering options: brief mode, {@code fields}, {@code omit}, {@code exclude=config_context}. */
  record View(boolean brief, @Nullable Set<String> fields, Set<String> omit, boolean excludeConfigContext) {
    static final View FULL = new View(false, null, Set.of(), false);
  }

  /** An accepted API token. */
  record Token(@Nullable String key, String secret, boolean writeEnabled) {}

  private static final Set<String> NON_FILTERS =
      Set.of("limit", "offset", "brief", "fields", "omit", "exclude", "ordering", "format", "start");

  private static final Set<String> STRING_LOOKUPS =
      Set.of("n", "ic", "nic", "isw", "nisw", "iew", "niew", "ie", "nie", "regex", "iregex");

  private final List<Token> tokens;
  private final boolean loginRequired;

  NetBoxEngine(
      List<Token> tokens,
      boolean loginRequired,
      Map<String, Map<String, @Nullable Object>> customFields,
      EmulatorClock clock,
      Supplier<String> origin,
      int pageSize,
      int maxPageSize) {
    super(NetBoxModels.models(), NetBoxModels.choiceSets(), customFields, "extras/tags", clock, origin,
        pageSize, maxPageSize);
    this.tokens = List.copyOf(tokens);
    this.loginRequired = loginRequired;
  }

  @Override
  protected Object newId(ModelSpec spec, long sequence) {
    return sequence;
  }

  @Override
  protected @Nullable Object parseId(@Nullable Object value) {
    if (value instanceof Integer || value instanceof Long) {
      long l = ((Number) value).longValue();
      return l > 0 ? l : null;
    }
    if (value instanceof String s && s.trim().matches("\\d{1,18}")) {
      long l = Long.parseLong(s.trim());
      return l > 0 ? l : null;
    }
    return null;
  }

  @Override
  protected String invalidIdMessage(String value) {
    return "A valid integer is required.";
  }

  private static EmulatorResponse preflightResponse(int status, String detail) {
    return EmulatorResponse.json(status, Map.of("detail", detail));
  }

  @Override
  protected @Nullable EmulatorResponse preflight(EmulatorRequest request, boolean write) {
    String version = acceptVersion(request.header("Accept"));
    if (version != null && !version.equals(API_VERSION)) {
      return preflightResponse(406, "Invalid version in \"Accept\" header.");
    }
    if (!loginRequired) {
      return null;
    }
    String header = request.header("Authorization");
    String[] parts = header == null ? new String[0] : header.trim().split("\\s+");
    if (parts.length == 0 || parts[0].isEmpty()
        || !(parts[0].equalsIgnoreCase("token") || parts[0].equalsIgnoreCase("bearer"))) {
      return preflightResponse(403, "Authentication credentials were not provided.");
    }
    if (parts.length != 2) {
      return preflightResponse(403,
          "Invalid authorization header: Must be in the form \"Bearer <key>.<token>\" or \"Token <token>\"");
    }
    String value = parts[1];
    Token match = null;
    if (value.startsWith("nbt_")) {
      int dot = value.indexOf('.');
      if (dot < 0) {
        return preflightResponse(403,
            "Invalid authorization header: Could not parse key from v2 token. "
                + "Did you mean to use 'Token' instead of 'Bearer'?");
      }
      String key = value.substring(4, dot);
      String secret = value.substring(dot + 1);
      for (Token t : tokens) {
        if (key.equals(t.key()) && constantTimeEquals(secret, t.secret())) {
          match = t;
        }
      }
      if (match == null) {
        return preflightResponse(403, "Invalid v2 token");
      }
    } else {
      for (Token t : tokens) {
        if (t.key() == null && constantTimeEquals(value, t.secret())) {
          match = t;
        }
      }
      if (match == null) {
        return preflightResponse(403, "Invalid v1 token");
      }
    }
    if (write && !match.writeEnabled()) {
      return preflightResponse(403, "You do not have permission to perform this action.");
    }
    return null;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return java.security.MessageDigest.isEqual(
        a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The {@code version} parameter of the JSON (or wildcard) media range in an Accept header. */
  static @Nullable String acceptVersion(@Nullable String accept) {
    if (accept == null) {
      return null;
    }
    for (String range : accept.split(",")) {
      String[] params = range.split(";");
      String type = params[0].trim().toLowerCase(Locale.ROOT);
      if (!type.equals("application/json") && !type.equals("*/*") && !type.equals("application/*")) {
        continue;
      }
      for (int i = 1; i < params.length; i++) {
        String p = params[i].trim();
        if (p.toLowerCase(Locale.ROOT).startsWith("version=")) {
          return p.substring("version=".length()).trim();
        }
      }
      return null;
    }
    return null;
  }

  @Override
  protected Map<String, String> responseHeaders(EmulatorRequest request) {
    return Map.of("API-Version", API_VERSION);
  }

  @Override
  protected Map<String, @Nullable Object> status() {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("django-version", "5.2.9");
    out.put("installed-apps", Map.of());
    out.put("netbox-version", NETBOX_VERSION);
    out.put("netbox-full-version", NETBOX_VERSION);
    out.put("plugins", Map.of());
    out.put("python-version", "3.12.3");
    out.put("rq-workers-running", 1);
    return out;
  }

  @Override
  protected Set<String> nonFilterParams() {
    return NON_FILTERS;
  }

  @Override
  protected boolean strictFilters() {
    return false;
  }

  @Override
  protected String orderingParam() {
    return "ordering";
  }

  @Override
  protected Set<String> stringLookups() {
    return STRING_LOOKUPS;
  }

  @Override
  protected FilterStyle filterStyle() {
    return FilterStyle.NETBOX;
  }

  @Override
  protected View readOptions(EmulatorRequest request) {
    String brief = request.param("brief");
    Set<String> fields = names(request.param("fields"));
    Set<String> omit = names(request.param("omit"));
    Set<String> exclude = names(request.param("exclude"));
    return new View(brief != null && !brief.isEmpty(), fields, omit == null ? Set.of() : omit,
        exclude != null && exclude.contains("config_context"));
  }

  private static @Nullable Set<String> names(@Nullable String csv) {
    if (csv == null || csv.isBlank()) {
      return null;
    }
    Set<String> out = new HashSet<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  @Override
  protected View writeOptions() {
    return View.FULL;
  }

  @Override
  protected Map<String, @Nullable Object> render(Row row, String origin, View view) {
    Map<String, @Nullable Object> full = full(row, origin, view);
    Set<String> fields = view.fields();
    if (fields != null) {
      full.keySet().retainAll(fields);
      return full;
    }
    if (!view.omit().isEmpty()) {
      full.keySet().removeAll(view.omit());
      return full;
    }
    if (view.brief()) {
      return nested(row, origin);
    }
    return full;
  }

  private Map<String, @Nullable Object> full(Row row, String origin, View view) {
    ModelSpec spec = row.spec();
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("id", row.id());
    out.put("url", objectUrl(origin, spec, row.id()));
    out.put("display_url", origin + "/" + spec.endpoint() + "/" + row.id() + "/");
    out.put("display", display(row));
    List<FieldSpec> trailing = new ArrayList<>();
    for (FieldSpec f : spec.fields().values()) {
      if (f.name().startsWith("_")) {
        trailing.add(f);
        continue;
      }
      if (f.name().equals("config_context") && view.excludeConfigContext()) {
        continue;
      }
      put(out, row, f, origin);
    }
    out.putAll(extras(row));
    out.put("created", timestamp(row.created()));
    out.put("last_updated", timestamp(row.lastUpdated()));
    for (FieldSpec f : trailing) {
      put(out, row, f, origin);
    }
    return out;
  }

  /** The brief (nested) form: id, url, display and the model's brief fields; no display_url. */
  private Map<String, @Nullable Object> nested(Row row, String origin) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("id", row.id());
    out.put("url", objectUrl(origin, row.spec(), row.id()));
    out.put("display", display(row));
    for (String name : row.spec().brief()) {
      put(out, row, Objects.requireNonNull(row.spec().field(name)), origin);
    }
    return out;
  }

  private void put(Map<String, @Nullable Object> out, Row row, FieldSpec f, String origin) {
    String name = f.name();
    Object v = row.get(name);
    switch (f.type()) {
      case FK: {
        Row target = row(Objects.requireNonNull(f.target()), v);
        out.put(name, target == null ? null : nested(target, origin));
        break;
      }
      case M2M: {
        List<Object> items = new ArrayList<>();
        for (Object id : v instanceof List<?> l ? l : List.of()) {
          Row target = row(Objects.requireNonNull(f.target()), id);
          if (target != null) {
            items.add(nested(target, origin));
          }
        }
        out.put(name, items);
        break;
      }
      case TAGS: {
        List<Object> items = new ArrayList<>();
        for (Object id : v instanceof List<?> l ? l : List.of()) {
          Row tag = row(tagEndpoint(), id);
          if (tag != null) {
            Map<String, @Nullable Object> t = new LinkedHashMap<>();
            t.put("id", tag.id());
            t.put("url", objectUrl(origin, tag.spec(), tag.id()));
            t.put("display_url", origin + "/" + tag.spec().endpoint() + "/" + tag.id() + "/");
            t.put("display", display(tag));
            t.put("name", tag.get("name"));
            t.put("slug", tag.get("slug"));
            t.put("color", tag.get("color"));
            items.add(t);
          }
        }
        out.put(name, items);
        break;
      }
      case CHOICE:
        out.put(name, v == null ? null : choice(Objects.requireNonNull(f.target()), v));
        break;
      case CUSTOM_FIELDS: {
        Map<String, @Nullable Object> cf = new LinkedHashMap<>();
        customFields(row.spec().endpoint()).keySet().forEach(k -> cf.put(k, null));
        if (v instanceof Map<?, ?> m) {
          m.forEach((k, x) -> cf.put(String.valueOf(k), x));
        }
        out.put("custom_fields", cf);
        break;
      }
      case GFK: {
        Row target = gfkTarget(row, name);
        out.put(name + "_type", row.get(name + "_type"));
        out.put(name + "_id", row.get(name + "_id"));
        out.put(name, target == null ? null : nested(target, origin));
        break;
      }
      case COMPUTED: {
        Object c = computed(row, name);
        out.put(name, c instanceof Row r ? nested(r, origin) : c);
        break;
      }
      default:
        out.put(name, v);
    }
  }

  private Map<String, @Nullable Object> choice(String set, Object value) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("value", value);
    out.put("label", choiceLabel(set, value));
    return out;
  }

  @Override
  protected Ref resolveReference(ModelSpec target, @Nullable Object value) {
    if (value instanceof Map<?, ?> m) {
      return resolveAttributes(target, m);
    }
    if (value instanceof Boolean || value instanceof List || value == null) {
      return Ref.error("Related objects must be referenced by numeric ID or by dictionary of attributes. "
          + "Received an unrecognized value: " + value);
    }
    Object id = parseId(value);
    if (id == null) {
      return Ref.error("Related objects must be referenced by numeric ID or by dictionary of attributes. "
          + "Received an unrecognized value: " + value);
    }
    if (row(target.endpoint(), id) == null) {
      return Ref.error("Related object not found using the provided numeric ID: " + id);
    }
    return Ref.of(id);
  }

  @Override
  protected Map<String, @Nullable Object> notFound(ModelSpec spec, String segment) {
    if (parseId(segment) == null) {
      return Map.of("detail", "Not found.");
    }
    return super.notFound(spec, segment);
  }

  /** NetBox 4.6 cursor pagination: {@code ?start=<pk>&limit=N}. */
  @Override
  protected @Nullable EmulatorResponse listSpecial(
      EmulatorRequest request, ModelSpec spec, List<Row> rows, View options) {
    String start = request.param("start");
    if (start == null) {
      return null;
    }
    if (request.param("offset") != null) {
      return EmulatorResponse.json(400, List.of("'start' and 'offset' are mutually exclusive."));
    }
    if (request.param("ordering") != null) {
      return EmulatorResponse.json(400, List.of("'start' and 'ordering' are mutually exclusive."));
    }
    long from;
    try {
      from = Long.parseLong(start.trim());
    } catch (NumberFormatException e) {
      return EmulatorResponse.json(400, List.of("'start' must be a non-negative integer."));
    }
    if (from < 0) {
      return EmulatorResponse.json(400, List.of("'start' must be a non-negative integer."));
    }
    int limit = limit(request.param("limit"));
    List<Row> byPk = new ArrayList<>();
    for (Row r : rows) {
      if ((Long) r.id() >= from) {
        byPk.add(r);
      }
    }
    byPk.sort((a, b) -> Long.compare((Long) a.id(), (Long) b.id()));
    List<Map<String, @Nullable Object>> results = new ArrayList<>();
    for (int i = 0; i < byPk.size() && i < limit; i++) {
      results.add(render(byPk.get(i), request.origin(), options));
    }
    String next = null;
    if (results.size() == limit && limit > 0) {
      long lastPk = (Long) byPk.get(limit - 1).id();
      next = Urls.replace(Urls.remove(request.absoluteUrl(), "offset"), "start", Long.toString(lastPk + 1));
    }
    Map<String, @Nullable Object> page = new LinkedHashMap<>();
    page.put("count", null);
    page.put("next", next);
    page.put("previous", null);
    page.put("results", results);
    return EmulatorResponse.json(200, page);
  }
}
