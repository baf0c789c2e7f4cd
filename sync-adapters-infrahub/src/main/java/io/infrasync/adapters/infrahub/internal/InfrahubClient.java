package io.infrasync.adapters.infrahub.internal;

import io.infrasync.AdapterException;
import io.infrasync.internal.http.HttpFailure;
import io.infrasync.internal.http.HttpTransport;
import io.infrasync.internal.http.RetryPolicy;
import io.infrasync.spi.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Infrahub's HTTP endpoints on one branch: {@code /api/schema} and {@code /graphql/<branch>}, over the
 * shared {@link HttpTransport} (retries, size limit, credential-free errors).
 */
final class InfrahubClient {
  /** One entry of a GraphQL {@code errors} array. */
  record GraphQLError(String message, @Nullable String alias, @Nullable String code, @Nullable String field) {
    @Override
    public String toString() {
      return message + (code == null ? "" : " [" + code + "]");
    }
  }

  /** A GraphQL answer: {@code data} (a null node when absent) and its errors. */
  record Answer(JsonNode data, List<GraphQLError> errors) {
    boolean failed() {
      return !errors.isEmpty();
    }
  }

  private final HttpTransport http;
  private final String branch;
  private final URI graphql;
  private final URI schema;

  InfrahubClient(InfrahubSettings settings, @Nullable Executor executor) {
    Map<String, Secret> secrets = settings.token() == null ? Map.of() : Map.of("X-INFRAHUB-KEY", settings.token());
    Duration connect = settings.timeout().compareTo(Duration.ofSeconds(10)) < 0 ? settings.timeout()
        : Duration.ofSeconds(10);
    this.http = new HttpTransport(new HttpTransport.Config("infrahub", settings.url(), secrets, Map.of(), connect,
        settings.timeout(), settings.verifySsl(),
        new RetryPolicy(settings.maxRetries() + 1, Duration.ofMillis(200), Duration.ofSeconds(10)),
        settings.maxResponseBytes()), executor);
    this.branch = settings.branch();
    this.graphql = http.resolve("/graphql/" + encodePath(branch), Map.of());
    this.schema = http.resolve("/api/schema", HttpTransport.query("branch", branch));
  }

  String branch() {
    return branch;
  }

  /** The GraphQL call, for messages: {@code POST <url>} without credentials. */
  String call() {
    return "POST " + HttpTransport.safeUrl(graphql);
  }

  /** The schema URL, for messages, without credentials. */
  String schemaUrl() {
    return HttpTransport.safeUrl(schema);
  }

  /** {@code GET /api/schema?branch=}. */
  JsonNode schema() {
    try {
      return http.getJson(schema, Map.of());
    } catch (HttpFailure e) {
      throw translate(e, "reading the schema");
    }
  }

  /** Runs a read-only query (retried like a GET); GraphQL errors become an {@link AdapterException}. */
  JsonNode query(String document, String what) {
    Answer a = answer(read(document, what));
    if (a.failed()) {
      throw new AdapterException("infrahub: " + what + " on branch '" + branch + "' failed: "
          + describe(a.errors()));
    }
    return a.data();
  }

  /** The data of a query and the server's clock when it answered ({@code Date}; null without one). */
  record Dated(JsonNode data, @Nullable Instant serverTime) {}

  /** Like {@link #query}, also returning the server's {@code Date} (whole seconds, rounded down). */
  Dated queryDated(String document, String what) {
    HttpTransport.JsonResponse r;
    try {
      r = http.readJsonResponse("POST", graphql, Map.of("query", document), Map.of());
    } catch (HttpFailure e) {
      throw translate(e, what);
    }
    Answer a = answer(r.json());
    if (a.failed()) {
      throw new AdapterException("infrahub: " + what + " on branch '" + branch + "' failed: "
          + describe(a.errors()));
    }
    return new Dated(a.data(), HttpTransport.serverDate(r.headers()));
  }

  /** Runs a read-only query and returns data and errors as they came. */
  Answer queryLenient(String document, String what) {
    return answer(read(document, what));
  }

  private JsonNode read(String document, String what) {
    try {
      return http.readJson("POST", graphql, Map.of("query", document), Map.of());
    } catch (HttpFailure e) {
      throw translate(e, what);
    }
  }

  /**
   * A mutation request whose answer was lost or unreadable: the server may have applied some or all
   * of it.
   */
  static final class OutcomeUnknown extends AdapterException {
    private static final long serialVersionUID = 1L;

    OutcomeUnknown(String message, Throwable cause) {
      super(message, true, cause);
    }
  }

  /**
   * Sends a mutation document once (never re-sent by the transport when the server may have
   * applied it).
   *
   * @throws OutcomeUnknown when the response was lost or unreadable
   * @throws AdapterException when the server refused the request as a whole (nothing applied)
   */
  Answer mutate(String document, String what) {
    HttpTransport.Response r;
    try {
      r = http.send("POST", graphql, Map.of("query", document), false, Map.of());
    } catch (HttpFailure e) {
      if (e.outcomeUnknown()) {
        throw new OutcomeUnknown("infrahub: " + what + ": " + e.getMessage(), e);
      }
      throw translate(e, what);
    }
    try {
      return answer(r.json("POST", HttpTransport.safeUrl(graphql)));
    } catch (AdapterException e) {
      throw new OutcomeUnknown("infrahub: " + what + ": the answer could not be read (" + e.getMessage() + ")", e);
    }
  }

  private AdapterException translate(HttpFailure e, String what) {
    String body = e.body() == null ? "" : e.body();
    if ((e.status() == 404 || e.status() == 400)
        && (body.contains("BRANCH_NOT_FOUND") || body.contains("Branch: " + branch + " not found"))) {
      return new AdapterException("infrahub: branch '" + branch + "' does not exist on "
          + HttpTransport.safeUrl(http.config().baseUrl()) + " (" + what + "); create it first, e.g. infrahubctl"
          + " branch create " + branch, false, e);
    }
    if (e.status() == 401 || e.status() == 403) {
      return new AdapterException("infrahub: " + what + " was refused (HTTP " + e.status() + ": "
          + HttpTransport.snippet(body.getBytes(StandardCharsets.UTF_8))
          + "); check the token (settings.token or INFRAHUB_API_TOKEN) and its permissions", false, e);
    }
    return new AdapterException("infrahub: " + what + ": " + e.getMessage(), e.retryable(), e);
  }

  static Answer answer(JsonNode body) {
    JsonNode data = body.path("data");
    List<GraphQLError> errors = new ArrayList<>();
    for (JsonNode e : body.path("errors")) {
      if (e.isString()) {
        errors.add(new GraphQLError(e.asString(), null, null, null));
        continue;
      }
      JsonNode path = e.path("path");
      String alias = path.isArray() && !path.isEmpty() && path.get(0).isString() ? path.get(0).asString() : null;
      JsonNode ext = e.path("extensions");
      String code = ext.path("code").isString() ? ext.path("code").asString()
          : ext.path("code").isNumber() ? ext.path("code").asString() : null;
      JsonNode d = ext.path("data");
      String field = d.path("field_name").isString() ? d.path("field_name").asString()
          : d.path("fields").isArray() && !d.path("fields").isEmpty() ? d.path("fields").get(0).asString() : null;
      errors.add(new GraphQLError(e.path("message").asString("(no message)"), alias, code, field));
    }
    return new Answer(data.isMissingNode() ? NullNode.getInstance() : data, errors);
  }

  static String describe(List<GraphQLError> errors) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < errors.size() && i < 5; i++) {
      parts.add(errors.get(i).toString());
    }
    return String.join("; ", parts) + (errors.size() > 5 ? " (and " + (errors.size() - 5) + " more)" : "");
  }

  /** Encodes a branch name for the URL path, keeping {@code /} (branch names may contain it). */
  static String encodePath(String branch) {
    List<String> parts = new ArrayList<>();
    for (String p : branch.split("/", -1)) {
      parts.add(URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return String.join("/", parts);
  }
}
