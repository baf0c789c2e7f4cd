package io.infrasync.testkit.infrahub;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.ParseAndValidate;
import graphql.execution.DataFetcherResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.WiringFactory;
import graphql.validation.QueryComplexityLimits;
import graphql.validation.ValidationError;
import io.infrasync.testkit.infrahub.GraphqlLog.OperationType;
import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.Cardinality;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import io.infrasync.testkit.infrahub.NodeInput.PeerRef;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Executes GraphQL requests against the model with graphql-java: the SDL comes from {@link
 * SdlWriter}, every field is resolved by this class, and errors are rendered in Infrahub's
 * catalogue shape.
 */
final class GraphqlApi {
  private static final System.Logger LOG = System.getLogger(GraphqlApi.class.getName());

  /** What the API needs from the server around it. */
  interface Backend {
    Instant now();

    String newId();

    /** Creates a branch from {@code origin}; throws InfrahubError when it exists. */
    BranchData createBranch(String name, @Nullable String description, String origin);

    /** Deletes a branch; throws InfrahubError when unknown or the default branch. */
    void deleteBranch(String name);

    Collection<BranchData> branches();

    /** Whether requests without a token may read. */
    boolean anonymousRead();
  }

  /** What a caller may do. */
  enum Access {
    ANONYMOUS,
    READ,
    WRITE
  }

  /**
   * The authenticated caller.
   *
   * @param account the account id stamped on writes
   */
  record Caller(Access access, @Nullable String account) {}

  /** An HTTP status and JSON body. */
  record Response(int status, Map<String, @Nullable Object> body) {}

  private record Request(BranchData branch, Caller caller) {}

  // Values the resolvers return; fields of these are resolved by resolve().
  private record PageView(Reader.Page page, BranchData branch) {}

  private record EdgeView(@Nullable NodeRecord node, BranchData branch) {}

  private record NodeView(NodeRecord node, BranchData branch) {}

  private record AttrView(NodeRecord node, AttributeSchema attribute) {}

  private final Model model;
  private final Backend backend;
  private final GraphqlLog log;
  private final GraphQLSchema schema;
  private final GraphQL graphql;
  private final String sdl;

  GraphqlApi(Model model, Backend backend, GraphqlLog log) {
    this.model = model;
    this.backend = backend;
    this.log = log;
    this.sdl = SdlWriter.write(model);
    RuntimeWiring.Builder wiring =
        RuntimeWiring.newRuntimeWiring()
            .scalar(Scalars.BIG_INT)
            .scalar(Scalars.GENERIC)
            .scalar(Scalars.DATE_TIME)
            .wiringFactory(new Wiring());
    wiring.type(
        "Query",
        t -> {
          for (KindSchema k : model.schema.kindMap().values()) {
            t.dataFetcher(k.kind(), guarded(env -> query(env, k)));
          }
          return t.dataFetcher("Branch", guarded(this::branches));
        });
    wiring.type(
        "Mutation",
        t -> {
          for (KindSchema k : model.schema.kindMap().values()) {
            if (!k.generic()) {
              t.dataFetcher(k.kind() + "Create", guarded(env -> create(env, k)));
              t.dataFetcher(k.kind() + "Update", guarded(env -> update(env, k)));
              t.dataFetcher(k.kind() + "Upsert", guarded(env -> upsert(env, k)));
              t.dataFetcher(k.kind() + "Delete", guarded(env -> delete(env, k)));
            } else if (!k.attributes().isEmpty() || !k.relationships().isEmpty()) {
              t.dataFetcher(k.kind() + "Update", guarded(env -> update(env, k)));
            }
          }
          t.dataFetcher("BranchCreate", guarded(this::branchCreate));
          t.dataFetcher("BranchDelete", guarded(this::branchDelete));
          t.dataFetcher("RelationshipAdd", guarded(env -> editPeers(env, true)));
          return t.dataFetcher("RelationshipRemove", guarded(env -> editPeers(env, false)));
        });
    this.schema =
        new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring.build());
    // A request parsed and validated by prepare() (outside the server's lock) is not parsed again.
    this.graphql =
        GraphQL.newGraphQL(schema)
            .preparsedDocumentProvider(
                (input, parseAndValidate) -> {
                  PreparsedDocumentEntry entry =
                      input.getGraphQLContext().get(PreparsedDocumentEntry.class);
                  return CompletableFuture.completedFuture(
                      entry != null ? entry : parseAndValidate.apply(input));
                })
            .build();
  }

  /** The SDL served at {@code /schema.graphql}. */
  String sdl() {
    return sdl;
  }

  /**
   * A request parsed and validated against the schema, or its syntax error. Needs no store access,
   * so the server prepares requests concurrently and runs only their execution under its lock.
   */
  record Prepared(
      @Nullable Document document,
      @Nullable PreparsedDocumentEntry entry,
      Map<SourceLocation, String> messages,
      @Nullable Response syntaxError) {}

  /** Parses and validates a request (thread-safe: reads the immutable schema only). */
  Prepared prepare(String query) {
    Document document;
    try {
      document =
          Parser.parse(
              ParserEnvironment.newParserEnvironment()
                  .document(query)
                  .parserOptions(PARSER_OPTIONS)
                  .build());
    } catch (InvalidSyntaxException e) {
      Map<String, @Nullable Object> error = new LinkedHashMap<>();
      error.put("message", "Syntax Error: " + e.getMessage());
      SourceLocation at = e.getLocation();
      if (at != null) {
        error.put("locations", List.of(location(at)));
      }
      error.put("extensions", undefinedError());
      return new Prepared(null, null, Map.of(), new Response(200, body(null, List.of(error))));
    }
    Map<SourceLocation, String> messages = ValidationMessages.collect(schema, document);
    List<ValidationError> invalid =
        ParseAndValidate.validate(
            schema, document, rule -> true, Locale.getDefault(), QueryComplexityLimits.NONE);
    PreparsedDocumentEntry entry =
        invalid.isEmpty()
            ? new PreparsedDocumentEntry(document)
            : new PreparsedDocumentEntry(document, invalid);
    return new Prepared(document, entry, messages, null);
  }

  /** Runs one request on a branch. */
  Response execute(
      BranchData branch,
      Caller caller,
      String query,
      @Nullable Map<String, Object> variables,
      @Nullable String operationName) {
    return execute(branch, caller, query, prepare(query), variables, operationName);
  }

  /** Runs one prepared request on a branch (the caller holds the server's lock). */
  Response execute(
      BranchData branch,
      Caller caller,
      String query,
      Prepared prepared,
      @Nullable Map<String, Object> variables,
      @Nullable String operationName) {
    Response syntaxError = prepared.syntaxError();
    Document document = prepared.document();
    if (syntaxError != null || document == null) {
      return Objects.requireNonNull(syntaxError);
    }
    Map<SourceLocation, String> messages = prepared.messages();
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(query)
            .operationName(operationName)
            .variables(variables == null ? Map.of() : variables)
            .graphQLContext(
                b ->
                    b.put(Request.class, new Request(branch, caller))
                        .put(ParserOptions.class, PARSER_OPTIONS)
                        .put(QueryComplexityLimits.KEY, QueryComplexityLimits.NONE)
                        .put(
                            PreparsedDocumentEntry.class,
                            Objects.requireNonNull(prepared.entry())))
            .build();
    ExecutionResult result = graphql.execute(input);
    List<Map<String, @Nullable Object>> errors = new ArrayList<>();
    int status = 200;
    for (GraphQLError e : result.getErrors()) {
      Map<String, @Nullable Object> spec = new LinkedHashMap<>();
      spec.put("message", e.getMessage());
      List<SourceLocation> at = e.getLocations();
      if (at != null && !at.isEmpty()) {
        spec.put("locations", at.stream().map(GraphqlApi::location).toList());
      }
      if (e.getPath() != null) {
        spec.put("path", e.getPath());
      }
      Map<String, Object> ext = e.getExtensions();
      if (ext != null && ext.containsKey("http_status")) {
        Map<String, Object> own = new LinkedHashMap<>();
        for (String key : List.of("code", "http_status", "data")) {
          own.put(key, ext.get(key));
        }
        spec.put("extensions", own);
      }
      if (ext == null || !ext.containsKey("http_status")) {
        spec.put("extensions", undefinedError());
        List<SourceLocation> locations = e.getLocations();
        if (e instanceof ValidationError && locations != null && !locations.isEmpty()) {
          String better = messages.get(locations.get(0));
          if (better != null) {
            spec.put("message", better);
          }
        }
      } else {
        Object code = ext.get("code");
        if ("AUTHENTICATION_REQUIRED".equals(code)) {
          status = 401;
        } else if ("PERMISSION_DENIED".equals(code) && status == 200) {
          status = 403;
        }
      }
      errors.add(spec);
    }
    Object data = result.isDataPresent() ? result.getData() : null;
    if (data instanceof Map<?, ?> m
        && !errors.isEmpty()
        && m.values().stream().allMatch(Objects::isNull)) {
      data = null;
    }
    record(branch, document, operationName, !errors.isEmpty());
    return new Response(status, body(data, errors));
  }

  private static final ParserOptions PARSER_OPTIONS =
      ParserOptions.getDefaultOperationParserOptions()
          .transform(
              b ->
                  b.maxTokens(Integer.MAX_VALUE)
                      .maxCharacters(Integer.MAX_VALUE)
                      .maxWhitespaceTokens(Integer.MAX_VALUE)
                      .maxRuleDepth(Integer.MAX_VALUE));

  private void record(
      BranchData branch, Document document, @Nullable String operationName, boolean hadErrors) {
    List<OperationDefinition> ops = document.getDefinitionsOfType(OperationDefinition.class);
    OperationDefinition op = null;
    for (OperationDefinition o : ops) {
      if (operationName == null ? ops.size() == 1 : operationName.equals(o.getName())) {
        op = o;
      }
    }
    if (op == null) {
      return;
    }
    List<String> fields = new ArrayList<>();
    for (Selection<?> s : op.getSelectionSet().getSelections()) {
      if (s instanceof Field f) {
        fields.add(f.getName());
      }
    }
    OperationType type =
        switch (op.getOperation()) {
          case QUERY -> OperationType.QUERY;
          case MUTATION -> OperationType.MUTATION;
          case SUBSCRIPTION -> OperationType.SUBSCRIPTION;
        };
    log.add(new GraphqlLog.Entry(branch.name, type, op.getName(), fields, hadErrors));
  }

  static Map<String, @Nullable Object> body(@Nullable Object data, List<?> errors) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("data", data);
    if (!errors.isEmpty()) {
      body.put("errors", errors);
    }
    return body;
  }

  static Map<String, Object> undefinedError() {
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("code", "UNDEFINED_ERROR");
    ext.put("http_status", 500);
    ext.put("data", Map.of());
    return ext;
  }

  private static Map<String, Object> location(SourceLocation at) {
    Map<String, Object> loc = new LinkedHashMap<>();
    loc.put("line", at.getLine());
    loc.put("column", at.getColumn());
    return loc;
  }

  // ------------------------------------------------------------------ wiring

  private final class Wiring implements WiringFactory {
    @Override
    public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
      return true;
    }

    @Override
    public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
      return env -> {
        Object source = env.getObject();
        String kind = source instanceof NodeView n ? n.node().kind() : "";
        return Objects.requireNonNull(
            (GraphQLObjectType) env.getSchema().getType(kind), "no GraphQL type for " + kind);
      };
    }

    @Override
    public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment environment) {
      return GraphqlApi.this::resolve;
    }
  }

  private interface Resolver {
    @Nullable Object apply(DataFetchingEnvironment env);
  }

  /** Turns InfrahubError into a GraphQL error on the field (path = alias, locations). */
  private DataFetcher<Object> guarded(Resolver r) {
    return env -> {
      try {
        return DataFetcherResult.newResult().data(r.apply(env)).build();
      } catch (InfrahubError e) {
        GraphqlErrorBuilder<?> b =
            GraphqlErrorBuilder.newError(env).message(e.getMessage()).extensions(e.extensions());
        if (e.code.equals("BRANCH_NOT_FOUND")) {
          b.path((List<Object>) null);
        }
        return DataFetcherResult.newResult().error(b.build()).build();
      } catch (RuntimeException e) {
        LOG.log(
            Level.ERROR, "Infrahub emulator: unexpected failure in " + env.getField().getName(), e);
        return DataFetcherResult.newResult()
            .error(
                GraphqlErrorBuilder.newError(env)
                    .message(String.valueOf(e.getMessage()))
                    .extensions(undefinedError())
                    .build())
            .build();
      }
    };
  }

  private static Request request(DataFetchingEnvironment env) {
    return Objects.requireNonNull(env.getGraphQlContext().get(Request.class));
  }

  // ------------------------------------------------------------------ queries

  private @Nullable Object query(DataFetchingEnvironment env, KindSchema k) {
    Request req = request(env);
    if (req.caller().access() == Access.ANONYMOUS && !backend.anonymousRead()) {
      throw InfrahubError.authenticationRequired();
    }
    Reader.Page page = new Reader(model, req.branch()).query(k.kind(), env.getArguments());
    return new PageView(page, req.branch());
  }

  private @Nullable Object branches(DataFetchingEnvironment env) {
    Request req = request(env);
    if (req.caller().access() == Access.ANONYMOUS && !backend.anonymousRead()) {
      throw InfrahubError.authenticationRequired();
    }
    List<?> ids = env.getArgument("ids");
    String name = env.getArgument("name__value");
    List<Object> out = new ArrayList<>();
    for (BranchData b : backend.branches()) {
      if ((ids == null || ids.contains(b.id)) && (name == null || name.equals(b.name))) {
        out.add(branchMap(b));
      }
    }
    return out;
  }

  static Map<String, @Nullable Object> branchMap(BranchData b) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("id", b.id);
    m.put("name", b.name);
    m.put("description", b.description);
    m.put("origin_branch", b.origin == null ? b.name : b.origin);
    m.put("branched_from", Times.format(b.createdAt));
    m.put("created_at", Times.format(b.createdAt));
    m.put("sync_with_git", false);
    m.put("is_default", b.isDefault);
    m.put("is_isolated", true);
    m.put("has_schema_changes", false);
    return m;
  }

  /** Resolves every field below the root. */
  private @Nullable Object resolve(DataFetchingEnvironment env) {
    Object source = env.getSource();
    String field = env.getFieldDefinition().getName();
    if (source instanceof PageView p) {
      if (field.equals("count")) {
        return p.page().count();
      }
      List<EdgeView> edges = new ArrayList<>();
      for (NodeRecord n : p.page().nodes()) {
        edges.add(new EdgeView(n, p.branch()));
      }
      return edges;
    }
    if (source instanceof EdgeView e) {
      NodeRecord n = e.node();
      return switch (field) {
        case "node" -> n == null ? null : new NodeView(n, e.branch());
        case "node_metadata" -> n == null ? null : metadata(n);
        case "properties" -> n == null ? null : properties();
        default -> null;
      };
    }
    if (source instanceof NodeView v) {
      return nodeField(env, v, field);
    }
    if (source instanceof AttrView a) {
      return attributeField(a, field);
    }
    if (source instanceof Map<?, ?> m) {
      return m.get(field);
    }
    return null;
  }

  private @Nullable Object nodeField(DataFetchingEnvironment env, NodeView v, String field) {
    NodeRecord n = v.node();
    switch (field) {
      case "id":
        return n.id();
      case "hfid":
        return v.branch().hfid(n);
      case "display_label":
        return v.branch().displayLabel(n);
      case "_updated_at":
        return n.updatedAt();
      default:
        break;
    }
    KindSchema k = model.kind(n.kind());
    AttributeSchema a = k.attribute(field).orElse(null);
    if (a != null) {
      return new AttrView(n, a);
    }
    RelationshipSchema r = k.relationship(field).orElseThrow();
    if (r.cardinality() == Cardinality.ONE) {
      List<String> peers = n.peers(r.name());
      return new EdgeView(peers.isEmpty() ? null : v.branch().get(peers.get(0)), v.branch());
    }
    Reader.Page page = new Reader(model, v.branch()).peers(n, r, env.getArguments());
    return new PageView(page, v.branch());
  }

  private static @Nullable Object attributeField(AttrView a, String field) {
    Object value = a.node().attribute(a.attribute().name());
    return switch (field) {
      case "value" -> value;
      case "id" -> SchemaJson.uuid("attribute:" + a.node().id() + "." + a.attribute().name());
      case "is_default" -> a.node().defaulted().contains(a.attribute().name());
      case "is_inherited", "is_from_profile", "is_protected" -> false;
      case "is_visible" -> true;
      case "updated_at" -> a.node().updatedAt();
      case "label" -> value;
      case "ip" -> value instanceof String s ? IpValue.ip(s) : null;
      case "prefixlen", "version" -> value == null ? null : IpValue.property(value, field);
      default -> null;
    };
  }

  private static Map<String, @Nullable Object> metadata(NodeRecord n) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("created_at", n.createdAt());
    m.put("created_by", account(n.createdBy()));
    m.put("updated_at", n.updatedAt());
    m.put("updated_by", account(n.updatedBy()));
    return m;
  }

  private static @Nullable Map<String, Object> account(@Nullable String id) {
    return id == null ? null : Map.of("id", id, "display_label", id);
  }

  private static Map<String, @Nullable Object> properties() {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("is_protected", false);
    m.put("is_visible", true);
    m.put("updated_at", null);
    m.put("source", null);
    m.put("owner", null);
    return m;
  }

  // ------------------------------------------------------------------ mutations

  /** Mutations need a read-write token: AUTHENTICATION_REQUIRED or PERMISSION_DENIED otherwise. */
  private static Request authorize(DataFetchingEnvironment env, String action, String kind) {
    Request req = request(env);
    if (req.caller().access() == Access.ANONYMOUS) {
      throw InfrahubError.authenticationRequired();
    }
    if (req.caller().access() != Access.WRITE) {
      throw InfrahubError.permissionDenied(action, kind);
    }
    return req;
  }

  private Writer writer(DataFetchingEnvironment env, String action, String kind) {
    Request req = authorize(env, action, kind);
    return new Writer(model, req.branch(), backend.now(), req.caller().account(), backend::newId);
  }

  private static Map<String, Object> data(DataFetchingEnvironment env) {
    return Objects.requireNonNull(env.getArgument("data"));
  }

  private Map<String, @Nullable Object> payload(DataFetchingEnvironment env, NodeRecord node) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("ok", true);
    m.put("object", new NodeView(node, request(env).branch()));
    return m;
  }

  private @Nullable Object create(DataFetchingEnvironment env, KindSchema k) {
    Writer w = writer(env, "create", k.kind());
    return payload(env, w.create(k.kind(), NodeInput.fromGraphql(k, data(env))));
  }

  private @Nullable Object update(DataFetchingEnvironment env, KindSchema k) {
    Writer w = writer(env, "update", k.kind());
    NodeInput in = NodeInput.fromGraphql(k, data(env));
    NodeRecord target = w.locate(k.kind(), in.id(), in.hfid());
    return payload(env, w.update(target, in).node());
  }

  private @Nullable Object upsert(DataFetchingEnvironment env, KindSchema k) {
    Writer w = writer(env, "update", k.kind());
    return payload(env, w.upsert(k.kind(), NodeInput.fromGraphql(k, data(env))).node());
  }

  private @Nullable Object delete(DataFetchingEnvironment env, KindSchema k) {
    Writer w = writer(env, "delete", k.kind());
    Map<String, Object> data = data(env);
    Object id = data.get("id");
    Object hfid = data.get("hfid");
    List<String> parts = null;
    if (hfid instanceof List<?> l) {
      parts = l.stream().map(String::valueOf).toList();
    }
    w.delete(w.locate(k.kind(), id == null ? null : id.toString(), parts));
    return Map.of("ok", true);
  }

  private @Nullable Object editPeers(DataFetchingEnvironment env, boolean add) {
    Map<String, Object> data = data(env);
    String id = String.valueOf(data.get("id"));
    String name = String.valueOf(data.get("name"));
    Request req = request(env);
    NodeRecord node = req.branch().get(id);
    String kind = node == null ? "Node" : node.kind();
    Writer w = writer(env, "update", kind);
    if (node == null) {
      throw InfrahubError.nodeNotFound("Node", id);
    }
    List<PeerRef> refs = new ArrayList<>();
    Object nodes = data.get("nodes");
    if (nodes instanceof List<?> list) {
      for (Object o : list) {
        Map<String, @Nullable Object> m = Json.object(o, "nodes[]");
        Object hfid = m.get("hfid");
        refs.add(
            new PeerRef(
                m.get("id") == null ? null : String.valueOf(m.get("id")),
                hfid instanceof List<?> l ? l.stream().map(String::valueOf).toList() : null));
      }
    }
    w.editPeers(node, name, refs, add);
    return Map.of("ok", true);
  }

  private @Nullable Object branchCreate(DataFetchingEnvironment env) {
    authorize(env, "create", "CoreBranch");
    Map<String, Object> data = data(env);
    String name = String.valueOf(data.get("name"));
    Object origin = data.get("origin_branch");
    Object description = data.get("description");
    BranchData b =
        backend.createBranch(
            name,
            description == null ? null : description.toString(),
            origin == null ? "main" : origin.toString());
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("ok", true);
    m.put("object", branchMap(b));
    return m;
  }

  private @Nullable Object branchDelete(DataFetchingEnvironment env) {
    authorize(env, "delete", "CoreBranch");
    Object name = data(env).get("name");
    backend.deleteBranch(String.valueOf(name));
    return Map.of("ok", true);
  }
}
