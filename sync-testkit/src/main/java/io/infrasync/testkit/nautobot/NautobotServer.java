package io.infrasync.testkit.nautobot;

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
 * An in-process emulator of the Nautobot 2.x REST API (2.4 by default), strict where Nautobot is
 * (facts: {@code shared/reference/apis.md} §2).
 *
 * <ul>
 *   <li>UUID ids; each object carries {@code id, object_type, display, url, natural_slug}, its
 *       fields, {@code created, last_updated}, then {@code tags}, {@code notes_url} and {@code
 *       custom_fields} where the model has them;
 *   <li>{@code ?depth=0} (default): related objects are {@code {id, object_type, url}}; {@code
 *       depth=N} nests full objects N levels deep (nested objects drop many-to-many fields); write
 *       responses are always depth 0; {@code exclude_m2m=true};
 *   <li>version negotiation: {@code Accept: application/json; version=2.x} or {@code ?api_version=};
 *       an unsupported header version is a 406, an unsupported query version a 404, a mismatch a
 *       400; the default is the newest; {@code API-Version} echoes the negotiated version;
 *   <li>pagination: limit/offset, default 50, cap 1000, {@code limit=0} → 1000; {@code sort};
 *   <li><b>strict filtering</b>: any query parameter that is not a filter of the model — including
 *       {@code brief}, {@code fields} and {@code id__in} — is a 400 {@code {"<param>": ["Unknown
 *       filter field"]}}; filters: {@code id} (repeat = OR), model fields with lookups, references
 *       by UUID or name ({@code ?status=Active}), {@code tags}, {@code last_updated__gte}, {@code q};
 *   <li>writes as in NetBox (single, bulk create/update/delete, all or nothing, unknown ids skipped);
 *       references as a UUID, a URL, {@code {"id"}}/{@code {"url"}}, an attribute dict or a
 *       natural-key string ({@code "status": "Active"});
 *   <li>auth: {@code Authorization: Token <key>} only; failures are 403 with DRF's bodies.
 * </ul>
 *
 * <p>Endpoints: {@code extras/tags}, {@code extras/statuses}, {@code extras/roles}, {@code
 * extras/dynamic-groups}, {@code tenancy/tenant-groups}, {@code tenancy/tenants}, {@code
 * dcim/location-types}, {@code dcim/locations}, {@code dcim/racks}, {@code dcim/manufacturers},
 * {@code dcim/platforms}, {@code dcim/device-types}, {@code dcim/devices}, {@code dcim/interfaces},
 * {@code dcim/rear-ports}, {@code dcim/front-ports}, {@code circuits/providers}, {@code
 * circuits/provider-networks}, {@code circuits/circuit-types}, {@code circuits/circuits}, {@code
 * plugins/bgp/autonomous-systems}, {@code ipam/namespaces}, {@code ipam/route-targets}, {@code
 * ipam/vrfs}, {@code ipam/vlan-groups}, {@code ipam/vlans}, {@code ipam/prefixes}, {@code
 * ipam/ip-addresses}.
 */
public final class NautobotServer extends EmulatorServer {
  /** The token accepted when the builder names none. */
  public static final String DEFAULT_TOKEN = "0123456789abcdef0123456789abcdef01234567";

  private final NautobotEngine engine;
  private final List<NautobotEngine.Token> tokens;

  private NautobotServer(Builder b) {
    super("nautobot", b.threads);
    this.tokens = b.tokens.isEmpty() ? List.of(new NautobotEngine.Token(DEFAULT_TOKEN, true)) : List.copyOf(b.tokens);
    String defaultVersion = b.defaultVersion != null ? b.defaultVersion : b.versions.get(b.versions.size() - 1);
    if (!b.versions.contains(defaultVersion)) {
      throw new IllegalArgumentException(
          "default version " + defaultVersion + " is not among the supported versions " + b.versions);
    }
    this.engine = new NautobotEngine(tokens, b.loginRequired, b.versions, defaultVersion, b.customFields,
        clock(), this::origin, b.pageSize, b.maxPageSize, b.seed);
  }

  /** A builder with Nautobot 2.4's defaults (versions 2.0–2.4, page 50, max 1000, login required). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized NautobotServer start() {
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

  private String origin() {
    return isRunning() ? baseUrl().toString() : "http://127.0.0.1";
  }

  /** The API root, {@code <baseUrl>/api/}. */
  public String apiUrl() {
    return baseUrl() + "/api/";
  }

  /** The first accepted token ({@link #DEFAULT_TOKEN} unless the builder named tokens). */
  public String token() {
    return tokens.get(0).key();
  }

  /** A valid {@code Authorization} header value ({@code Token <key>}). */
  public String authorization() {
    return "Token " + token();
  }

  /**
   * Stores one object and returns it rendered at depth 0 (with its UUID). References take a UUID, a
   * nested object with an {@code id}, an attribute dict or a name/natural key; {@code id}, {@code
   * created}, {@code last_updated}, {@code display} and {@code natural_slug} are kept when given;
   * undeclared fields are kept and rendered after the declared ones.
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

  /** Every stored object of an endpoint, rendered at depth 0, in model order. */
  public List<Map<String, @Nullable Object>> objects(String endpoint) {
    return engine.objects(endpoint);
  }

  /**
   * The first object (model order) whose {@code field} holds {@code value} in storage form: {@code
   * id}, a plain field, a choice's raw value, or a reference's UUID.
   */
  public Optional<Map<String, @Nullable Object>> find(String endpoint, String field, @Nullable Object value) {
    return engine.find(endpoint, field, value);
  }

  /** How many objects an endpoint holds. */
  public int count(String endpoint) {
    return engine.size(endpoint);
  }

  /** Deletes every stored object. */
  public void clear() {
    engine.clear();
  }

  /** Builds a {@link NautobotServer}. */
  public static final class Builder {
    private final List<NautobotEngine.Token> tokens = new ArrayList<>();
    private final Map<String, Map<String, @Nullable Object>> customFields = new LinkedHashMap<>();
    private List<String> versions = List.of("2.0", "2.1", "2.2", "2.3", "2.4");
    private @Nullable String defaultVersion;
    private boolean loginRequired = true;
    private int threads = 8;
    private int pageSize = 50;
    private int maxPageSize = 1000;
    private long seed = 42L;

    private Builder() {}

    /** Accepts a token ({@code Authorization: Token <key>}), write-enabled. */
    public Builder token(String key) {
      tokens.add(new NautobotEngine.Token(requireToken(key), true));
      return this;
    }

    /** Accepts a read-only token: writes get 403. */
    public Builder readOnlyToken(String key) {
      tokens.add(new NautobotEngine.Token(requireToken(key), false));
      return this;
    }

    private static String requireToken(String key) {
      Objects.requireNonNull(key, "key");
      if (!key.matches("[A-Za-z0-9]{1,256}")) {
        throw new IllegalArgumentException("a token is alphanumeric (Nautobot uses 40 characters)");
      }
      return key;
    }

    /** Lets requests without credentials in; wrong tokens still fail. */
    public Builder anonymousAccess() {
      this.loginRequired = false;
      return this;
    }

    /** The supported API versions, oldest first (default 2.0–2.4). */
    public Builder apiVersions(String... versions) {
      if (versions.length == 0) {
        throw new IllegalArgumentException("at least one API version is needed");
      }
      this.versions = List.of(versions);
      return this;
    }

    /** The version used when a request names none (default: the newest supported). */
    public Builder defaultVersion(String version) {
      this.defaultVersion = Objects.requireNonNull(version, "version");
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

    /** {@code PAGINATE_COUNT} (default 50). */
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

    /** The seed of the UUID generator (default 42): the same writes get the same ids. */
    public Builder seed(long seed) {
      this.seed = seed;
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

    /** A stopped server; start it with {@link NautobotServer#start()} or as a JUnit extension. */
    public NautobotServer build() {
      return new NautobotServer(this);
    }
  }
}
