package io.infrasync.adapters.infrahub.internal;

import io.infrasync.AdapterException;
import io.infrasync.spi.RawRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the nodes of one kind: one query per page asking for the mapped attributes' values and the
 * ids of related nodes (cardinality one and many) in the same response, so there is never a
 * request per node (upstream's N+1). The first page gives {@code count}; the other pages are
 * fetched concurrently, bounded.
 */
final class NodeReader {
  static final String UPDATED_AFTER = "node_metadata__updated_at__after";

  private final InfrahubClient client;
  private final Parallel parallel;
  private final int pageSize;
  private final int maxPages;

  NodeReader(InfrahubClient client, Parallel parallel, int pageSize, int maxPages) {
    this.client = client;
    this.parallel = parallel;
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  /**
   * Reads every node of {@code kind} (only those updated after {@code updatedAfter} when given),
   * with the given fields, handing each to {@code sink} as a record keyed by field name.
   */
  void read(Schema.Kind kind, Collection<String> fields, @Nullable String updatedAfter, Consumer<RawRecord> sink) {
    String selection = selection(kind, fields);
    String filter = updatedAfter == null ? "" : ", " + UPDATED_AFTER + ": " + GraphQL.string(updatedAfter);
    String what = "reading " + kind.name() + (updatedAfter == null ? "" : " changed after " + updatedAfter);
    pages(kind, filter, selection, pageSize, what, node -> sink.accept(record(kind, fields, node)));
  }

  /** The ids of every node of {@code kind}: pages that select {@code id} only. */
  Set<String> listIds(Schema.Kind kind) {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    pages(kind, "", "id", pageSize * 10, "listing the ids of " + kind.name(), node -> ids.add(node.path("id").asString()));
    return ids;
  }

  private void pages(Schema.Kind kind, String filter, String selection, int limit, String what,
      Consumer<JsonNode> each) {
    String name = GraphQL.name(kind.name());
    JsonNode first = page(name, 0, limit, filter, selection, what);
    long count = first.path("count").asLong(0);
    long needed = Math.max(1, (count + limit - 1) / limit);
    if (needed > maxPages) {
      throw new AdapterException("infrahub: " + what + ": " + client.call() + " reports " + count + " nodes, " + needed
          + " pages of " + limit + ", more than max_pages (" + maxPages + "); refusing to read them (raise max_pages"
          + " if the kind is really that large)");
    }
    first.path("edges").forEach(e -> each.accept(e.path("node")));
    int pages = (int) needed;
    if (pages > 1) {
      parallel.run(pages - 1, p -> page(name, (long) (p + 1) * limit, limit, filter, selection, what)
          .path("edges").forEach(e -> each.accept(e.path("node"))));
    }
  }

  private JsonNode page(String kind, long offset, int limit, String filter, String selection, String what) {
    String doc = "query { " + kind + "(offset: " + offset + ", limit: " + limit + filter + ") { count edges { node { "
        + selection + " } } } }";
    JsonNode data = client.query(doc, what + " (offset " + offset + ")");
    JsonNode result = data.path(kind);
    if (!result.isObject()) {
      throw new AdapterException("infrahub: " + what + ": the answer has no `" + kind + "` object");
    }
    // A malformed page must fail the read: taken as empty, it would plan creates (or deletes)
    JsonNode count = result.path("count");
    JsonNode edges = result.path("edges");
    String problem = !count.isIntegralNumber() || count.longValue() < 0 ? "`count` is not a number of nodes"
        : !edges.isArray() ? "`edges` is not a list" : null;
    for (int i = 0; problem == null && i < edges.size(); i++) {
      JsonNode id = edges.path(i).path("node").path("id");
      if (!id.isString() || id.asString().isBlank()) {
        problem = "edge " + i + " has no node with an id";
      }
    }
    if (problem != null) {
      throw new AdapterException("infrahub: " + what + " (offset " + offset + "): malformed answer, " + problem + ": "
          + snippet(result.toString()));
    }
    return result;
  }

  private static String snippet(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /** {@code id name { value } rack { node { id } } tags { count edges { node { id } } }}. */
  static String selection(Schema.Kind kind, Collection<String> fields) {
    StringBuilder sb = new StringBuilder("id");
    for (String f : fields) {
      String n = GraphQL.name(f);
      if (kind.attributes().containsKey(f)) {
        sb.append(' ').append(n).append(" { value }");
      } else {
        Schema.Relationship r = kind.relationships().get(f);
        if (r != null) {
          sb.append(' ').append(n).append(r.many() ? " { count edges { node { id } } }" : " { node { id } }");
        }
      }
    }
    return sb.toString();
  }

  private RawRecord record(Schema.Kind kind, Collection<String> fields, JsonNode node) {
    String id = node.path("id").asString();
    Map<String, @Nullable Object> data = new LinkedHashMap<>();
    for (String f : fields) {
      JsonNode v = node.path(f);
      if (kind.attributes().containsKey(f)) {
        data.put(f, toJava(v.path("value")));
        continue;
      }
      Schema.Relationship r = kind.relationships().get(f);
      if (r == null) {
        continue;
      }
      if (!r.many()) {
        JsonNode peer = v.path("node");
        data.put(f, peer.isObject() ? Map.of("id", peer.path("id").asString()) : null);
        continue;
      }
      List<Object> peers = new ArrayList<>();
      v.path("edges").forEach(e -> peers.add(Map.of("id", e.path("node").path("id").asString())));
      long count = v.path("count").asLong(peers.size());
      if (count > peers.size()) {
        restOfPeers(kind, id, f, peers);
      }
      data.put(f, peers);
    }
    return new RawRecord(id, data);
  }

  /** A server that capped a many-relationship's edges: fetch the remaining peers of that node. */
  private void restOfPeers(Schema.Kind kind, String id, String field, List<Object> peers) {
    for (int page = 1; ; page++) {
      if (page > maxPages) {
        throw new AdapterException("infrahub: reading " + kind.name() + "." + field + " of " + id + " (" + client.call()
            + ") did not end after "
            + maxPages + " pages (max_pages)");
      }
      String doc = "query { " + GraphQL.name(kind.name()) + "(ids: [" + GraphQL.string(id) + "]) { edges { node { "
          + GraphQL.name(field) + "(offset: " + peers.size() + ") { count edges { node { id } } } } } } }";
      JsonNode rel = client.query(doc, "reading " + kind.name() + "." + field + " of " + id)
          .path(kind.name()).path("edges").path(0).path("node").path(field);
      int before = peers.size();
      rel.path("edges").forEach(e -> peers.add(Map.of("id", e.path("node").path("id").asString())));
      if (peers.size() == before || peers.size() >= rel.path("count").asLong(0)) {
        return;
      }
    }
  }

  /** A JSON value as String, Long, Double, Boolean, List, Map or null. */
  static @Nullable Object toJava(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isString()) {
      return v.asString();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? (Object) v.asLong() : v.bigIntegerValue();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isArray()) {
      List<@Nullable Object> out = new ArrayList<>();
      v.forEach(x -> out.add(toJava(x)));
      return out;
    }
    if (v.isObject()) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        out.put(e.getKey(), toJava(e.getValue()));
      }
      return out;
    }
    return v.asString();
  }
}
