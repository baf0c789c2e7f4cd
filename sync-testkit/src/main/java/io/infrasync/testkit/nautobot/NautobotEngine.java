package io.infrasync.testkit.nautobot;

import io.infrasync.testkit.EmulatorClock;
import io.infrasync.testkit.EmulatorRequest;
import io.infrasync.testkit.EmulatorResponse;
import io.infrasync.testkit.internal.FieldSpec;
import io.infrasync.testkit.internal.FieldSpec.FieldType;
import io.infrasync.testkit.internal.ModelSpec;
import io.infrasync.testkit.internal.PyRepr;
import io.infrasync.testkit.internal.RestEngine;
import io.infrasync.testkit.internal.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The Nautobot 2.x dialect of the REST engine. */
final class NautobotEngine extends RestEngine<NautobotEngine.View> {
  static final String NAUTOBOT_VERSION = "2.4.36";
  static final int MAX_DEPTH = 10;

  /** Rendering options: {@code depth} and {@code exclude_m2m}. */
  record View(int depth, boolean excludeM2m) {
    static final View WRITE = new View(0, false);
  }

  /** An accepted API token. */
  record Token(String key, boolean writeEnabled) {}

  private static final Set<String> NON_FILTERS =
      Set.of("api_version", "depth", "exclude_m2m", "format", "include", "limit", "offset", "sort");

  private static final Set<String> STRING_LOOKUPS =
      Set.of("n", "ic", "nic", "isw", "nisw", "iew", "niew", "ie", "nie", "re", "nre", "ire", "nire");

  private final List<Token> tokens;
  private final boolean loginRequired;
  private final List<String> versions;
  private final String defaultVersion;
  private final int pageSize;
  private final int maxPageSize;
  private final Random random;

  NautobotEngine(
      List<Token> tokens,
      boolean loginRequired,
      List<String> versions,
      String defaultVersion,
      Map<String, Map<String, @Nullable Object>> customFields,
      EmulatorClock clock,
      Supplier<String> origin,
      int pageSize,
      int maxPageSize,
      long seed) {
    super(NautobotModels.models(), NautobotModels.choiceSets(), customFields, "extras/tags", clock, origin,
        pageSize, maxPageSize);
    this.tokens = List.copyOf(tokens);
    this.loginRequired = loginRequired;
    this.versions = List.copyOf(versions);
    this.defaultVersion = defaultVersion;
    this.pageSize = pageSize;
    this.maxPageSize = maxPageSize;
    this.random = new Random(seed);
  }

  @Override
  protected Object newId(ModelSpec spec, long sequence) {
    long hi;
    long lo;
    synchronized (random) {
      hi = random.nextLong();
      lo = random.nextLong();
    }
    hi = (hi & ~0xF000L) | 0x4000L; // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(hi, lo).toString();
  }

  @Override
  protected @Nullable Object parseId(@Nullable Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    String v = s.trim();
    if (!v.matches("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")) {
      return null;
    }
    String hex = v.replace("-", "").toLowerCase(Locale.ROOT);
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
  }

  @Override
  protected String invalidIdMessage(String value) {
    return "Must be a valid UUID.";
  }

  /** The negotiated version: the Accept header's, else the query's, else the default. */
  String version(EmulatorRequest request) {
    String header = acceptVersion(request.header("Accept"));
    String query = request.param("api_version");
    return header != null ? header : query != null ? query : defaultVersion;
  }

  @Override
  protected @Nullable EmulatorResponse preflight(EmulatorRequest request, boolean write) {
    String header = acceptVersion(request.header("Accept"));
    String query = request.param("api_version");
    if (header != null && query != null && !header.equals(query)) {
      return detail(400, "Version mismatch between \"Accept\" header and query parameter.");
    }
    String supported = String.join(", ", versions);
    if (header != null && !versions.contains(header)) {
      return detail(406, "Invalid version \"" + header + "\" in \"Accept\" header. Supported versions are: " + supported);
    }
    if (query != null && !versions.contains(query)) {
      return detail(404, "Invalid version \"" + query + "\" in query parameter. Supported versions are: " + supported);
    }
    String auth = request.header("Authorization");
    String[] parts = auth == null ? new String[0] : auth.trim().split("\\s+");
    if (parts.length == 0 || parts[0].isEmpty() || !parts[0].equalsIgnoreCase("token")) {
      return loginRequired ? detail(403, "Authentication credentials were not provided.") : null;
    }
    if (parts.length == 1) {
      return detail(403, "Invalid token header. No credentials provided.");
    }
    if (parts.length > 2) {
      return detail(403, "Invalid token header. Token string should not contain spaces.");
    }
    Token match = null;
    for (Token t : tokens) {
      if (java.security.MessageDigest.isEqual(
          t.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          parts[1].getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        match = t;
      }
    }
    if (match == null) {
      return detail(403, "Invalid token");
    }
    if (write && !match.writeEnabled()) {
      return detail(403, "You do not have permission to perform this action.");
    }
    return null;
  }

  private static EmulatorResponse detail(int status, String message) {
    return EmulatorResponse.json(status, Map.of("detail", message));
  }

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
    String header = acceptVersion(request.header("Accept"));
    String query = request.param("api_version");
    String v = version(request);
    boolean negotiated = versions.contains(v) && (header == null || query == null || header.equals(query));
    return negotiated ? Map.of("API-Version", v) : Map.of();
  }

  @Override
  protected Map<String, @Nullable Object> status() {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("celery-workers-running", 1);
    out.put("django-version", "4.2.24");
    out.put("installed-apps", Map.of());
    out.put("nautobot-version", NAUTOBOT_VERSION);
    out.put("plugins", Map.of("nautobot_bgp_models", "2.3.0"));
    out.put("python-version", "3.12.3");
    return out;
  }

  @Override
  protected Set<String> nonFilterParams() {
    return NON_FILTERS;
  }

  @Override
  protected boolean strictFilters() {
    return true;
  }

  @Override
  protected String orderingParam() {
    return "sort";
  }

  @Override
  protected Set<String> stringLookups() {
    return STRING_LOOKUPS;
  }

  @Override
  protected FilterStyle filterStyle() {
    return FilterStyle.NAUTOBOT;
  }

  /** Nautobot: a missing, invalid or negative limit is PAGINATE_COUNT, not capped. */
  @Override
  protected int limit(@Nullable String param) {
    int n;
    try {
      n = param == null ? -1 : Integer.parseInt(param.trim());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 0) {
      return pageSize;
    }
    if (n == 0) {
      return maxPageSize > 0 ? maxPageSize : Integer.MAX_VALUE;
    }
    return maxPageSize > 0 ? Math.min(n, maxPageSize) : n;
  }

  @Override
  protected View readOptions(EmulatorRequest request) {
    int depth = 0;
    String d = request.param("depth");
    if (d != null) {
      try {
        depth = Math.max(0, Integer.parseInt(d.trim()));
      } catch (NumberFormatException e) {
        depth = 0;
      }
    }
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("'depth' may not be greater than " + MAX_DEPTH);
    }
    String m2m = request.param("exclude_m2m");
    boolean exclude = m2m != null && Set.of("true", "1", "yes", "on").contains(m2m.toLowerCase(Locale.ROOT));
    return new View(depth, exclude);
  }

  @Override
  protected View writeOptions() {
    return View.WRITE;
  }

  @Override
  protected Map<String, @Nullable Object> render(Row row, String origin, View view) {
    return render(row, origin, view.depth(), view.excludeM2m(), false);
  }

  private Map<String, @Nullable Object> render(Row row, String origin, int depth, boolean excludeM2m, boolean nested) {
    ModelSpec spec = row.spec();
    String url = objectUrl(origin, spec, row.id());
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("id", row.id());
    out.put("object_type", spec.objectType());
    out.put("display", display(row));
    out.put("url", url);
    out.put("natural_slug", naturalSlug(row));
    FieldSpec tags = null;
    FieldSpec cf = null;
    for (FieldSpec f : spec.fields().values()) {
      if (f.type() == FieldType.TAGS) {
        tags = f;
        continue;
      }
      if (f.type() == FieldType.CUSTOM_FIELDS) {
        cf = f;
        continue;
      }
      if (f.type() == FieldType.M2M && (nested || excludeM2m)) {
        continue;
      }
      Object v = row.get(f.name());
      switch (f.type()) {
        case FK:
          out.put(f.name(), related(Objects.requireNonNull(f.target()), v, origin, depth));
          break;
        case M2M: {
          List<Object> items = new ArrayList<>();
          for (Object id : v instanceof List<?> l ? l : List.of()) {
            Object r = related(Objects.requireNonNull(f.target()), id, origin, depth);
            if (r != null) {
              items.add(r);
            }
          }
          out.put(f.name(), items);
          break;
        }
        case CHOICE: {
          if (v == null) {
            out.put(f.name(), null);
          } else {
            Map<String, @Nullable Object> c = new LinkedHashMap<>();
            c.put("value", v);
            c.put("label", choiceLabel(Objects.requireNonNull(f.target()), v));
            out.put(f.name(), c);
          }
          break;
        }
        case COMPUTED:
          out.put(f.name(), computed(row, f.name()));
          break;
        default:
          out.put(f.name(), v);
      }
    }
    out.putAll(extras(row));
    out.put("created", timestamp(row.created()));
    out.put("last_updated", timestamp(row.lastUpdated()));
    if (tags != null && !nested && !excludeM2m) {
      List<Object> items = new ArrayList<>();
      Object v = row.get(tags.name());
      for (Object id : v instanceof List<?> l ? l : List.of()) {
        Object r = related(tagEndpoint(), id, origin, depth);
        if (r != null) {
          items.add(r);
        }
      }
      out.put("tags", items);
    }
    out.put("notes_url", url + "notes/");
    if (cf != null) {
      Map<String, @Nullable Object> values = new LinkedHashMap<>();
      customFields(spec.endpoint()).keySet().forEach(k -> values.put(k, null));
      if (row.get(cf.name()) instanceof Map<?, ?> m) {
        m.forEach((k, x) -> values.put(String.valueOf(k), x));
      }
      out.put("custom_fields", values);
    }
    return out;
  }

  private @Nullable Object related(String endpoint, @Nullable Object id, String origin, int depth) {
    Row target = row(endpoint, id);
    if (target == null) {
      return null;
    }
    if (depth > 0) {
      return render(target, origin, depth - 1, false, true);
    }
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("id", target.id());
    out.put("object_type", target.spec().objectType());
    out.put("url", objectUrl(origin, target.spec(), target.id()));
    return out;
  }

  /** Nautobot's natural slug: each natural-key value slugified, then the pk's first 4 characters, joined by {@code _}. */
  String naturalSlug(Row row) {
    Object override = override(row, "natural_slug");
    if (override != null) {
      return String.valueOf(override);
    }
    List<String> keys = row.spec().naturalKey().isEmpty() ? List.of("name") : row.spec().naturalKey();
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      Object v = pathValue(row, k);
      parts.add(slugify(v == null ? "" : String.valueOf(v)));
    }
    parts.add(String.valueOf(row.id()).substring(0, 4));
    return String.join("_", parts);
  }

  static String slugify(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  @Override
  protected Ref resolveReference(ModelSpec target, @Nullable Object value) {
    Object v = value;
    if (v instanceof Map<?, ?> m) {
      if (m.containsKey("url")) {
        v = m.get("url");
      } else if (m.containsKey("id")) {
        v = m.get("id");
      } else {
        return resolveAttributes(target, m);
      }
    }
    if (v instanceof String s && s.matches("(?i)https?://.*")) {
      String trimmed = s.replaceAll("/+$", "");
      v = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
    Object id = parseId(v);
    if (id != null) {
      return row(target.endpoint(), id) != null
          ? Ref.of(id)
          : Ref.error("Related object not found using the provided attributes: "
              + PyRepr.of(Map.of("pk", new PyRepr.Raw("UUID('" + id + "')"))));
    }
    if (v instanceof String key) {
      List<String> fields = target.naturalKey().isEmpty() ? List.of("name") : target.naturalKey();
      int parts = key.split(";", -1).length;
      if (parts > fields.size()) {
        return Ref.error("Related object not found using provided composite-key: " + key);
      }
      Row found = findByKey(target, key);
      if (found == null) {
        Map<String, @Nullable Object> attrs = new LinkedHashMap<>();
        String[] values = key.split(";", -1);
        for (int i = 0; i < values.length; i++) {
          attrs.put(fields.get(i).replace(".", "__"), values[i]);
        }
        return Ref.error("Related object not found using the provided attributes: " + PyRepr.of(attrs));
      }
      return Ref.of(found.id());
    }
    return Ref.error("Related objects must be referenced by ID or by dictionary of attributes. "
        + "Received an unrecognized value: " + v);
  }

  @Override
  protected @Nullable Row lookupDetail(ModelSpec spec, String segment) {
    Object id = parseId(segment);
    if (id != null) {
      return row(spec.endpoint(), id);
    }
    return findByNaturalKey(spec, segment);
  }
}
