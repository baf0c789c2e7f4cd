package io.infrasync.testkit.infrahub;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.infrasync.testkit.EmulatorRequest;
import io.infrasync.testkit.EmulatorResponse;
import io.infrasync.testkit.EmulatorServer;
import io.infrasync.testkit.RequestMatcher;
import io.infrasync.testkit.infrahub.GraphqlApi.Access;
import io.infrasync.testkit.infrahub.GraphqlApi.Caller;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * An in-process emulator of Infrahub's GraphQL API and {@code /api/schema}, strict where the real
 * server is: unknown arguments and fields are validation errors, required attributes, uniqueness
 * constraints and human friendly ids are enforced, unknown node ids are {@code NODE_NOT_FOUND},
 * errors come in the catalogue shape ({@code extensions: {code, http_status, data}}).
 *
 * <pre>{@code
 * @RegisterExtension
 * static InfrahubServer infrahub =
 *     InfrahubServer.builder().schema(InfrahubSchema.examples()).build();
 *
 * String tag = infrahub.create("BuiltinTag", Map.of("name", "red"));
 * // client: POST infrahub.graphqlUrl() with header X-INFRAHUB-KEY: InfrahubServer.DEFAULT_TOKEN
 * assertThat(infrahub.find("BuiltinTag", "name", "red")).isPresent();
 * assertThat(infrahub.graphqlLog().mutationRequests()).isEqualTo(1);
 * }</pre>
 *
 * <p>Endpoints: {@code POST /graphql} (branch {@code main}) and {@code POST /graphql/<branch>};
 * {@code GET /api/schema[/]?branch=&namespaces=}, {@code /api/schema/summary}, {@code
 * /api/schema/<kind>}; {@code GET /schema.graphql?branch=}. Authentication: header {@code
 * X-INFRAHUB-KEY}. Anonymous reads are allowed unless disabled; mutations need a read-write token.
 * Faults, the HTTP request log and the server clock (which stamps {@code node_metadata}) come from
 * {@link EmulatorServer}; {@link #graphqlLog()} records operation types and top-level fields.
 *
 * <p>The Java methods ({@link #create}, {@link #nodes}, …) act directly on the store, bypass
 * authentication and faults, are not recorded in the logs, and apply the same checks as the
 * mutations (a violation is an {@link IllegalArgumentException} whose message starts with the
 * catalogue code). Every method is thread-safe; requests and Java calls are serialised.
 */
public final class InfrahubServer extends EmulatorServer {

  /**
   * The token a server accepts when the builder names none (read-write, account {@code admin}): the
   * well-known initial admin token of Infrahub's demo deployments.
   */
  public static final String DEFAULT_TOKEN = "06438eb2-8019-4776-878c-0941b1f1d1ec";

  /** The default branch. */
  public static final String MAIN = "main";

  private static final String HEADER = "X-INFRAHUB-KEY";

  private record Token(Access access, @Nullable String account, boolean expired) {}

  private final Object lock = new Object();
  private final InfrahubSchema schema;
  private final Model model;
  private final Map<String, Token> tokens;
  private final boolean anonymousRead;
  private final Map<String, BranchData> branches = new LinkedHashMap<>();
  private final GraphqlLog graphqlLog = new GraphqlLog();
  private final GraphqlApi api;
  private final Random idRandom;
  private long idSequence;

  private InfrahubServer(Builder b) {
    super("infrahub", b.threads);
    this.schema = b.schema;
    this.model = new Model(schema);
    this.tokens =
        Map.copyOf(
            b.tokens.isEmpty()
                ? Map.of(DEFAULT_TOKEN, new Token(Access.WRITE, accountId("admin"), false))
                : b.tokens);
    this.anonymousRead = b.anonymousRead;
    this.idRandom = new Random(b.idSeed);
    this.branches.put(MAIN, new BranchData(model, MAIN, "Default branch", null, now(), true));
    this.api = new GraphqlApi(model, new Backend(), graphqlLog);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts the server (see {@link EmulatorServer#start()}); returns this server. */
  @Override
  public InfrahubServer start() {
    super.start();
    return this;
  }

  /** The served schema. */
  public InfrahubSchema schema() {
    return schema;
  }

  /** Operation types and top-level fields of every GraphQL request. */
  public GraphqlLog graphqlLog() {
    return graphqlLog;
  }

  /** {@code <base>/graphql}, the endpoint of the default branch. */
  public URI graphqlUrl() {
    return URI.create(baseUrl() + "/graphql");
  }

  /** {@code <base>/graphql/<branch>}. */
  public URI graphqlUrl(String branch) {
    return URI.create(baseUrl() + "/graphql/" + branch);
  }

  // ------------------------------------------------------------------ branches

  /** Creates a branch holding a copy of {@code main}'s current data. */
  public void createBranch(String name) {
    createBranch(name, MAIN);
  }

  /** Creates a branch holding a copy of {@code origin}'s current data. */
  public void createBranch(String name, String origin) {
    synchronized (lock) {
      try {
        new Backend().createBranch(name, null, origin);
      } catch (InfrahubError e) {
        throw failure(e);
      }
    }
  }

  /** Deletes a branch other than {@code main}. */
  public void deleteBranch(String name) {
    synchronized (lock) {
      try {
        new Backend().deleteBranch(name);
      } catch (InfrahubError e) {
        throw failure(e);
      }
    }
  }

  /** Branch names, {@code main} first. */
  public List<String> branches() {
    synchronized (lock) {
      return List.copyOf(branches.keySet());
    }
  }

  // ------------------------------------------------------------------ seeding

  /**
   * Creates a node on {@code main}; see {@link #create(String, String, Map)}.
   *
   * @return the new node's id
   */
  public String create(String kind, Map<String, ?> values) {
    return create(MAIN, kind, values);
  }

  /**
   * Creates a node: attribute name → value, relationship name → peer id (or a collection of peer
   * ids for cardinality many), key {@code id} for a chosen id. Checks and stamps like {@code
   * <Kind>Create}.
   *
   * @return the new node's id
   * @throws IllegalArgumentException on any violation (message starts with the catalogue code)
   */
  public String create(String branch, String kind, Map<String, ?> values) {
    synchronized (lock) {
      KindSchema k = kindSchema(kind);
      try {
        return writer(branch).create(kind, NodeInput.fromValues(k, values)).id();
      } catch (InfrahubError e) {
        throw failure(e);
      }
    }
  }

  /** Updates a node on {@code main}; see {@link #update(String, String, Map)}. */
  public void update(String id, Map<String, ?> values) {
    update(MAIN, id, values);
  }

  /**
   * Updates the given fields of a node, like {@code <Kind>Update}: a cardinality-many relationship
   * given here replaces the peer set; null clears. Stamps {@code updated_at} when something
   * changed.
   */
  public void update(String branch, String id, Map<String, ?> values) {
    synchronized (lock) {
      try {
        Writer w = writer(branch);
        NodeRecord node = w.find(kindOf(branch, id), id);
        w.update(node, NodeInput.fromValues(model.kind(node.kind()), values));
      } catch (InfrahubError e) {
        throw failure(e);
      }
    }
  }

  /** Deletes a node on {@code main}. */
  public void delete(String id) {
    delete(MAIN, id);
  }

  /** Deletes a node, like {@code <Kind>Delete}. */
  public void delete(String branch, String id) {
    synchronized (lock) {
      try {
        Writer w = writer(branch);
        w.delete(w.find(kindOf(branch, id), id));
      } catch (InfrahubError e) {
        throw failure(e);
      }
    }
  }

  /** Loads a dataset directory into {@code main}; see {@link #seedDataset(String, Path)}. */
  public Map<String, Integer> seedDataset(Path directory) {
    return seedDataset(MAIN, directory);
  }

  /**
   * Loads every {@code <Kind>.jsonl} file of a directory (the benchmark dataset's layout): one JSON
   * object per line; relationship fields hold the peer's human friendly id joined with {@code __}
   * (e.g. {@code "dev-000123__Ethernet1/5"}), or a list of them. Kinds load in dependency order.
   *
   * @return nodes created per kind
   * @throws IllegalArgumentException naming the file and line of the first bad record
   */
  public Map<String, Integer> seedDataset(String branch, Path directory) {
    synchronized (lock) {
      requireBranch(branch);
      return new Seeder(model, k -> writer(branch)).dataset(directory);
    }
  }

  /**
   * Loads a captured query response into {@code main}; see {@link #seedQueryResponse(String,
   * String)}.
   */
  public int seedQueryResponse(String json) {
    return seedQueryResponse(MAIN, json);
  }

  /**
   * Loads the nodes of a query response such as the SDK's {@code mock_query_location_page1.json},
   * keeping their ids; relationship peers must already exist.
   *
   * @return the number of nodes created
   */
  public int seedQueryResponse(String branch, String json) {
    synchronized (lock) {
      requireBranch(branch);
      return new Seeder(model, k -> writer(branch)).queryResponse(json);
    }
  }

  /** Removes every node of every branch and every branch but {@code main}. */
  public void clear() {
    synchronized (lock) {
      branches.clear();
      branches.put(MAIN, new BranchData(model, MAIN, "Default branch", null, now(), true));
    }
  }

  // ------------------------------------------------------------------ inspection

  /** The nodes of a kind (or of every kind using a generic) on {@code main}, ordered by id. */
  public List<InfrahubNode> nodes(String kind) {
    return nodes(MAIN, kind);
  }

  /** The nodes of a kind (or of every kind using a generic) on a branch, ordered by id. */
  public List<InfrahubNode> nodes(String branch, String kind) {
    synchronized (lock) {
      kindSchema(kind);
      BranchData b = requireBranch(branch);
      List<InfrahubNode> out = new ArrayList<>();
      for (NodeRecord r : b.ofDeclaredKind(kind)) {
        out.add(snapshot(b, r));
      }
      return out;
    }
  }

  /** The number of nodes of a kind on {@code main}. */
  public int count(String kind) {
    return count(MAIN, kind);
  }

  /** The number of nodes of a kind on a branch. */
  public int count(String branch, String kind) {
    synchronized (lock) {
      kindSchema(kind);
      return requireBranch(branch).ofDeclaredKind(kind).size();
    }
  }

  /** The node with this id on {@code main}. */
  public Optional<InfrahubNode> node(String id) {
    return node(MAIN, id);
  }

  /** The node with this id on a branch. */
  public Optional<InfrahubNode> node(String branch, String id) {
    synchronized (lock) {
      BranchData b = requireBranch(branch);
      NodeRecord r = b.get(id);
      return r == null ? Optional.empty() : Optional.of(snapshot(b, r));
    }
  }

  /** The first node of a kind on {@code main} whose attribute equals {@code value}. */
  public Optional<InfrahubNode> find(String kind, String attribute, Object value) {
    return find(MAIN, kind, attribute, value);
  }

  /** The first node (by id) of a kind on a branch whose attribute equals {@code value}. */
  public Optional<InfrahubNode> find(String branch, String kind, String attribute, Object value) {
    synchronized (lock) {
      KindSchema k = kindSchema(kind);
      if (k.attribute(attribute).isEmpty()) {
        throw new IllegalArgumentException(kind + " has no attribute '" + attribute + "'");
      }
      BranchData b = requireBranch(branch);
      for (NodeRecord r : b.ofDeclaredKind(kind)) {
        if (Values.matches(r.attribute(attribute), value, false)) {
          return Optional.of(snapshot(b, r));
        }
      }
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------ request matchers

  /** Selects GraphQL requests whose operation is a mutation (for {@link #faults()} rules). */
  public static RequestMatcher mutations() {
    return r -> operation(r) == OperationDefinition.Operation.MUTATION;
  }

  /** Selects GraphQL requests whose operation is a query. */
  public static RequestMatcher queries() {
    return r -> operation(r) == OperationDefinition.Operation.QUERY;
  }

  private static OperationDefinition.@Nullable Operation operation(EmulatorRequest r) {
    if (!r.path().startsWith("/graphql") || !r.method().equals("POST")) {
      return null;
    }
    try {
      Object body = Json.parse(r.bodyText());
      if (body instanceof Map<?, ?> m && m.get("query") instanceof String q) {
        Document doc = Parser.parse(q);
        for (OperationDefinition op : doc.getDefinitionsOfType(OperationDefinition.class)) {
          if (!op.getSelectionSet().getSelections().isEmpty()) {
            return op.getOperation();
          }
        }
      }
    } catch (InvalidSyntaxException | IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  // ------------------------------------------------------------------ HTTP

  @Override
  protected EmulatorResponse handle(EmulatorRequest request) {
    String path = request.path();
    if (path.equals("/graphql") || path.equals("/graphql/") || path.startsWith("/graphql/")) {
      String branch =
          path.length() <= "/graphql/".length() ? MAIN : path.substring("/graphql/".length());
      return graphql(request, branch);
    }
    if (path.equals("/api/schema") || path.startsWith("/api/schema/")) {
      return restSchema(request, path.substring("/api/schema".length()));
    }
    if (path.equals("/schema.graphql")) {
      return sdl(request);
    }
    return EmulatorResponse.json(404, Map.of("detail", "Not Found"));
  }

  @Override
  protected String endpointOf(String path) {
    if (path.startsWith("/graphql/") && path.length() > "/graphql/".length()) {
      return "/graphql/{branch}";
    }
    if (path.startsWith("/api/schema/")
        && !path.equals("/api/schema/")
        && !path.equals("/api/schema/summary")) {
      return "/api/schema/{kind}";
    }
    return path;
  }

  @Override
  protected EmulatorResponse internalError(EmulatorRequest request, RuntimeException error) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("message", "Internal emulator error: " + error.getClass().getSimpleName());
    e.put("extensions", GraphqlApi.undefinedError());
    return EmulatorResponse.json(500, Map.of("errors", List.of(e)));
  }

  private EmulatorResponse graphql(EmulatorRequest request, String branchName) {
    if (!request.method().equals("POST")) {
      return EmulatorResponse.json(405, Map.of("detail", "Method Not Allowed"));
    }
    Object auth = authenticate(request);
    if (auth instanceof EmulatorResponse refused) {
      return refused;
    }
    Caller caller = (Caller) auth;
    String type = request.header("Content-Type");
    String mediaType = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (mediaType.equals("multipart/form-data")) {
      return plainErrors(400, "multipart/form-data requests are not supported by the emulator");
    }
    if (!mediaType.equals("application/json")) {
      return plainErrors(400, "Content-type must be application/json or multipart/form-data");
    }
    Object body;
    try {
      body = Json.parse(request.bodyText());
    } catch (IllegalArgumentException e) {
      return plainErrors(400, "Unable to parse request body as JSON");
    }
    if (body instanceof List) {
      return plainErrors(400, "This server does not support batching");
    }
    if (!(body instanceof Map<?, ?> m) || !(m.get("query") instanceof String query)) {
      return plainErrors(400, "No GraphQL query found in the request");
    }
    Object vars = m.get("variables");
    Object op = m.get("operationName");
    if ((vars != null && !(vars instanceof Map)) || (op != null && !(op instanceof String))) {
      return plainErrors(400, "variables must be an object and operationName a string");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> variables = (Map<String, Object>) vars;
    // Parsing and validation read only the schema: done outside the lock, so that concurrent
    // requests use every core and only their execution is serialized.
    GraphqlApi.Prepared prepared = api.prepare(query);
    synchronized (lock) {
      BranchData branch = branches.get(branchName);
      if (branch == null) {
        return EmulatorResponse.json(
            404, Map.of("errors", List.of("Branch: " + branchName + " not found.")));
      }
      GraphqlApi.Response r = api.execute(branch, caller, query, prepared, variables, (String) op);
      return EmulatorResponse.json(r.status(), r.body());
    }
  }

  /** The caller, or the 401 response for an unknown or expired token. */
  private Object authenticate(EmulatorRequest request) {
    String key = request.header(HEADER);
    if (key == null) {
      return new Caller(Access.ANONYMOUS, null);
    }
    Token t = tokens.get(key);
    if (t == null || t.expired()) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("message", t == null ? "Invalid token" : "Expired Signature");
      Map<String, Object> ext = new LinkedHashMap<>();
      ext.put("code", t == null ? "AUTHENTICATION_REQUIRED" : "TOKEN_EXPIRED");
      ext.put("http_status", 401);
      ext.put("data", Map.of());
      error.put("extensions", ext);
      return EmulatorResponse.json(401, Map.of("errors", List.of(error)));
    }
    return new Caller(t.access(), t.account());
  }

  private static EmulatorResponse plainErrors(int status, String message) {
    return EmulatorResponse.json(status, Map.of("errors", List.of(message)));
  }

  private EmulatorResponse restSchema(EmulatorRequest request, String rest) {
    if (!request.method().equals("GET")) {
      return EmulatorResponse.json(405, Map.of("detail", "Method Not Allowed"));
    }
    EmulatorResponse refused = restAuth(request);
    if (refused != null) {
      return refused;
    }
    String branch = request.param("branch");
    if (branch != null) {
      synchronized (lock) {
        if (!branches.containsKey(branch)) {
          return catalogue(InfrahubError.branchNotFound(branch));
        }
      }
    }
    if (rest.isEmpty() || rest.equals("/")) {
      Map<String, @Nullable Object> doc = SchemaJson.document(schema);
      List<String> namespaces = new ArrayList<>();
      for (String n : request.params("namespaces")) {
        namespaces.addAll(List.of(n.split(",")));
      }
      if (!namespaces.isEmpty()) {
        for (String section : List.of("nodes", "generics")) {
          List<?> all = (List<?>) Objects.requireNonNull(doc.get(section));
          doc.put(
              section,
              all.stream()
                  .filter(e -> namespaces.contains(((Map<?, ?>) e).get("namespace")))
                  .toList());
        }
      }
      return EmulatorResponse.json(200, doc);
    }
    if (rest.equals("/summary")) {
      Map<String, @Nullable Object> doc = SchemaJson.document(schema);
      Map<String, @Nullable Object> summary = new LinkedHashMap<>();
      summary.put("main", doc.get("main"));
      for (String section : List.of("nodes", "generics")) {
        Map<String, Object> hashes = new LinkedHashMap<>();
        for (Object e : (List<?>) Objects.requireNonNull(doc.get(section))) {
          Map<?, ?> entry = (Map<?, ?>) e;
          hashes.put(String.valueOf(entry.get("kind")), String.valueOf(entry.get("hash")));
        }
        summary.put(section, hashes);
      }
      summary.put("profiles", Map.of());
      summary.put("templates", Map.of());
      return EmulatorResponse.json(200, summary);
    }
    String kind = rest.substring(1);
    Optional<KindSchema> k = schema.kind(kind);
    if (k.isEmpty()) {
      return catalogue(InfrahubError.schemaNotFound(kind));
    }
    return EmulatorResponse.json(200, SchemaJson.kindEntry(k.get()));
  }

  private EmulatorResponse sdl(EmulatorRequest request) {
    if (!request.method().equals("GET")) {
      return EmulatorResponse.json(405, Map.of("detail", "Method Not Allowed"));
    }
    EmulatorResponse refused = restAuth(request);
    if (refused != null) {
      return refused;
    }
    String branch = request.param("branch");
    if (branch != null) {
      synchronized (lock) {
        if (!branches.containsKey(branch)) {
          return catalogue(InfrahubError.branchNotFound(branch));
        }
      }
    }
    return EmulatorResponse.text(200, "text/plain; charset=utf-8", api.sdl());
  }

  /** REST authentication: the legacy body of {@code api/exception_handlers.py} on failure. */
  private @Nullable EmulatorResponse restAuth(EmulatorRequest request) {
    Object auth = authenticate(request);
    if (auth instanceof EmulatorResponse refused) {
      return refused;
    }
    if (((Caller) auth).access() == Access.ANONYMOUS && !anonymousRead) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("message", "Authentication is required");
      error.put("extensions", Map.of("code", 401));
      return EmulatorResponse.json(401, Map.of("errors", List.of(error)));
    }
    return null;
  }

  private static EmulatorResponse catalogue(InfrahubError e) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", Objects.requireNonNull(e.getMessage()));
    error.put("extensions", e.extensions());
    return EmulatorResponse.json(e.httpStatus, GraphqlApi.body(null, List.of(error)));
  }

  // ------------------------------------------------------------------ internals

  private Instant now() {
    return clock().instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** A time-ordered, UUID-shaped id, like Infrahub's. Called under the lock. */
  private String newId() {
    long hi = 0x1818715700000000L + (++idSequence);
    long lo = idRandom.nextLong();
    String h = String.format(Locale.ROOT, "%016x", hi);
    String l = String.format(Locale.ROOT, "%016x", lo);
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + l.substring(0, 4)
        + "-"
        + l.substring(4, 16);
  }

  private static String accountId(String account) {
    return SchemaJson.uuid("account:" + account);
  }

  private KindSchema kindSchema(String kind) {
    return schema.require(kind);
  }

  private BranchData requireBranch(String name) {
    BranchData b = branches.get(name);
    if (b == null) {
      throw new IllegalArgumentException(
          "unknown branch '" + name + "'; branches: " + String.join(", ", branches.keySet()));
    }
    return b;
  }

  private Writer writer(String branch) {
    return new Writer(model, requireBranch(branch), now(), null, this::newId);
  }

  private String kindOf(String branch, String id) {
    NodeRecord r = requireBranch(branch).get(id);
    if (r == null) {
      throw InfrahubError.nodeNotFound("Node", id);
    }
    return r.kind();
  }

  /** The Java API's form of a catalogue error: its code, then its message. */
  private static IllegalArgumentException failure(InfrahubError e) {
    return new IllegalArgumentException(e.code + ": " + e.getMessage(), e);
  }

  private static InfrahubNode snapshot(BranchData b, NodeRecord r) {
    return new InfrahubNode(
        r.id(),
        r.kind(),
        b.hfid(r),
        b.displayLabel(r),
        r.attributes(),
        r.relationships(),
        r.createdAt(),
        r.updatedAt());
  }

  /** The server side of {@link GraphqlApi}; called under the lock. */
  private final class Backend implements GraphqlApi.Backend {
    @Override
    public Instant now() {
      return InfrahubServer.this.now();
    }

    @Override
    public String newId() {
      return InfrahubServer.this.newId();
    }

    @Override
    public BranchData createBranch(String name, @Nullable String description, String origin) {
      if (name.isBlank()) {
        throw InfrahubError.validation("A branch name must not be blank");
      }
      if (branches.containsKey(name)) {
        throw InfrahubError.validation("The branch " + name + " already exists");
      }
      BranchData from = branches.get(origin);
      if (from == null) {
        throw InfrahubError.branchNotFound(origin);
      }
      BranchData b = from.branch(name, description, now());
      branches.put(name, b);
      return b;
    }

    @Override
    public void deleteBranch(String name) {
      if (name.equals(MAIN)) {
        throw InfrahubError.validation("The default branch cannot be deleted");
      }
      if (branches.remove(name) == null) {
        throw InfrahubError.branchNotFound(name);
      }
    }

    @Override
    public Collection<BranchData> branches() {
      return List.copyOf(branches.values());
    }

    @Override
    public boolean anonymousRead() {
      return anonymousRead;
    }
  }

  /** Configures an {@link InfrahubServer}. */
  public static final class Builder {
    private InfrahubSchema schema = InfrahubSchema.examples();
    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private boolean anonymousRead = true;
    private int threads = 4;
    private long idSeed = 0x1818_7157L;

    private Builder() {}

    /** The schema to serve; default {@link InfrahubSchema#examples()}. */
    public Builder schema(InfrahubSchema value) {
      this.schema = Objects.requireNonNull(value, "schema");
      return this;
    }

    /**
     * Accepts a read-write API token for account {@code account}. Once any token is configured,
     * {@link InfrahubServer#DEFAULT_TOKEN} is no longer accepted unless added.
     */
    public Builder token(String token, String account) {
      return addToken(token, new Token(Access.WRITE, accountId(account), false));
    }

    /** Accepts a read-write API token for account {@code admin}. */
    public Builder token(String token) {
      return token(token, "admin");
    }

    /** Accepts a token that may only read: mutations get {@code PERMISSION_DENIED} (403). */
    public Builder readOnlyToken(String token) {
      return addToken(token, new Token(Access.READ, accountId("read-only"), false));
    }

    /** A token that is rejected with {@code TOKEN_EXPIRED} (401), as an expired JWT would be. */
    public Builder expiredToken(String token) {
      return addToken(token, new Token(Access.ANONYMOUS, null, true));
    }

    private Builder addToken(String token, Token t) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank()) {
        throw new IllegalArgumentException("token must not be blank");
      }
      if (tokens.putIfAbsent(token, t) != null) {
        throw new IllegalArgumentException("token is already configured");
      }
      return this;
    }

    /** Whether requests without a token may read (default true, as Infrahub's default). */
    public Builder anonymousRead(boolean allowed) {
      this.anonymousRead = allowed;
      return this;
    }

    /** Size of the request thread pool (default 4). */
    public Builder threads(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + count);
      }
      this.threads = count;
      return this;
    }

    /** Seed of the random part of generated ids (default fixed: ids repeat run to run). */
    public Builder idSeed(long seed) {
      this.idSeed = seed;
      return this;
    }

    /**
     * Builds a stopped server (start it, or register it as a JUnit extension).
     *
     * @throws IllegalArgumentException when the schema cannot be served as GraphQL
     */
    public InfrahubServer build() {
      return new InfrahubServer(this);
    }
  }
}
