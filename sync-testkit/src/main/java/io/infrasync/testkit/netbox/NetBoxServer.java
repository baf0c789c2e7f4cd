package io.infrasync.testkit.netbox;

import io.infrasync.testkit.EmulatorRequest;
import io.infrasync.testkit.EmulatorResponse;
import io.infrasync.testkit.EmulatorServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An in-process emulator of the NetBox 4.6 REST API, strict where NetBox is and lenient where
 * NetBox is (facts: {@code shared/reference/apis.md} §1).
 *
 * <ul>
 *   <li>{@code /api/<app>/<model>/} list (limit/offset, default 50, cap 1000, {@code limit=0} →
 *       1000, exact {@code count}, absolute DRF {@code next}/{@code previous}; cursor mode {@code
 *       ?start=}), detail GET/PATCH/PUT/DELETE, bulk create (POST a list), bulk update (PATCH/PUT a
 *       list with ids; unknown ids skipped, result in model order, first invalid item aborts with its
 *       error dict), bulk delete (DELETE a list of {@code {"id"}}; unknown ids skipped); each request
 *       is one all-or-nothing transaction; delete rules (409 on protected dependents, cascades);
 *   <li>integer ids; {@code url}, {@code display_url}, {@code display}; related objects nested in
 *       brief form; choices {@code {value,label}}; tags as nested tags; {@code custom_fields} with
 *       every defined key; {@code created}/{@code last_updated} stamped from {@link #clock()};
 *   <li>filters: {@code id} (repeat = OR), equality and lookups ({@code __n}, {@code __ic}, {@code
 *       __gte}, ...) on model fields, {@code <fk>_id}, {@code <fk>=<slug>}, {@code tag}, {@code
 *       last_updated__gte}, {@code q}; an unknown parameter (including {@code id__in}, which NetBox
 *       removed in 2.8) is silently ignored and the whole list comes back; a bad value is a 400;
 *       {@code ordering}; {@code brief}, {@code fields}, {@code omit}, {@code exclude=config_context};
 *   <li>writes take references as an id, {@code {"id": n}} or an attribute dict; errors are NetBox's
 *       400 field dicts ({@code {"name": ["This field is required."]}}), 404 {@code {"detail": "No
 *       Device matches the given query."}}, 405, 406 (Accept version other than 4.6), 412 (If-Match);
 *   <li>auth: {@code Authorization: Token <40 chars>} (v1) or {@code Bearer nbt_<key>.<token>} (v2);
 *       anything else is 403 with NetBox's body; read-only tokens get 403 on writes; every response
 *       carries {@code API-Version: 4.6}.
 * </ul>
 *
 * <p>Endpoints: {@code extras/tags}, {@code dcim/regions}, {@code dcim/site-groups}, {@code
 * dcim/sites}, {@code dcim/locations}, {@code tenancy/tenant-groups}, {@code tenancy/tenants},
 * {@code dcim/manufacturers}, {@code dcim/device-types}, {@code dcim/device-roles}, {@code
 * dcim/platforms}, {@code dcim/rack-roles}, {@code dcim/racks}, {@code dcim/devices}, {@code
 * dcim/interfaces}, {@code ipam/vrfs}, {@code ipam/route-targets}, {@code ipam/roles}, {@code
 * ipam/vlan-groups}, {@code ipam/vlans}, {@code ipam/prefixes}, {@code ipam/ip-addresses}, {@code
 * circuits/providers}, {@code circuits/provider-networks}, {@code circuits/circuit-types}, {@code
 * circuits/circuits}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static NetBoxServer netbox = NetBoxServer.builder().token("0123456789abcdef0123456789abcdef01234567").build();
 *
 * Map<String, Object> site = netbox.seed("dcim/sites", Map.of("name", "ams1", "slug", "ams1"));
 * }</pre>
 */
public final class NetBoxServer extends EmulatorServer {
  /** The v1 token accepted when the builder names none. */
  public static final String DEFAULT_TOKEN = "0123456789abcdef0123456789abcdef01234567";

  private final NetBoxEngine engine;
  private final List<NetBoxEngine.Token> tokens;

  private NetBoxServer(Builder b) {
    super("netbox", b.threads);
    this.tokens = b.tokens.isEmpty() ? List.of(new NetBoxEngine.Token(null, DEFAULT_TOKEN, true)) : List.copyOf(b.tokens);
    this.engine = new NetBoxEngine(
        tokens, b.loginRequired, b.customFields, clock(), this::origin, b.pageSize, b.maxPageSize);
  }

  /** A builder with NetBox's defaults (page size 50, max 1000, login required, 8 threads). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized NetBoxServer start() {
    super.start();
    return this;
  }

  @Override
  protected EmulatorResponse handle(EmulatorRequest request) {
    return engine.handle(request);
  }

  @Override
  protected String endpointOf(String path) {
    return engine.endpointOf(path);
  }

  @Override
  protected EmulatorResponse internalError(EmulatorRequest request, RuntimeException error) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("error", error.getClass().getSimpleName() + ": " + error.getMessage());
    body.put("exception", error.getClass().getSimpleName());
    body.put("netbox_version", NetBoxEngine.NETBOX_VERSION);
    body.put("python_version", "3.12.3");
    return EmulatorResponse.json(500, body).withHeader("API-Version", NetBoxEngine.API_VERSION);
  }

  private String origin() {
    return isRunning() ? baseUrl().toString() : "http://127.0.0.1";
  }

  /** The API root, {@code <baseUrl>/api/}. */
  public String apiUrl() {
    return baseUrl() + "/api/";
  }

  /** The first v1 token accepted ({@link #DEFAULT_TOKEN} unless the builder named tokens), or null. */
  public @Nullable String token() {
    for (NetBoxEngine.Token t : tokens) {
      if (t.key() == null) {
        return t.secret();
      }
    }
    return null;
  }

  /** A valid {@code Authorization} header value for the first accepted token. */
  public String authorization() {
    NetBoxEngine.Token t = tokens.get(0);
    return t.key() == null ? "Token " + t.secret() : "Bearer nbt_" + t.key() + "." + t.secret();
  }

  /**
   * Stores one object and returns it as {@code GET} would render it (with its id). Fields are the
   * write fields of the endpoint; references take an id, a nested object with an {@code id}, or an
   * attribute dict; choices their raw value or {@code {value,label}}; {@code id}, {@code created},
   * {@code last_updated} and {@code display} are kept when given; undeclared fields are kept and
   * rendered after the declared ones.
   *
   * @throws IllegalArgumentException naming the endpoint and the field errors
   */
  public Map<String, @Nullable Object> seed(String endpoint, Map<String, ?> fields) {
    return engine.seed(endpoint, fields);
  }

  /** Seeds every object of a JSON payload (an object, a list, or a page envelope). */
  public List<Map<String, @Nullable Object>> seedJson(String endpoint, String json) {
    return engine.seedJson(endpoint, json);
  }

  /** Seeds every object of a JSON file (an object, a list, or a page envelope). */
  public List<Map<String, @Nullable Object>> seedFile(String endpoint, Path jsonFile) {
    return engine.seedFile(endpoint, jsonFile);
  }

  /**
   * Seeds one side of a benchmark dataset ({@code <dir>/<Kind>.jsonl}, see {@code
   * shared/bench/README.md}); see {@link NetBoxDataset} for the mapping.
   *
   * @return how many objects were created per endpoint, in creation order
   */
  public Map<String, Integer> seedDataset(Path dir) {
    return NetBoxDataset.seed(engine, dir);
  }

  /** Every stored object of an endpoint, rendered as {@code GET} would (full form), in model order. */
  public List<Map<String, @Nullable Object>> objects(String endpoint) {
    return engine.objects(endpoint);
  }

  /**
   * The first object (model order) whose {@code field} holds {@code value} in storage form: {@code
   * id}, a plain field, a choice's raw value ({@code "active"}), or a reference's id.
   */
  public Optional<Map<String, @Nullable Object>> find(String endpoint, String field, @Nullable Object value) {
    return engine.find(endpoint, field, value);
  }

  /** How many objects an endpoint holds. */
  public int count(String endpoint) {
    return engine.size(endpoint);
  }

  /** Deletes every stored object (ids restart at 1). */
  public void clear() {
    engine.clear();
  }

  /** Builds a {@link NetBoxServer}. */
  public static final class Builder {
    private final List<NetBoxEngine.Token> tokens = new ArrayList<>();
    private final Map<String, Map<String, @Nullable Object>> customFields = new LinkedHashMap<>();
    private boolean loginRequired = true;
    private int threads = 8;
    private int pageSize = 50;
    private int maxPageSize = 1000;

    private Builder() {}

    /** Accepts a v1 token ({@code Authorization: Token <token>}), write-enabled. */
    public Builder token(String token) {
      tokens.add(new NetBoxEngine.Token(null, requireToken(token), true));
      return this;
    }

    /** Accepts a read-only v1 token: writes get 403. */
    public Builder readOnlyToken(String token) {
      tokens.add(new NetBoxEngine.Token(null, requireToken(token), false));
      return this;
    }

    /** Accepts a v2 token ({@code Authorization: Bearer nbt_<key>.<token>}), write-enabled. */
    public Builder tokenV2(String key, String token) {
      if (!key.matches("[A-Za-z0-9]{1,64}")) {
        throw new IllegalArgumentException("a v2 token key is alphanumeric (NetBox uses 12 characters)");
      }
      tokens.add(new NetBoxEngine.Token(key, requireToken(token), true));
      return this;
    }

    private static String requireToken(String token) {
      Objects.requireNonNull(token, "token");
      if (!token.matches("[A-Za-z0-9]{1,256}")) {
        throw new IllegalArgumentException("a token is alphanumeric (NetBox uses 40 characters)");
      }
      return token;
    }

    /** Lets requests without credentials in ({@code LOGIN_REQUIRED=False}); wrong tokens still fail. */
    public Builder anonymousAccess() {
      this.loginRequired = false;
      return this;
    }

    /** The request thread pool size (default 8). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** {@code PAGINATE_COUNT}, the page size without {@code limit} (default 50). */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be >= 1, got " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /** {@code MAX_PAGE_SIZE} (default 1000); 0 lets {@code limit=0} return everything. */
    public Builder maxPageSize(int maxPageSize) {
      if (maxPageSize < 0) {
        throw new IllegalArgumentException("maxPageSize must be >= 0, got " + maxPageSize);
      }
      this.maxPageSize = maxPageSize;
      return this;
    }

    /** Defines a custom field on an endpoint (default value null). */
    public Builder customField(String endpoint, String name) {
      return customField(endpoint, name, null);
    }

    /** Defines a custom field on an endpoint with a default filled in on create. */
    public Builder customField(String endpoint, String name, @Nullable Object defaultValue) {
      customFields.computeIfAbsent(endpoint.replaceAll("^/+|/+$", ""), k -> new LinkedHashMap<>())
          .put(name, defaultValue);
      return this;
    }

    /** A stopped server; start it with {@link NetBoxServer#start()} or as a JUnit extension. */
    public NetBoxServer build() {
      return new NetBoxServer(this);
    }
  }
}
