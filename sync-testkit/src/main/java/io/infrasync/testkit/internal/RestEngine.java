package io.infrasync.testkit.internal;

import io.infrasync.testkit.EmulatorClock;
import io.infrasync.testkit.EmulatorRequest;
import io.infrasync.testkit.EmulatorResponse;
import io.infrasync.testkit.internal.FieldSpec.FieldType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The REST emulator core shared by NetBox and Nautobot: an in-memory store of objects per endpoint
 * driven by {@link ModelSpec}s, routing ({@code /api/<app>/<model>/[<id>/]}), filtering, ordering,
 * limit/offset pagination with DRF links, validation, references, uniqueness, single and bulk
 * writes (4.6/2.4 semantics: all or nothing, unknown ids skipped), and delete rules (protect,
 * cascade, set null). A dialect subclass supplies ids, authentication, versioning, filter naming
 * and rendering.
 *
 * <p>Thread-safe: reads share a lock, writes are exclusive (each request is one transaction).
 *
 * @param <O> the dialect's rendering options (NetBox: brief/fields/omit; Nautobot: depth)
 */
public abstract class RestEngine<O> {
  /** The timestamp format of both servers: microseconds and {@code Z}. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** How the dialect names reference filters. */
  protected enum FilterStyle {
    /** {@code site_id=<id>}, {@code site=<slug>}, {@code tag=<slug>}, {@code tag_id=<id>}. */
    NETBOX,
    /** {@code location=<uuid|name>}, {@code tags=<uuid|name>}. */
    NAUTOBOT
  }

  /** A 400 with a body, thrown inside a transaction to abort it. */
  protected static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient @Nullable Object body;
    private final int status;

    /** A 400 with {@code body}. */
    public BadRequest(@Nullable Object body) {
      this(400, body);
    }

    /** A response with {@code status} and {@code body}. */
    public BadRequest(int status, @Nullable Object body) {
      super(null, null, false, false);
      this.status = status;
      this.body = body;
    }

    EmulatorResponse response() {
      return EmulatorResponse.json(status, body);
    }
  }

  /** The result of resolving a reference: an id or an error message. */
  protected record Ref(@Nullable Object id, @Nullable String error) {
    /** A resolved reference. */
    public static Ref of(Object id) {
      return new Ref(id, null);
    }

    /** A failed reference with the server's message. */
    public static Ref error(String message) {
      return new Ref(null, message);
    }
  }

  private static final class Table {
    final ModelSpec spec;
    final Map<Object, Row> rows = new LinkedHashMap<>();
    final Map<ModelSpec.Unique, Map<List<Object>, Object>> uniqueIndex = new HashMap<>();
    long nextSequence = 1;

    Table(ModelSpec spec) {
      this.spec = spec;
      for (ModelSpec.Unique u : spec.uniques()) {
        uniqueIndex.put(u, new HashMap<>());
      }
    }

    void index(Row row) {
      for (ModelSpec.Unique u : spec.uniques()) {
        List<Object> key = uniqueKey(u, row.values());
        if (key != null) {
          Objects.requireNonNull(uniqueIndex.get(u)).put(key, row.id());
        }
      }
    }

    void unindex(Row row) {
      for (ModelSpec.Unique u : spec.uniques()) {
        List<Object> key = uniqueKey(u, row.values());
        if (key != null) {
          Objects.requireNonNull(uniqueIndex.get(u)).remove(key, row.id());
        }
      }
    }

    void reindex() {
      uniqueIndex.values().forEach(Map::clear);
      rows.values().forEach(this::index);
    }
  }

  private final Map<String, ModelSpec> specs = new LinkedHashMap<>();
  private final Map<String, ModelSpec> specsByType = new HashMap<>();
  private final Map<String, Map<Object, String>> choiceSets;
  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final Map<String, Map<String, @Nullable Object>> customFields = new HashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final EmulatorClock clock;
  private final Supplier<String> origin;
  private final String tagEndpoint;
  private final int defaultPageSize;
  private final int maxPageSize;
  private long version;
  private final Map<String, List<Row>> orderedCache = new HashMap<>();
  private final Map<String, Long> orderedCacheVersion = new HashMap<>();

  /**
   * Creates an engine.
   *
   * @param models the model table
   * @param choiceSets choice sets by name: value to label, in display order
   * @param customFields custom fields per endpoint: name to default value
   * @param tagEndpoint the endpoint {@code tags} fields refer to ({@code extras/tags})
   * @param clock stamps {@code created}/{@code last_updated}
   * @param origin the origin used for URLs outside a request (seeding, inspection)
   * @param defaultPageSize page size without {@code limit}
   * @param maxPageSize the largest page ({@code limit=0} gives this many)
   */
  protected RestEngine(
      List<ModelSpec> models,
      Map<String, Map<Object, String>> choiceSets,
      Map<String, Map<String, @Nullable Object>> customFields,
      String tagEndpoint,
      EmulatorClock clock,
      Supplier<String> origin,
      int defaultPageSize,
      int maxPageSize) {
    for (ModelSpec m : models) {
      if (specs.put(m.endpoint(), m) != null) {
        throw new IllegalArgumentException("endpoint " + m.endpoint() + " declared twice");
      }
      specsByType.put(m.objectType(), m);
      tables.put(m.endpoint(), new Table(m));
    }
    this.choiceSets = Map.copyOf(choiceSets);
    for (ModelSpec m : models) {
      for (FieldSpec f : m.fields().values()) {
        if ((f.type() == FieldType.FK || f.type() == FieldType.M2M) && !specs.containsKey(f.target())) {
          throw new IllegalArgumentException(
              m.endpoint() + "." + f.name() + " refers to undeclared endpoint " + f.target());
        }
        if (f.type() == FieldType.CHOICE && !choiceSets.containsKey(f.target())) {
          throw new IllegalArgumentException(
              m.endpoint() + "." + f.name() + " uses undeclared choice set " + f.target());
        }
        if (f.type() == FieldType.TAGS && !specs.containsKey(tagEndpoint)) {
          throw new IllegalArgumentException(m.endpoint() + " has tags but " + tagEndpoint + " is not declared");
        }
      }
    }
    customFields.forEach(
        (endpoint, defs) -> {
          if (!specs.containsKey(endpoint)) {
            throw new IllegalArgumentException("custom fields for undeclared endpoint " + endpoint);
          }
          this.customFields.put(endpoint, new LinkedHashMap<>(defs));
        });
    this.tagEndpoint = tagEndpoint;
    this.clock = clock;
    this.origin = origin;
    if (defaultPageSize < 1) {
      throw new IllegalArgumentException("default page size must be >= 1, got " + defaultPageSize);
    }
    if (maxPageSize < 0) {
      throw new IllegalArgumentException("max page size must be >= 0 (0 = unlimited), got " + maxPageSize);
    }
    this.defaultPageSize = defaultPageSize;
    this.maxPageSize = maxPageSize;
  }

  // ------------------------------------------------------------------ dialect hooks

  /** A new id for an object of {@code spec}; {@code sequence} counts per endpoint from 1. */
  protected abstract Object newId(ModelSpec spec, long sequence);

  /** Parses an id as it appears in a path, filter or reference; null when it is not one. */
  protected abstract @Nullable Object parseId(@Nullable Object value);

  /** The filter error for a value that is not an id ({@code Enter a whole number.}). */
  protected abstract String invalidIdMessage(String value);

  /** Version negotiation and authentication: an error response, or null to go on. */
  protected abstract @Nullable EmulatorResponse preflight(EmulatorRequest request, boolean write);

  /** Headers added to every response of the API (e.g. {@code API-Version}). */
  protected abstract Map<String, String> responseHeaders(EmulatorRequest request);

  /** The body of {@code GET /api/status/}. */
  protected abstract Map<String, @Nullable Object> status();

  /** Query parameters that are not filters. */
  protected abstract Set<String> nonFilterParams();

  /** Whether an unknown filter is a 400 (Nautobot) rather than ignored (NetBox). */
  protected abstract boolean strictFilters();

  /** The ordering parameter ({@code ordering} or {@code sort}). */
  protected abstract String orderingParam();

  /** The lookup suffixes of string fields. */
  protected abstract Set<String> stringLookups();

  /** Reference filter naming. */
  protected abstract FilterStyle filterStyle();

  /** Rendering options for a read request (list or detail GET). */
  protected abstract O readOptions(EmulatorRequest request);

  /** Rendering options for write responses (and seeding and inspection). */
  protected abstract O writeOptions();

  /** Renders one object. Called under the read lock. */
  protected abstract Map<String, @Nullable Object> render(Row row, String origin, O options);

  /**
   * Resolves a reference given as a scalar (an int, a UUID, a natural key string) or as a dict;
   * {@link #resolveAttributes} resolves attribute dicts.
   */
  protected abstract Ref resolveReference(ModelSpec target, @Nullable Object value);

  /** The detail object addressed by a path segment, or null (404). */
  protected @Nullable Row lookupDetail(ModelSpec spec, String segment) {
    Object id = parseId(segment);
    return id == null ? null : row(spec.endpoint(), id);
  }

  /** The 404 body for a detail path that names no object. */
  protected Map<String, @Nullable Object> notFound(ModelSpec spec, String segment) {
    return Map.of("detail", "No " + spec.objectName() + " matches the given query.");
  }

  /** Pagination: the limit to use for a request's {@code limit} parameter (null when absent). */
  protected int limit(@Nullable String param) {
    int fallback = maxPageSize > 0 ? Math.min(defaultPageSize, maxPageSize) : defaultPageSize;
    if (param == null) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(param.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
    if (n < 0) {
      return fallback;
    }
    if (n == 0) {
      return maxPageSize > 0 ? maxPageSize : Integer.MAX_VALUE;
    }
    return maxPageSize > 0 ? Math.min(n, maxPageSize) : n;
  }

  /** Hook for extra list modes (NetBox cursor pagination); null to use limit/offset. */
  protected @Nullable EmulatorResponse listSpecial(EmulatorRequest request, ModelSpec spec, List<Row> rows, O options) {
    return null;
  }

  /** Adds dialect-specific attribute names ignored on write (besides id/url/display/timestamps). */
  protected Set<String> ignoredWriteKeys() {
    return Set.of();
  }

  // ------------------------------------------------------------------ accessors for dialects

  /** The server clock. */
  public EmulatorClock clock() {
    return clock;
  }

  /** The model of {@code endpoint}, or null. */
  public @Nullable ModelSpec spec(String endpoint) {
    return specs.get(endpoint);
  }

  /** The model of an object type label ({@code dcim.interface}), or null. */
  public @Nullable ModelSpec specByType(String objectType) {
    return specsByType.get(objectType);
  }

  /** Every model. */
  public Collection<ModelSpec> specs() {
    return specs.values();
  }

  /** The model of {@code endpoint}, or an IllegalArgumentException listing the endpoints. */
  public ModelSpec requireSpec(String endpoint) {
    String e = trimSlashes(endpoint);
    ModelSpec s = specs.get(e);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown endpoint '" + endpoint + "'; known endpoints: " + String.join(", ", specs.keySet()));
    }
    return s;
  }

  /** The stored object, or null. Call under a lock. */
  public @Nullable Row row(String endpoint, @Nullable Object id) {
    Table t = tables.get(endpoint);
    return t == null || id == null ? null : t.rows.get(id);
  }

  /** The choice set's value-to-label map. */
  public Map<Object, String> choices(String set) {
    return Objects.requireNonNull(choiceSets.get(set), set);
  }

  /** The label of a choice value, or the value as text. */
  public String choiceLabel(String set, Object value) {
    for (Map.Entry<Object, String> e : choices(set).entrySet()) {
      if (String.valueOf(e.getKey()).equals(String.valueOf(value))) {
        return e.getValue();
      }
    }
    return String.valueOf(value);
  }

  /** Custom field names and defaults of an endpoint (empty when none are defined). */
  public Map<String, @Nullable Object> customFields(String endpoint) {
    return customFields.getOrDefault(endpoint, Map.of());
  }

  /** The tag endpoint. */
  public String tagEndpoint() {
    return tagEndpoint;
  }

  /** The absolute API URL of an object. */
  public String objectUrl(String origin, ModelSpec spec, Object id) {
    return origin + "/api/" + spec.endpoint() + "/" + id + "/";
  }

  /** A timestamp as the servers print it. */
  public static String timestamp(Instant t) {
    return TIMESTAMP.format(t);
  }

  /** The display string of a stored object: its override, or the model's template. */
  public String display(Row row) {
    Object override = row.overrides().get("display");
    if (override != null) {
      return String.valueOf(override);
    }
    for (String alternative : row.spec().display().split("\\|")) {
      String text = fillTemplate(row, alternative);
      if (text != null) {
        return text;
      }
    }
    return row.spec().objectName() + " " + row.id();
  }

  private @Nullable String fillTemplate(Row row, String template) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        out.append(template, i, template.length());
        break;
      }
      out.append(template, i, open);
      int close = template.indexOf('}', open);
      String path = template.substring(open + 1, close);
      Object value = pathValue(row, path);
      if (value == null || String.valueOf(value).isEmpty()) {
        return null;
      }
      out.append(value);
      i = close + 1;
    }
    return out.toString();
  }

  /** Follows a dotted path of fields ({@code device_type.manufacturer.name}); ids for {@code id}. */
  public @Nullable Object pathValue(Row row, String path) {
    Row current = row;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.equals("id")) {
        return current.id();
      }
      FieldSpec f = current.spec().field(p);
      Object v = current.get(p);
      if (f != null && f.type() == FieldType.COMPUTED) {
        v = computed(current, p);
      }
      if (i == parts.length - 1) {
        if (f != null && f.type() == FieldType.FK) {
          Row target = row(Objects.requireNonNull(f.target()), v);
          return target == null ? null : display(target);
        }
        return v;
      }
      if (f == null || f.type() != FieldType.FK) {
        return null;
      }
      current = row(Objects.requireNonNull(f.target()), v);
      if (current == null) {
        return null;
      }
    }
    return null;
  }

  /** The value of a computed field. */
  public @Nullable Object computed(Row row, String field) {
    ModelSpec.Computed fn = row.spec().computed().get(field);
    return fn == null ? null : fn.compute(row, this);
  }

  /** The object a generic reference field points at, or null. */
  public @Nullable Row gfkTarget(Row row, String field) {
    Object type = row.get(field + "_type");
    Object id = row.get(field + "_id");
    if (type == null || id == null) {
      return null;
    }
    ModelSpec s = specsByType.get(String.valueOf(type));
    return s == null ? null : row(s.endpoint(), id);
  }

  /** Seeded values of undeclared fields (empty for objects written through the API). */
  public Map<String, @Nullable Object> extras(Row row) {
    return row.extras();
  }

  /** A read-only override given at seeding ({@code display}, {@code natural_slug}), or null. */
  public @Nullable Object override(Row row, String name) {
    return row.overrides().get(name);
  }

  // ------------------------------------------------------------------ HTTP

  /** Answers one API request. */
  public final EmulatorResponse handle(EmulatorRequest request) {
    EmulatorResponse response;
    try {
      response = route(request);
    } catch (BadRequest e) {
      response = e.response();
    }
    for (Map.Entry<String, String> h : responseHeaders(request).entrySet()) {
      response = response.withHeader(h.getKey(), h.getValue());
    }
    return response.withHeader("X-Request-ID", UUID.randomUUID().toString());
  }

  private EmulatorResponse route(EmulatorRequest request) {
    String path = request.path();
    String method = request.method();
    if (!path.startsWith("/api/") && !path.equals("/api")) {
      return EmulatorResponse.json(404, Map.of("detail", "Not found."));
    }
    if (!path.endsWith("/")) {
      if (method.equals("GET") || method.equals("HEAD")) {
        String location = path + "/" + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
        return EmulatorResponse.empty(301).withHeader("Location", location);
      }
      return EmulatorResponse.json(404, Map.of("detail", "Not found."));
    }
    boolean write = !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    EmulatorResponse refused = preflight(request, write);
    if (refused != null) {
      return refused;
    }
    String rest = trimSlashes(path.substring(4));
    if (rest.isEmpty()) {
      return apiRoot(request);
    }
    if (rest.equals("status")) {
      return method.equals("GET") ? EmulatorResponse.json(200, status()) : methodNotAllowed(method);
    }
    ModelSpec list = specs.get(rest);
    if (list != null) {
      return listRoute(request, list);
    }
    int slash = rest.lastIndexOf('/');
    ModelSpec detail = slash < 0 ? null : specs.get(rest.substring(0, slash));
    if (detail != null) {
      return detailRoute(request, detail, rest.substring(slash + 1));
    }
    return EmulatorResponse.json(404, Map.of("detail", "Not found."));
  }

  private EmulatorResponse apiRoot(EmulatorRequest request) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    for (String endpoint : specs.keySet()) {
      String app = endpoint.substring(0, endpoint.indexOf('/'));
      if (app.equals("plugins")) {
        continue;
      }
      out.putIfAbsent(app, request.origin() + "/api/" + app + "/");
    }
    return EmulatorResponse.json(200, out);
  }

  private static EmulatorResponse methodNotAllowed(String method) {
    return EmulatorResponse.json(405, Map.of("detail", "Method \"" + method + "\" not allowed."));
  }

  private EmulatorResponse listRoute(EmulatorRequest request, ModelSpec spec) {
    switch (request.method()) {
      case "GET":
        return list(request, spec);
      case "POST":
        return create(request, spec);
      case "PUT":
        return bulkUpdate(request, spec, false);
      case "PATCH":
        return bulkUpdate(request, spec, true);
      case "DELETE":
        return bulkDelete(request, spec);
      default:
        return methodNotAllowed(request.method());
    }
  }

  private EmulatorResponse detailRoute(EmulatorRequest request, ModelSpec spec, String segment) {
    String method = request.method();
    if (!Set.of("GET", "PUT", "PATCH", "DELETE").contains(method)) {
      return methodNotAllowed(method);
    }
    if (method.equals("GET")) {
      lock.readLock().lock();
      try {
        Row row = lookupDetail(spec, segment);
        if (row == null) {
          return EmulatorResponse.json(404, notFound(spec, segment));
        }
        return withEtag(EmulatorResponse.json(200, render(row, request.origin(), readOptions(request))), row);
      } finally {
        lock.readLock().unlock();
      }
    }
    @Nullable Object body = method.equals("DELETE") && !request.hasBody() ? null : parseBody(request);
    lock.writeLock().lock();
    try {
      Row row = lookupDetail(spec, segment);
      if (row == null) {
        return EmulatorResponse.json(404, notFound(spec, segment));
      }
      String ifMatch = request.header("If-Match");
      if (ifMatch != null && !ifMatch.trim().equals("*") && !ifMatch.trim().equals(etag(row))) {
        return EmulatorResponse.json(412, Map.of("detail", "Precondition failed.")).withHeader("ETag", etag(row));
      }
      if (method.equals("DELETE")) {
        deleteRows(List.of(row));
        return EmulatorResponse.empty(204);
      }
      Map<String, @Nullable Object> input = requireObject(body);
      Map<String, Object> errors = update(row, input, method.equals("PATCH"));
      if (errors != null) {
        return EmulatorResponse.json(400, errors);
      }
      return withEtag(EmulatorResponse.json(200, render(row, request.origin(), writeOptions())), row);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** NetBox's weak ETag: {@code W/"<last_updated.isoformat()>"} (Python's isoformat). */
  private static String etag(Row row) {
    Instant t = row.lastUpdated();
    String base = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(t);
    int micros = t.getNano() / 1000;
    return "W/\"" + base + (micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros)) + "+00:00\"";
  }

  private static EmulatorResponse withEtag(EmulatorResponse response, Row row) {
    return response.withHeader("ETag", etag(row));
  }

  private static @Nullable Object parseBody(EmulatorRequest request) {
    if (!request.hasBody()) {
      return Map.of();
    }
    try {
      return Json.parse(request.body());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(Map.of("detail", "JSON parse error - " + e.getMessage()));
    }
  }

  private static Map<String, @Nullable Object> requireObject(@Nullable Object body) {
    if (body instanceof Map<?, ?>) {
      return Json.object(body, "body");
    }
    throw new BadRequest(
        Map.of("non_field_errors", List.of("Invalid data. Expected a dictionary, but got " + pyType(body) + ".")));
  }

  private static String pyType(@Nullable Object v) {
    if (v instanceof List) {
      return "list";
    } else if (v instanceof String) {
      return "str";
    } else if (v instanceof Boolean) {
      return "bool";
    } else if (v instanceof Integer || v instanceof Long) {
      return "int";
    } else if (v instanceof Number) {
      return "float";
    } else if (v instanceof Map) {
      return "dict";
    }
    return "NoneType";
  }

  // ------------------------------------------------------------------ list

  private EmulatorResponse list(EmulatorRequest request, ModelSpec spec) {
    O options = readOptions(request);
    lock.readLock().lock();
    try {
      Predicate<Row> filter = buildFilter(request, spec);
      List<Row> ordered = ordered(spec, request.param(orderingParam()));
      List<Row> rows = new ArrayList<>();
      for (Row r : ordered) {
        if (filter.test(r)) {
          rows.add(r);
        }
      }
      EmulatorResponse special = listSpecial(request, spec, rows, options);
      if (special != null) {
        return special;
      }
      int count = rows.size();
      int limit = limit(request.param("limit"));
      int offset = offset(request.param("offset"));
      List<byte[]> items = new ArrayList<>();
      int size = 256;
      for (int i = offset; i < count && i - offset < limit; i++) {
        byte[] item = renderJson(rows.get(i), request.origin(), options);
        items.add(item);
        size += item.length + 1;
      }
      ByteArrayOutputStream page = new ByteArrayOutputStream(size + request.absoluteUrl().length() * 2);
      writeAscii(page, "{\"count\":" + count + ",\"next\":");
      page.writeBytes(Json.write(nextLink(request, limit, offset, count)));
      writeAscii(page, ",\"previous\":");
      page.writeBytes(Json.write(previousLink(request, limit, offset)));
      writeAscii(page, ",\"results\":[");
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          page.write(',');
        }
        page.writeBytes(items.get(i));
      }
      writeAscii(page, "]}");
      return EmulatorResponse.bytes(200, "application/json", page.toByteArray());
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void writeAscii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  private record RenderKey(Row row, String origin, Object options) {}

  private static final int RENDER_CACHE_LIMIT = 200_000;
  private final Map<RenderKey, byte[]> renderCache = new ConcurrentHashMap<>();
  private volatile long renderCacheVersion = -1;

  /**
   * An object's JSON as {@link #render} gives it, cached until the next write anywhere (a write may
   * change a related object's display or brief fields). Call under the read lock.
   */
  private byte[] renderJson(Row row, String origin, O options) {
    if (renderCacheVersion != version) {
      synchronized (renderCache) {
        if (renderCacheVersion != version) {
          renderCache.clear();
          renderCacheVersion = version;
        }
      }
    }
    RenderKey key = new RenderKey(row, origin, options);
    byte[] cached = renderCache.get(key);
    if (cached != null) {
      return cached;
    }
    byte[] json = Json.write(render(row, origin, options));
    if (renderCache.size() < RENDER_CACHE_LIMIT) {
      renderCache.put(key, json);
    }
    return json;
  }

  /** DRF's offset: a bad or negative value is 0. */
  protected static int offset(@Nullable String param) {
    if (param == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(param.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static @Nullable String nextLink(EmulatorRequest request, int limit, int offset, int count) {
    if ((long) offset + limit >= count) {
      return null;
    }
    String url = Urls.replace(request.absoluteUrl(), "limit", Integer.toString(limit));
    return Urls.replace(url, "offset", Integer.toString(offset + limit));
  }

  private static @Nullable String previousLink(EmulatorRequest request, int limit, int offset) {
    if (offset <= 0) {
      return null;
    }
    String url = Urls.replace(request.absoluteUrl(), "limit", Integer.toString(limit));
    if (offset - limit <= 0) {
      return Urls.remove(url, "offset");
    }
    return Urls.replace(url, "offset", Integer.toString(offset - limit));
  }

  private List<Row> ordered(ModelSpec spec, @Nullable String ordering) {
    List<String> keys = new ArrayList<>();
    if (ordering != null && !ordering.isBlank()) {
      for (String k : ordering.split(",")) {
        String name = k.trim();
        String bare = name.startsWith("-") ? name.substring(1) : name;
        if (bare.equals("id") || bare.equals("pk") || bare.equals("created") || bare.equals("last_updated")
            || spec.field(bare) != null) {
          keys.add(name);
        }
      }
    }
    Table table = Objects.requireNonNull(tables.get(spec.endpoint()));
    if (keys.isEmpty()) {
      Long cachedAt = orderedCacheVersion.get(spec.endpoint());
      synchronized (orderedCache) {
        if (cachedAt != null && cachedAt == version) {
          return Objects.requireNonNull(orderedCache.get(spec.endpoint()));
        }
      }
      List<Row> sorted = sort(table.rows.values(), spec.ordering());
      synchronized (orderedCache) {
        orderedCache.put(spec.endpoint(), sorted);
        orderedCacheVersion.put(spec.endpoint(), version);
      }
      return sorted;
    }
    return sort(table.rows.values(), keys);
  }

  private List<Row> sort(Collection<Row> rows, List<String> keys) {
    Comparator<Row> cmp = Comparator.comparingInt(r -> 0);
    for (String k : keys) {
      boolean desc = k.startsWith("-");
      String name = desc ? k.substring(1) : k;
      Comparator<Row> c = (a, b) -> compareValues(sortValue(a, name), sortValue(b, name));
      cmp = cmp.thenComparing(desc ? c.reversed() : c);
    }
    cmp = cmp.thenComparing((a, b) -> compareValues(a.id(), b.id()));
    List<Row> out = new ArrayList<>(rows);
    out.sort(cmp);
    return List.copyOf(out);
  }

  private @Nullable Object sortValue(Row row, String name) {
    switch (name) {
      case "id":
      case "pk":
        return row.id();
      case "created":
        return row.created();
      case "last_updated":
        return row.lastUpdated();
      default:
        FieldSpec f = row.spec().field(name);
        if (f == null) {
          return null;
        }
        if (f.type() == FieldType.FK) {
          Row target = row(Objects.requireNonNull(f.target()), row.get(name));
          return target == null ? null : display(target);
        }
        if (f.type() == FieldType.COMPUTED) {
          return computed(row, name);
        }
        return row.get(name);
    }
  }

  /** Postgres-like ordering: nulls last, numbers numerically, strings naturally. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareValues(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    if (a instanceof Number na && b instanceof Number nb) {
      return new BigDecimal(na.toString()).compareTo(new BigDecimal(nb.toString()));
    }
    if (a instanceof String sa && b instanceof String sb) {
      return NaturalOrder.INSTANCE.compare(sa, sb);
    }
    if (a instanceof Comparable ca && a.getClass().equals(b.getClass())) {
      return ca.compareTo(b);
    }
    return NaturalOrder.INSTANCE.compare(String.valueOf(a), String.valueOf(b));
  }

  // ------------------------------------------------------------------ filters

  private static final Set<String> NUMERIC_LOOKUPS = Set.of("n", "lt", "lte", "gt", "gte");

  private Predicate<Row> buildFilter(EmulatorRequest request, ModelSpec spec) {
    List<Predicate<Row>> predicates = new ArrayList<>();
    Map<String, List<String>> errors = new LinkedHashMap<>();
    Set<String> skip = nonFilterParams();
    for (Map.Entry<String, List<String>> e : request.queryParams().entrySet()) {
      String param = e.getKey();
      if (skip.contains(param)) {
        continue;
      }
      try {
        Predicate<Row> p = filter(spec, param, e.getValue());
        if (p != null) {
          predicates.add(p);
        } else if (strictFilters()) {
          errors.put(param, List.of("Unknown filter field"));
        }
      } catch (FilterValueException ex) {
        errors.put(param, List.of(ex.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new BadRequest(errors);
    }
    return row -> {
      for (Predicate<Row> p : predicates) {
        if (!p.test(row)) {
          return false;
        }
      }
      return true;
    };
  }

  private static final class FilterValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FilterValueException(String message) {
      super(message, null, false, false);
    }

    @Override
    public String getMessage() {
      return Objects.requireNonNull(super.getMessage());
    }
  }

  /** A predicate for one query parameter, or null when the parameter is not a filter of the model. */
  private @Nullable Predicate<Row> filter(ModelSpec spec, String param, List<String> values) {
    String base = param;
    String lookup = "exact";
    int sep = param.lastIndexOf("__");
    if (sep > 0) {
      String suffix = param.substring(sep + 2);
      if (stringLookups().contains(suffix) || NUMERIC_LOOKUPS.contains(suffix) || suffix.equals("empty")) {
        base = param.substring(0, sep);
        lookup = suffix;
      }
    }
    if (base.equals("q") && lookup.equals("exact")) {
      String needle = values.isEmpty() ? "" : values.get(0).toLowerCase(Locale.ROOT);
      return row -> searchText(row).contains(needle);
    }
    if (base.equals("id")) {
      if (!lookup.equals("exact") && !lookup.equals("n")) {
        return null;
      }
      Set<Object> ids = new HashSet<>();
      for (String v : values) {
        Object id = parseId(v);
        if (id == null) {
          throw new FilterValueException(invalidIdMessage(v));
        }
        ids.add(id);
      }
      return negate(lookup, row -> ids.contains(row.id()));
    }
    if (base.equals("created") || base.equals("last_updated")) {
      if (!lookup.equals("exact") && !NUMERIC_LOOKUPS.contains(lookup)) {
        return null;
      }
      List<Instant> instants = new ArrayList<>();
      for (String v : values) {
        instants.add(parseDateTime(v));
      }
      boolean created = base.equals("created");
      return compare(lookup, instants, row -> created ? row.created() : row.lastUpdated());
    }
    ModelSpec.FilterAlias alias = spec.aliases().get(base);
    if (alias != null && (lookup.equals("exact") || lookup.equals("n"))) {
      Set<Object> ids = idsOrError(values);
      return negate(lookup, row -> {
        Object target = followAlias(row, alias.path());
        return target != null && ids.contains(target);
      });
    }
    FieldSpec field = spec.field(base);
    if (filterStyle() == FilterStyle.NETBOX) {
      if ((base.equals("tag") || base.equals("tag_id")) && spec.fields().values().stream().anyMatch(f -> f.type() == FieldType.TAGS)) {
        FieldSpec tags = spec.fields().values().stream().filter(f -> f.type() == FieldType.TAGS).findFirst().orElseThrow();
        if (!lookup.equals("exact") && !lookup.equals("n")) {
          return null;
        }
        ModelSpec tagSpec = requireSpec(tagEndpoint);
        List<Object> tagIds = base.equals("tag_id") ? existingIds(tagSpec, values) : idsBySlug(tagSpec, values);
        return multiPredicate(tags.name(), tagIds, lookup);
      }
      if (field == null && base.endsWith("_id")) {
        FieldSpec ref = spec.field(base.substring(0, base.length() - 3));
        if (ref != null && (ref.type() == FieldType.FK || ref.type() == FieldType.M2M)) {
          if (!lookup.equals("exact") && !lookup.equals("n")) {
            return null;
          }
          ModelSpec target = requireSpec(Objects.requireNonNull(ref.target()));
          return referencePredicate(ref, existingIds(target, values), lookup);
        }
        return null;
      }
      if (field != null && (field.type() == FieldType.FK || field.type() == FieldType.M2M)) {
        if (!lookup.equals("exact") && !lookup.equals("n")) {
          return null;
        }
        ModelSpec target = requireSpec(Objects.requireNonNull(field.target()));
        return referencePredicate(field, idsBySlug(target, values), lookup);
      }
    } else {
      if (field != null && field.isReference()) {
        if (!lookup.equals("exact") && !lookup.equals("n")) {
          return null;
        }
        String targetEndpoint = field.type() == FieldType.TAGS ? tagEndpoint : Objects.requireNonNull(field.target());
        List<Object> ids = idsByKeyOrId(requireSpec(targetEndpoint), values);
        return field.isMulti() ? multiPredicate(field.name(), ids, lookup) : referencePredicate(field, ids, lookup);
      }
    }
    if (field == null) {
      return null;
    }
    return scalarFilter(field, lookup, values);
  }

  private @Nullable Predicate<Row> scalarFilter(FieldSpec field, String lookup, List<String> values) {
    String name = field.name();
    switch (field.type()) {
      case STR:
        if (!lookup.equals("exact") && !stringLookups().contains(lookup) && !lookup.equals("empty")) {
          return null;
        }
        return stringPredicate(name, lookup, values);
      case INT:
      case NUM:
        if (!lookup.equals("exact") && !NUMERIC_LOOKUPS.contains(lookup)) {
          return null;
        }
        List<BigDecimal> numbers = new ArrayList<>();
        for (String v : values) {
          try {
            numbers.add(new BigDecimal(v.trim()));
          } catch (NumberFormatException e) {
            throw new FilterValueException(field.type() == FieldType.INT ? "Enter a whole number." : "Enter a number.");
          }
        }
        return compare(lookup, numbers, row -> {
          Object v = row.get(name);
          return v instanceof Number n ? new BigDecimal(n.toString()) : null;
        });
      case BOOL:
        if (!lookup.equals("exact")) {
          return null;
        }
        List<Boolean> flags = new ArrayList<>();
        for (String v : values) {
          String s = v.trim().toLowerCase(Locale.ROOT);
          if (Set.of("true", "1", "yes", "on").contains(s)) {
            flags.add(Boolean.TRUE);
          } else if (Set.of("false", "0", "no", "off").contains(s)) {
            flags.add(Boolean.FALSE);
          } else {
            throw new FilterValueException("Select a valid choice. " + v + " is not one of the available choices.");
          }
        }
        return row -> flags.contains(row.get(name));
      case CHOICE:
        if (!lookup.equals("exact") && !lookup.equals("n")) {
          return null;
        }
        Map<Object, String> set = choices(Objects.requireNonNull(field.target()));
        Set<String> wanted = new HashSet<>();
        for (String v : values) {
          boolean known = v.equals("null") || set.keySet().stream().anyMatch(k -> String.valueOf(k).equals(v));
          if (!known) {
            throw new FilterValueException("Select a valid choice. " + v + " is not one of the available choices.");
          }
          wanted.add(v);
        }
        return negate(lookup, row -> {
          Object v = row.get(name);
          return wanted.contains(v == null ? "null" : String.valueOf(v));
        });
      default:
        return null;
    }
  }

  private static Predicate<Row> negate(String lookup, Predicate<Row> p) {
    return lookup.equals("n") ? p.negate() : p;
  }

  private Predicate<Row> stringPredicate(String name, String lookup, List<String> values) {
    if (lookup.equals("empty")) {
      boolean wantEmpty = values.isEmpty() || Set.of("true", "1").contains(values.get(0).toLowerCase(Locale.ROOT));
      return row -> {
        Object v = row.get(name);
        boolean empty = v == null || String.valueOf(v).isEmpty();
        return empty == wantEmpty;
      };
    }
    boolean negated = lookup.startsWith("n");
    String op = lookup.equals("n") ? "exact" : negated ? lookup.substring(1) : lookup;
    List<Pattern> patterns = new ArrayList<>();
    if (op.equals("regex") || op.equals("iregex") || op.equals("re") || op.equals("ire")) {
      for (String v : values) {
        try {
          patterns.add(Pattern.compile(v, op.startsWith("i") ? Pattern.CASE_INSENSITIVE : 0));
        } catch (PatternSyntaxException e) {
          throw new FilterValueException("Invalid regular expression: " + e.getDescription());
        }
      }
    }
    Predicate<Row> any = row -> {
      Object stored = row.get(name);
      String s = stored == null ? "" : String.valueOf(stored);
      String ls = s.toLowerCase(Locale.ROOT);
      for (int i = 0; i < values.size(); i++) {
        String v = values.get(i);
        String lv = v.toLowerCase(Locale.ROOT);
        boolean match;
        switch (op) {
          case "exact":
            match = stored != null && s.equals(v);
            break;
          case "ie":
            match = ls.equals(lv);
            break;
          case "ic":
            match = ls.contains(lv);
            break;
          case "isw":
            match = ls.startsWith(lv);
            break;
          case "iew":
            match = ls.endsWith(lv);
            break;
          case "regex":
          case "iregex":
          case "re":
          case "ire":
            match = patterns.get(i).matcher(s).find();
            break;
          default:
            match = false;
        }
        if (match) {
          return true;
        }
      }
      return false;
    };
    return negated ? any.negate() : any;
  }

  private static <T extends Comparable<T>> Predicate<Row> compare(
      String lookup, List<T> values, java.util.function.Function<Row, @Nullable T> extract) {
    return row -> {
      T v = extract.apply(row);
      if (lookup.equals("n")) {
        return v == null || values.stream().noneMatch(x -> x.compareTo(v) == 0);
      }
      if (v == null) {
        return false;
      }
      for (T x : values) {
        int c = v.compareTo(x);
        boolean ok;
        switch (lookup) {
          case "lt":
            ok = c < 0;
            break;
          case "lte":
            ok = c <= 0;
            break;
          case "gt":
            ok = c > 0;
            break;
          case "gte":
            ok = c >= 0;
            break;
          default:
            ok = c == 0;
        }
        if (ok) {
          return true;
        }
      }
      return false;
    };
  }

  /** Parses a filter date/time like Django's {@code forms.DateTimeField} (UTC when naive). */
  protected static Instant parseDateTime(String text) {
    String v = text.trim();
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      // try the other accepted forms
    }
    try {
      return LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try a date
    }
    if (!v.contains(" ")) {
      try {
        return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // fall through
      }
    }
    throw new FilterValueException("Enter a valid date/time.");
  }

  private Predicate<Row> referencePredicate(FieldSpec field, List<Object> ids, String lookup) {
    if (field.isMulti()) {
      return multiPredicate(field.name(), ids, lookup);
    }
    Set<Object> set = new HashSet<>();
    boolean wantNull = false;
    for (Object id : ids) {
      if (id == NULL_MARK) {
        wantNull = true;
      } else {
        set.add(id);
      }
    }
    boolean matchNull = wantNull;
    String name = field.name();
    return negate(lookup, row -> {
      Object v = row.get(name);
      return v == null ? matchNull : set.contains(v);
    });
  }

  /** Tags and many-to-many: every value must be present (AND), {@code __n}: none may be. */
  private static Predicate<Row> multiPredicate(String name, List<Object> ids, String lookup) {
    return row -> {
      Object v = row.get(name);
      List<?> have = v instanceof List<?> l ? l : List.of();
      if (lookup.equals("n")) {
        return ids.stream().noneMatch(have::contains);
      }
      for (Object id : ids) {
        if (id == NULL_MARK ? !have.isEmpty() : !have.contains(id)) {
          return false;
        }
      }
      return true;
    };
  }

  private static final Object NULL_MARK = new Object();

  private List<Object> existingIds(ModelSpec target, List<String> values) {
    List<Object> out = new ArrayList<>();
    for (String v : values) {
      if (v.equals("null")) {
        out.add(NULL_MARK);
        continue;
      }
      Object id = parseId(v);
      if (id == null) {
        throw new FilterValueException("“" + v + "” is not a valid value.");
      }
      if (row(target.endpoint(), id) == null) {
        throw new FilterValueException("Select a valid choice. " + v + " is not one of the available choices.");
      }
      out.add(id);
    }
    return out;
  }

  private Set<Object> idsOrError(List<String> values) {
    Set<Object> out = new HashSet<>();
    for (String v : values) {
      Object id = parseId(v);
      if (id == null) {
        throw new FilterValueException(invalidIdMessage(v));
      }
      out.add(id);
    }
    return out;
  }

  private List<Object> idsBySlug(ModelSpec target, List<String> values) {
    String key = target.field("slug") != null ? "slug" : target.field("name") != null ? "name" : "id";
    List<Object> out = new ArrayList<>();
    for (String v : values) {
      if (v.equals("null")) {
        out.add(NULL_MARK);
        continue;
      }
      Object found = null;
      for (Row r : Objects.requireNonNull(tables.get(target.endpoint())).rows.values()) {
        Object stored = key.equals("id") ? r.id() : r.get(key);
        if (stored != null && String.valueOf(stored).equals(v)) {
          found = r.id();
          break;
        }
      }
      if (found == null) {
        throw new FilterValueException("Select a valid choice. " + v + " is not one of the available choices.");
      }
      out.add(found);
    }
    return out;
  }

  private List<Object> idsByKeyOrId(ModelSpec target, List<String> values) {
    List<Object> out = new ArrayList<>();
    for (String v : values) {
      if (v.equals("null")) {
        out.add(NULL_MARK);
        continue;
      }
      Object id = parseId(v);
      if (id != null && row(target.endpoint(), id) != null) {
        out.add(id);
        continue;
      }
      Row byKey = id == null ? findByKey(target, v) : null;
      if (byKey == null) {
        throw new FilterValueException("Select a valid choice. " + v + " is not one of the available choices.");
      }
      out.add(byKey.id());
    }
    return out;
  }

  /**
   * The object named by {@code key}: its natural key (values joined by {@code ;}, percent-encoded),
   * or else its {@code name} when the model has one; null when none matches.
   */
  public @Nullable Row findByKey(ModelSpec spec, String key) {
    Row byNaturalKey = findByNaturalKey(spec, key);
    if (byNaturalKey != null || spec.field("name") == null) {
      return byNaturalKey;
    }
    for (Row r : Objects.requireNonNull(tables.get(spec.endpoint())).rows.values()) {
      if (key.equals(r.get("name"))) {
        return r;
      }
    }
    return null;
  }

  /** The object whose natural key (values joined by {@code ;}) equals {@code key}, or null. */
  public @Nullable Row findByNaturalKey(ModelSpec spec, String key) {
    List<String> fields = spec.naturalKey().isEmpty() ? List.of("name") : spec.naturalKey();
    String[] parts = key.split(";", -1);
    if (parts.length != fields.size()) {
      return null;
    }
    for (Row r : Objects.requireNonNull(tables.get(spec.endpoint())).rows.values()) {
      boolean all = true;
      for (int i = 0; i < parts.length && all; i++) {
        String want = java.net.URLDecoder.decode(parts[i], java.nio.charset.StandardCharsets.UTF_8);
        Object v = pathValue(r, fields.get(i).replace("__", "."));
        all = (want.equals("\0") || want.equals("%00")) ? v == null : (v != null && String.valueOf(v).equals(want));
      }
      if (all) {
        return r;
      }
    }
    return null;
  }

  private @Nullable Object followAlias(Row row, List<String> path) {
    Row current = row;
    for (String step : path) {
      FieldSpec f = current.spec().field(step);
      if (f == null) {
        return null;
      }
      Row next;
      if (f.type() == FieldType.GFK) {
        next = gfkTarget(current, step);
      } else if (f.type() == FieldType.FK) {
        next = row(Objects.requireNonNull(f.target()), current.get(step));
      } else {
        return null;
      }
      if (next == null) {
        return null;
      }
      current = next;
    }
    return current.id();
  }

  private String searchText(Row row) {
    StringBuilder sb = new StringBuilder(display(row));
    for (String f : List.of("name", "slug", "description", "address", "prefix", "model", "serial", "cid")) {
      Object v = row.get(f);
      if (v != null) {
        sb.append('\n').append(v);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  // ------------------------------------------------------------------ writes

  private EmulatorResponse create(EmulatorRequest request, ModelSpec spec) {
    Object body = parseBody(request);
    lock.writeLock().lock();
    try {
      if (body instanceof List<?> items) {
        List<Row> created = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        boolean failed = false;
        Undo undo = new Undo();
        for (Object item : items) {
          if (!(item instanceof Map<?, ?>)) {
            errors.add(Map.of("non_field_errors",
                List.of("Invalid data. Expected a dictionary, but got " + pyType(item) + ".")));
            failed = true;
            continue;
          }
          Map<String, Object> e = new LinkedHashMap<>();
          Row row = insert(spec, Json.object(item, "item"), false, e, undo);
          if (row == null) {
            failed = true;
            errors.add(e);
          } else {
            created.add(row);
            errors.add(Map.of());
          }
        }
        if (failed) {
          undo.run();
          return EmulatorResponse.json(400, errors);
        }
        List<Map<String, @Nullable Object>> out = new ArrayList<>();
        for (Row r : created) {
          out.add(render(r, request.origin(), writeOptions()));
        }
        return EmulatorResponse.json(201, out);
      }
      Map<String, @Nullable Object> input = requireObject(body);
      Map<String, Object> errors = new LinkedHashMap<>();
      Row row = insert(spec, input, false, errors, new Undo());
      if (row == null) {
        return EmulatorResponse.json(400, errors);
      }
      return withEtag(EmulatorResponse.json(201, render(row, request.origin(), writeOptions())), row);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Collects actions that undo a failed transaction, run in reverse order. */
  private final class Undo implements Runnable {
    private final List<Runnable> steps = new ArrayList<>();

    void add(Runnable step) {
      steps.add(step);
    }

    @Override
    public void run() {
      for (int i = steps.size() - 1; i >= 0; i--) {
        steps.get(i).run();
      }
      tables.values().forEach(Table::reindex);
      version++;
    }
  }

  private List<Map<String, Object>> bulkIdErrors(List<?> items, List<@Nullable Object> ids) {
    List<Map<String, Object>> errors = new ArrayList<>();
    boolean failed = false;
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> m)) {
        errors.add(Map.of("non_field_errors",
            List.of("Invalid data. Expected a dictionary, but got " + pyType(item) + ".")));
        ids.add(null);
        failed = true;
        continue;
      }
      Object raw = m.get("id");
      if (!m.containsKey("id")) {
        errors.add(Map.of("id", List.of("This field is required.")));
        ids.add(null);
        failed = true;
        continue;
      }
      Object id = parseId(raw);
      if (id == null) {
        errors.add(Map.of("id", List.of(invalidIdMessage(String.valueOf(raw)))));
        ids.add(null);
        failed = true;
        continue;
      }
      errors.add(Map.of());
      ids.add(id);
    }
    return failed ? errors : List.of();
  }

  private static List<?> requireList(@Nullable Object body) {
    if (body instanceof List<?> l) {
      return l;
    }
    throw new BadRequest(Map.of("non_field_errors",
        List.of("Expected a list of items but got type \"" + pyType(body) + "\".")));
  }

  private EmulatorResponse bulkUpdate(EmulatorRequest request, ModelSpec spec, boolean partial) {
    List<?> items = requireList(parseBody(request));
    List<@Nullable Object> ids = new ArrayList<>();
    List<Map<String, Object>> idErrors = bulkIdErrors(items, ids);
    if (!idErrors.isEmpty()) {
      return EmulatorResponse.json(400, idErrors);
    }
    lock.writeLock().lock();
    try {
      Map<Object, Map<String, @Nullable Object>> byId = new LinkedHashMap<>();
      for (int i = 0; i < items.size(); i++) {
        byId.put(Objects.requireNonNull(ids.get(i)), Json.object(items.get(i), "item"));
      }
      List<Row> found = new ArrayList<>();
      for (Row r : ordered(spec, null)) {
        if (byId.containsKey(r.id())) {
          found.add(r);
        }
      }
      Undo undo = new Undo();
      List<Row> updated = new ArrayList<>();
      for (Row row : found) {
        Row before = row.copy();
        Map<String, Object> errors = update(row, Objects.requireNonNull(byId.get(row.id())), partial);
        if (errors != null) {
          undo.run();
          return EmulatorResponse.json(400, errors);
        }
        undo.add(() -> row.restore(before));
        updated.add(row);
      }
      List<Map<String, @Nullable Object>> out = new ArrayList<>();
      for (Row r : updated) {
        out.add(render(r, request.origin(), writeOptions()));
      }
      return EmulatorResponse.json(200, out);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private EmulatorResponse bulkDelete(EmulatorRequest request, ModelSpec spec) {
    List<?> items = requireList(parseBody(request));
    List<@Nullable Object> ids = new ArrayList<>();
    List<Map<String, Object>> idErrors = bulkIdErrors(items, ids);
    if (!idErrors.isEmpty()) {
      return EmulatorResponse.json(400, idErrors);
    }
    lock.writeLock().lock();
    try {
      List<Row> found = new ArrayList<>();
      for (Object id : new LinkedHashSet<>(ids)) {
        Row r = row(spec.endpoint(), id);
        if (r != null) {
          found.add(r);
        }
      }
      deleteRows(found);
      return EmulatorResponse.empty(204);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Deletes rows with their cascades, or throws a 409 naming the protected dependents. Call under
   * the write lock.
   */
  private void deleteRows(List<Row> rows) {
    Map<String, Set<Object>> doomed = new LinkedHashMap<>();
    Map<String, Set<Object>> frontier = new LinkedHashMap<>();
    List<Row> order = new ArrayList<>(rows);
    for (Row r : rows) {
      doomed.computeIfAbsent(r.spec().endpoint(), k -> new HashSet<>()).add(r.id());
      frontier.computeIfAbsent(r.spec().endpoint(), k -> new HashSet<>()).add(r.id());
    }
    List<Row> protectedRows = new ArrayList<>();
    List<Runnable> nulling = new ArrayList<>();
    while (!frontier.isEmpty()) {
      Map<String, Set<Object>> next = new LinkedHashMap<>();
      for (Table t : tables.values()) {
        for (FieldSpec f : t.spec.fields().values()) {
          Set<Object> victims;
          if (f.type() == FieldType.FK || f.type() == FieldType.M2M) {
            victims = frontier.get(f.target());
          } else if (f.type() == FieldType.TAGS) {
            victims = frontier.get(tagEndpoint);
          } else if (f.type() == FieldType.GFK) {
            victims = Set.of();
          } else {
            continue;
          }
          if (f.type() != FieldType.GFK && (victims == null || victims.isEmpty())) {
            continue;
          }
          Set<Object> mine = doomed.getOrDefault(t.spec.endpoint(), Set.of());
          for (Row other : t.rows.values()) {
            if (mine.contains(other.id())) {
              continue;
            }
            if (f.isMulti()) {
              Object v = other.get(f.name());
              if (v instanceof List<?> l && l.stream().anyMatch(Objects.requireNonNull(victims)::contains)) {
                Set<Object> gone = victims;
                nulling.add(() -> {
                  List<Object> copy = new ArrayList<>((List<?>) Objects.requireNonNull(other.get(f.name())));
                  copy.removeAll(gone);
                  other.values().put(f.name(), copy);
                });
              }
              continue;
            }
            boolean refers;
            if (f.type() == FieldType.GFK) {
              Object type = other.get(f.name() + "_type");
              ModelSpec ts = type == null ? null : specsByType.get(String.valueOf(type));
              Set<Object> ids = ts == null ? null : frontier.get(ts.endpoint());
              refers = ids != null && ids.contains(other.get(f.name() + "_id"));
            } else {
              Object v = other.get(f.name());
              refers = v != null && Objects.requireNonNull(victims).contains(v);
            }
            if (!refers) {
              continue;
            }
            switch (f.onDelete()) {
              case CASCADE:
                if (doomed.computeIfAbsent(t.spec.endpoint(), k -> new HashSet<>()).add(other.id())) {
                  next.computeIfAbsent(t.spec.endpoint(), k -> new HashSet<>()).add(other.id());
                  order.add(other);
                }
                break;
              case SET_NULL:
                if (f.type() == FieldType.GFK) {
                  nulling.add(() -> {
                    other.values().put(f.name() + "_type", null);
                    other.values().put(f.name() + "_id", null);
                  });
                } else {
                  nulling.add(() -> other.values().put(f.name(), null));
                }
                break;
              default:
                protectedRows.add(other);
            }
          }
        }
      }
      frontier = next;
    }
    if (!protectedRows.isEmpty()) {
      StringBuilder msg = new StringBuilder("Unable to delete object. ")
          .append(protectedRows.size()).append(" dependent objects were found: ");
      for (int i = 0; i < protectedRows.size(); i++) {
        Row p = protectedRows.get(i);
        msg.append(i == 0 ? "" : ", ").append(display(p)).append(" (").append(p.id()).append(')');
      }
      throw new BadRequest(409, Map.of("detail", msg.toString()));
    }
    nulling.forEach(Runnable::run);
    for (Row r : order) {
      Table t = Objects.requireNonNull(tables.get(r.spec().endpoint()));
      t.unindex(r);
      t.rows.remove(r.id());
    }
    version++;
  }

  /**
   * Validates {@code input} and inserts a new object; on failure fills {@code errors} and returns
   * null. Call under the write lock.
   */
  private @Nullable Row insert(
      ModelSpec spec, Map<String, @Nullable Object> input, boolean seeding, Map<String, Object> errors, Undo undo) {
    Table table = Objects.requireNonNull(tables.get(spec.endpoint()));
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    for (FieldSpec f : spec.fields().values()) {
      if (f.type() == FieldType.GFK) {
        values.put(f.name() + "_type", null);
        values.put(f.name() + "_id", null);
      } else if (f.type() == FieldType.CUSTOM_FIELDS) {
        values.put(f.name(), new LinkedHashMap<>(customFields(spec.endpoint())));
      } else if (f.type() != FieldType.COMPUTED) {
        values.put(f.name(), copyDefault(f.defaultValue()));
      }
    }
    Object id = null;
    if (seeding && input.get("id") != null) {
      id = parseId(input.get("id"));
      if (id == null) {
        errors.put("id", List.of(invalidIdMessage(String.valueOf(input.get("id")))));
        return null;
      }
      if (table.rows.containsKey(id)) {
        errors.put("id", List.of(spec.objectName() + " with id " + id + " already exists"));
        return null;
      }
    }
    Map<String, @Nullable Object> extras = new LinkedHashMap<>();
    Map<String, @Nullable Object> overrides = new LinkedHashMap<>();
    Instant now = clock.instant();
    Instant[] stamps = {now, now};
    apply(spec, values, input, true, false, seeding, errors, extras, overrides, stamps);
    if (!errors.isEmpty()) {
      return null;
    }
    checkUnique(table, values, null, errors);
    if (!errors.isEmpty()) {
      return null;
    }
    if (id == null) {
      do {
        id = newId(spec, table.nextSequence++);
      } while (table.rows.containsKey(id));
    } else if (id instanceof Long l && l >= table.nextSequence) {
      table.nextSequence = l + 1;
    }
    Row row = new Row(id, spec, values, stamps[0], stamps[1]);
    row.extras().putAll(extras);
    row.overrides().putAll(overrides);
    table.rows.put(id, row);
    table.index(row);
    version++;
    Object finalId = id;
    undo.add(() -> table.rows.remove(finalId));
    return row;
  }

  /** Validates and applies an update; returns the errors, or null on success. */
  private @Nullable Map<String, Object> update(Row row, Map<String, @Nullable Object> input, boolean partial) {
    Table table = Objects.requireNonNull(tables.get(row.spec().endpoint()));
    Map<String, @Nullable Object> values = new LinkedHashMap<>(row.values());
    Map<String, Object> errors = new LinkedHashMap<>();
    Instant[] stamps = {row.created(), clock.instant()};
    apply(row.spec(), values, input, false, partial, false, errors, new LinkedHashMap<>(), new LinkedHashMap<>(), stamps);
    if (errors.isEmpty()) {
      checkUnique(table, values, row.id(), errors);
    }
    if (!errors.isEmpty()) {
      return errors;
    }
    table.unindex(row);
    row.values().clear();
    row.values().putAll(values);
    row.lastUpdated(stamps[1]);
    table.index(row);
    version++;
    return null;
  }

  private static @Nullable Object copyDefault(@Nullable Object v) {
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    if (v instanceof Map<?, ?> m) {
      return new LinkedHashMap<>(m);
    }
    return v;
  }

  private static final Set<String> READ_ONLY_KEYS =
      Set.of("id", "url", "display_url", "display", "created", "last_updated", "natural_slug",
          "object_type", "notes_url", "changelog_message");

  @SuppressWarnings("unchecked")
  private void apply(
      ModelSpec spec,
      Map<String, @Nullable Object> values,
      Map<String, @Nullable Object> input,
      boolean create,
      boolean partial,
      boolean seeding,
      Map<String, Object> errors,
      Map<String, @Nullable Object> extras,
      Map<String, @Nullable Object> overrides,
      Instant[] stamps) {
    Map<String, FieldSpec> gfkKeys = new HashMap<>();
    for (FieldSpec f : spec.fields().values()) {
      if (f.type() == FieldType.GFK) {
        gfkKeys.put(f.name() + "_type", f);
        gfkKeys.put(f.name() + "_id", f);
      }
    }
    for (Map.Entry<String, @Nullable Object> e : input.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (READ_ONLY_KEYS.contains(key) || ignoredWriteKeys().contains(key)) {
        if (seeding) {
          seedReadOnly(key, value, overrides, stamps, errors);
        }
        continue;
      }
      FieldSpec gfk = gfkKeys.get(key);
      if (gfk != null) {
        if (key.endsWith("_type")) {
          if (value != null && specsByType.get(String.valueOf(value)) == null) {
            errors.put(key, List.of("Invalid content type: " + value));
          } else {
            values.put(key, value);
          }
        } else {
          Object id = value == null ? null : parseId(value);
          if (value != null && id == null) {
            errors.put(key, List.of(invalidIdMessage(String.valueOf(value))));
          } else {
            values.put(key, id);
          }
        }
        continue;
      }
      FieldSpec f = spec.field(key);
      if (f == null) {
        if (seeding) {
          extras.put(key, value);
        }
        continue;
      }
      if (f.type() == FieldType.COMPUTED || f.type() == FieldType.GFK) {
        continue;
      }
      Object converted = convert(spec, f, value, seeding, errors, values.get(key));
      if (!errors.containsKey(key)) {
        values.put(key, converted);
      }
    }
    if (create || !partial) {
      for (FieldSpec f : spec.fields().values()) {
        if (!f.required() || errors.containsKey(f.name())) {
          continue;
        }
        if (f.type() == FieldType.GFK) {
          if (!input.containsKey(f.name() + "_type")) {
            errors.put(f.name() + "_type", List.of("This field is required."));
          }
          if (!input.containsKey(f.name() + "_id")) {
            errors.put(f.name() + "_id", List.of("This field is required."));
          }
          continue;
        }
        if (!input.containsKey(f.name()) && (create || !seeding)) {
          errors.put(f.name(), List.of("This field is required."));
        }
      }
    }
    for (FieldSpec f : spec.fields().values()) {
      if (f.type() != FieldType.GFK) {
        continue;
      }
      Object type = values.get(f.name() + "_type");
      Object id = values.get(f.name() + "_id");
      if (errors.containsKey(f.name() + "_type") || errors.containsKey(f.name() + "_id")) {
        continue;
      }
      if ((type == null) != (id == null)) {
        errors.put(type == null ? f.name() + "_type" : f.name() + "_id",
            List.of("This field is required when " + (type == null ? f.name() + "_id" : f.name() + "_type") + " is set."));
      } else if (type != null) {
        ModelSpec target = Objects.requireNonNull(specsByType.get(String.valueOf(type)));
        if (row(target.endpoint(), id) == null) {
          errors.put(f.name() + "_id", List.of("Related object not found using the provided numeric ID: " + id));
        }
      }
    }
  }

  private void seedReadOnly(
      String key, @Nullable Object value, Map<String, @Nullable Object> overrides, Instant[] stamps, Map<String, Object> errors) {
    if (value == null) {
      return;
    }
    switch (key) {
      case "created":
      case "last_updated":
        try {
          Instant t = OffsetDateTime.parse(String.valueOf(value)).toInstant();
          stamps[key.equals("created") ? 0 : 1] = t;
        } catch (DateTimeParseException e) {
          errors.put(key, List.of("not an ISO 8601 timestamp: " + value));
        }
        break;
      case "display":
      case "natural_slug":
        overrides.put(key, value);
        break;
      default:
        break;
    }
  }

  /** Converts one written value to storage form; records an error under the field name instead. */
  @SuppressWarnings("unchecked")
  private @Nullable Object convert(
      ModelSpec spec,
      FieldSpec f,
      @Nullable Object value,
      boolean seeding,
      Map<String, Object> errors,
      @Nullable Object current) {
    String name = f.name();
    if (value == null && f.type() != FieldType.CUSTOM_FIELDS) {
      if (!f.nullable()) {
        errors.put(name, List.of("This field may not be null."));
      }
      return null;
    }
    switch (f.type()) {
      case STR:
        if (value instanceof String s) {
          if (f.required() && s.isBlank()) {
            errors.put(name, List.of("This field may not be blank."));
          }
          return s;
        }
        if (value instanceof Number) {
          return String.valueOf(value);
        }
        errors.put(name, List.of("Not a valid string."));
        return null;
      case INT:
        Long l = toLong(value);
        if (l == null) {
          errors.put(name, List.of("A valid integer is required."));
        }
        return l;
      case NUM:
        if (value instanceof Number) {
          return value;
        }
        try {
          return new BigDecimal(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
          errors.put(name, List.of("A valid number is required."));
          return null;
        }
      case BOOL:
        Boolean b = toBool(value);
        if (b == null) {
          errors.put(name, List.of("Must be a valid boolean."));
        }
        return b;
      case JSON:
        return value;
      case LIST:
        if (!(value instanceof List)) {
          errors.put(name, List.of("Expected a list of items but got type \"" + pyType(value) + "\"."));
        }
        return value;
      case CHOICE: {
        Object raw = value;
        if (seeding && value instanceof Map<?, ?> m && m.containsKey("value")) {
          raw = m.get("value");
        }
        if (raw instanceof Map || raw instanceof List) {
          errors.put(name, List.of("Value must be passed directly (e.g. \"foo\": 123); do not use a dictionary or list."));
          return null;
        }
        if (raw == null || String.valueOf(raw).isEmpty()) {
          return null;
        }
        for (Object k : choices(Objects.requireNonNull(f.target())).keySet()) {
          if (String.valueOf(k).equals(String.valueOf(raw))) {
            return k;
          }
        }
        errors.put(name, List.of("\"" + raw + "\" is not a valid choice."));
        return null;
      }
      case FK: {
        ModelSpec target = requireSpec(Objects.requireNonNull(f.target()));
        Ref ref = seeding ? seedReference(target, value) : resolveReference(target, value);
        if (ref.error() != null) {
          errors.put(name, List.of(ref.error()));
        }
        return ref.id();
      }
      case M2M:
      case TAGS: {
        if (!(value instanceof List<?> items)) {
          errors.put(name, List.of("Expected a list of items but got type \"" + pyType(value) + "\"."));
          return null;
        }
        ModelSpec target = requireSpec(f.type() == FieldType.TAGS ? tagEndpoint : Objects.requireNonNull(f.target()));
        List<Object> ids = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Object item : items) {
          Ref ref = seeding ? seedReference(target, item) : resolveReference(target, item);
          if (ref.error() != null) {
            problems.add(ref.error());
          } else if (ref.id() != null && !ids.contains(ref.id())) {
            ids.add(ref.id());
          }
        }
        if (!problems.isEmpty()) {
          errors.put(name, problems);
        }
        return ids;
      }
      case CUSTOM_FIELDS: {
        Map<String, @Nullable Object> merged = new LinkedHashMap<>();
        if (current instanceof Map<?, ?> c) {
          merged.putAll((Map<String, @Nullable Object>) c);
        }
        if (value == null) {
          return merged;
        }
        if (!(value instanceof Map<?, ?> given)) {
          errors.put(name, List.of("Invalid data. Expected a dictionary, but got " + pyType(value) + "."));
          return null;
        }
        Map<String, @Nullable Object> defined = customFields(spec.endpoint());
        Map<String, String> unknown = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : given.entrySet()) {
          String k = String.valueOf(e.getKey());
          if (!defined.containsKey(k)) {
            unknown.put(k, "Custom field '" + k + "' does not exist for this object type.");
          } else {
            merged.put(k, e.getValue());
          }
        }
        if (!unknown.isEmpty()) {
          errors.put(name, unknown);
        }
        return merged;
      }
      default:
        return null;
    }
  }

  /** Seeding accepts what a payload shows: an id, or a nested object with an id, or the API forms. */
  private Ref seedReference(ModelSpec target, @Nullable Object value) {
    if (value instanceof Map<?, ?> m && m.containsKey("id")) {
      Object id = parseId(m.get("id"));
      if (id != null && row(target.endpoint(), id) != null) {
        return Ref.of(id);
      }
      return Ref.error("no " + target.endpoint() + " object with id " + m.get("id"));
    }
    return resolveReference(target, value);
  }

  private static @Nullable Long toLong(@Nullable Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof Boolean) {
      return null;
    }
    String s = String.valueOf(value).trim().replaceFirst("\\.0*$", "");
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable Boolean toBool(@Nullable Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    if (Set.of("true", "1", "yes", "on", "t", "y").contains(s)) {
      return Boolean.TRUE;
    }
    if (Set.of("false", "0", "no", "off", "f", "n").contains(s)) {
      return Boolean.FALSE;
    }
    return null;
  }

  private static @Nullable List<Object> uniqueKey(ModelSpec.Unique u, Map<String, @Nullable Object> values) {
    List<Object> key = new ArrayList<>();
    for (String f : u.fields()) {
      Object v = values.get(f);
      if (v == null) {
        if (!u.nullsCollide().contains(f)) {
          return null;
        }
        key.add("\0null");
        continue;
      }
      key.add(v instanceof String s ? s : String.valueOf(v));
    }
    return key;
  }

  private void checkUnique(Table table, Map<String, @Nullable Object> values, @Nullable Object selfId, Map<String, Object> errors) {
    for (ModelSpec.Unique u : table.spec.uniques()) {
      List<Object> key = uniqueKey(u, values);
      if (key == null) {
        continue;
      }
      Object holder = Objects.requireNonNull(table.uniqueIndex.get(u)).get(key);
      if (holder != null && !holder.equals(selfId)) {
        errors.merge(u.errorKey(), new ArrayList<>(List.of(u.message())), (a, b) -> {
          List<Object> merged = new ArrayList<>((List<?>) a);
          merged.addAll((List<?>) b);
          return merged;
        });
      }
    }
  }

  /**
   * Resolves an attribute dict the way NetBox and Nautobot do: nested dicts are flattened into
   * {@code a__b} lookups, then exactly one object must match.
   */
  protected Ref resolveAttributes(ModelSpec target, Map<?, ?> attrs) {
    Map<String, @Nullable Object> params = new LinkedHashMap<>();
    flatten("", attrs, params);
    List<Row> matches = new ArrayList<>();
    for (Row r : Objects.requireNonNull(tables.get(target.endpoint())).rows.values()) {
      boolean all = true;
      for (Map.Entry<String, @Nullable Object> p : params.entrySet()) {
        Optional<Boolean> m = attributeMatches(r, p.getKey().split("__"), 0, p.getValue());
        if (m.isEmpty()) {
          return Ref.error("Cannot resolve keyword '" + p.getKey().split("__")[0] + "' into field. Choices are: "
              + String.join(", ", target.fields().keySet()));
        }
        if (!m.get()) {
          all = false;
          break;
        }
      }
      if (all) {
        matches.add(r);
      }
    }
    if (matches.isEmpty()) {
      return Ref.error("Related object not found using the provided attributes: " + PyRepr.of(params));
    }
    if (matches.size() > 1) {
      return Ref.error("Multiple objects match the provided attributes: " + PyRepr.of(params));
    }
    return Ref.of(matches.get(0).id());
  }

  private static void flatten(String prefix, Map<?, ?> in, Map<String, @Nullable Object> out) {
    for (Map.Entry<?, ?> e : in.entrySet()) {
      String k = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(k + "__", nested, out);
      } else {
        out.put(k, e.getValue());
      }
    }
  }

  /** Whether {@code row}'s field path equals {@code value}; empty when a keyword is unknown. */
  private Optional<Boolean> attributeMatches(Row row, String[] path, int i, @Nullable Object value) {
    String key = path[i];
    boolean last = i == path.length - 1;
    if (key.equals("id") || key.equals("pk")) {
      if (!last) {
        return Optional.empty();
      }
      Object id = parseId(value);
      return Optional.of(id != null && id.equals(row.id()));
    }
    FieldSpec f = row.spec().field(key);
    if (f == null) {
      return Optional.empty();
    }
    Object stored = f.type() == FieldType.COMPUTED ? computed(row, key) : row.get(key);
    if (f.type() == FieldType.FK) {
      if (last) {
        if (value == null) {
          return Optional.of(stored == null);
        }
        Object id = parseId(value);
        return Optional.of(id != null && id.equals(stored));
      }
      Row target = row(Objects.requireNonNull(f.target()), stored);
      if (target == null) {
        return Optional.of(false);
      }
      return attributeMatches(target, path, i + 1, value);
    }
    if (!last) {
      return Optional.empty();
    }
    if (value == null) {
      return Optional.of(stored == null);
    }
    return Optional.of(stored != null && String.valueOf(stored).equals(String.valueOf(value)));
  }

  // ------------------------------------------------------------------ seeding and inspection

  /**
   * Stores an object as given (ids, timestamps, display and natural slug overrides kept; references
   * as ids, nested objects with an id, or in the API's write forms; choices raw or {@code
   * {value,label}}; undeclared fields kept as extras) and returns it rendered.
   *
   * @throws IllegalArgumentException naming the endpoint and fields when the object is invalid
   */
  public Map<String, @Nullable Object> seed(String endpoint, Map<String, ?> fields) {
    Object id = seedId(endpoint, fields);
    lock.readLock().lock();
    try {
      return asJson(render(Objects.requireNonNull(row(requireSpec(endpoint).endpoint(), id)), origin.get(), writeOptions()));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Like {@link #seed} but returns only the new object's id (fast, for bulk seeding). */
  public Object seedId(String endpoint, Map<String, ?> fields) {
    ModelSpec spec = requireSpec(endpoint);
    lock.writeLock().lock();
    try {
      Map<String, Object> errors = new LinkedHashMap<>();
      @SuppressWarnings("unchecked")
      Map<String, @Nullable Object> input = (Map<String, @Nullable Object>) fields;
      Row row = insert(spec, input, true, errors, new Undo());
      if (row == null) {
        throw new IllegalArgumentException(
            "cannot seed " + spec.endpoint() + " " + PyRepr.of(fields) + ": " + Json.writeString(errors));
      }
      return row.id();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Seeds every object of a JSON file (see {@link #seedJson}); errors name the file. */
  public List<Map<String, @Nullable Object>> seedFile(String endpoint, java.nio.file.Path jsonFile) {
    String text;
    try {
      text = java.nio.file.Files.readString(jsonFile, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read seed file " + jsonFile, e);
    }
    try {
      return seedJson(endpoint, text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(jsonFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The endpoint a request path belongs to, for request logs: {@code /api/dcim/devices/12/} →
   * {@code /api/dcim/devices/}; other paths unchanged.
   */
  public String endpointOf(String path) {
    String rest = trimSlashes(path);
    if (rest.startsWith("api/")) {
      String inner = rest.substring(4);
      if (specs.containsKey(inner)) {
        return "/api/" + inner + "/";
      }
      int slash = inner.lastIndexOf('/');
      if (slash > 0 && specs.containsKey(inner.substring(0, slash))) {
        return "/api/" + inner.substring(0, slash) + "/";
      }
    }
    return path;
  }

  /**
   * Seeds every object of a JSON payload: one object, a list of objects, or a page envelope ({@code
   * {"count", "next", "previous", "results"}}); returns them rendered.
   *
   * @throws IllegalArgumentException when the text is not such a payload or an object is invalid
   */
  public List<Map<String, @Nullable Object>> seedJson(String endpoint, String json) {
    Object parsed = Json.parse(json);
    List<?> items;
    if (parsed instanceof List<?> l) {
      items = l;
    } else if (parsed instanceof Map<?, ?> m && m.get("results") instanceof List<?> l && m.containsKey("count")) {
      items = l;
    } else if (parsed instanceof Map<?, ?>) {
      items = List.of(parsed);
    } else {
      throw new IllegalArgumentException("a seed payload must be an object, a list or a page envelope, got "
          + Json.describe(parsed));
    }
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    for (Object item : items) {
      out.add(seed(endpoint, Json.object(item, "seed item")));
    }
    return out;
  }

  /** Every stored object of {@code endpoint} in model order, rendered as a write response would be. */
  public List<Map<String, @Nullable Object>> objects(String endpoint) {
    ModelSpec spec = requireSpec(endpoint);
    lock.readLock().lock();
    try {
      List<Map<String, @Nullable Object>> out = new ArrayList<>();
      String o = origin.get();
      for (Row r : ordered(spec, null)) {
        out.add(asJson(render(r, o, writeOptions())));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The first object (model order) whose {@code field} equals {@code value}: {@code id}, a plain
   * field, a choice's raw value, or a reference's id; rendered.
   */
  public Optional<Map<String, @Nullable Object>> find(String endpoint, String field, @Nullable Object value) {
    ModelSpec spec = requireSpec(endpoint);
    if (!field.equals("id") && spec.field(field) == null) {
      throw new IllegalArgumentException(
          spec.endpoint() + " has no field '" + field + "'; fields: " + String.join(", ", spec.fields().keySet()));
    }
    lock.readLock().lock();
    try {
      for (Row r : ordered(spec, null)) {
        Object stored = field.equals("id") ? r.id() : r.get(field);
        if (Objects.equals(stored == null ? null : String.valueOf(stored), value == null ? null : String.valueOf(value))) {
          return Optional.of(asJson(render(r, origin.get(), writeOptions())));
        }
      }
      return Optional.empty();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A rendered object as an HTTP client parses it (JSON number and collection types). */
  private static Map<String, @Nullable Object> asJson(Map<String, @Nullable Object> rendered) {
    return Json.object(Json.parse(Json.write(rendered)), "object");
  }

  /** How many objects {@code endpoint} holds. */
  public int size(String endpoint) {
    ModelSpec spec = requireSpec(endpoint);
    lock.readLock().lock();
    try {
      return Objects.requireNonNull(tables.get(spec.endpoint())).rows.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Removes every stored object (ids start again at 1). */
  public void clear() {
    lock.writeLock().lock();
    try {
      for (Table t : tables.values()) {
        t.rows.clear();
        t.reindex();
        t.nextSequence = 1;
      }
      version++;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Strips leading and trailing slashes. */
  public static String trimSlashes(String path) {
    int s = 0;
    int e = path.length();
    while (s < e && path.charAt(s) == '/') {
      s++;
    }
    while (e > s && path.charAt(e - 1) == '/') {
      e--;
    }
    return path.substring(s, e);
  }
}
