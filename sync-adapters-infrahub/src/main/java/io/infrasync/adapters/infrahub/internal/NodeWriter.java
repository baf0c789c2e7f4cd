package io.infrasync.adapters.infrahub.internal;

import io.infrasync.Action;
import io.infrasync.AdapterException;
import io.infrasync.AttributeChange;
import io.infrasync.Change;
import io.infrasync.FieldLayout;
import io.infrasync.Key;
import io.infrasync.SyncRecord;
import io.infrasync.spi.WriteBatch;
import io.infrasync.spi.WriteContext;
import io.infrasync.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Writes batches of one kind and action as aliased mutations, {@code write_batch_size} per GraphQL
 * request: {@code <Kind>Create} for creates (never an upsert, which could merge distinct records),
 * {@code <Kind>Update} by id for updates (a cardinality-one relationship set to null is cleared, a
 * cardinality-many relationship is replaced by exactly the planned peers), {@code <Kind>Delete} by id
 * for deletes. Errors are mapped back to the change through the alias. When a response is lost, the
 * creates of that request are looked up by their identifier values before any of them is sent
 * again, so a record is never created twice.
 */
final class NodeWriter {
  private static final System.Logger LOG = System.getLogger("io.infrasync.adapters.infrahub");

  private final InfrahubClient client;
  private final Parallel parallel;
  private final int batchSize;
  private final int maxAttempts;

  NodeWriter(InfrahubClient client, Parallel parallel, int batchSize, int maxRetries) {
    this.client = client;
    this.parallel = parallel;
    this.batchSize = batchSize;
    this.maxAttempts = maxRetries + 1;
  }

  /**
   * One change ready to send: its position in the batch, its mutation's {@code data} input and that
   * input as a GraphQL literal.
   */
  private record Op(int index, Change change, Map<String, @Nullable Object> input, String literal) {}

  /** What one mutation did: ok with the node id, or failed with a field and message. */
  private record Result(boolean ok, @Nullable String id, @Nullable String field, @Nullable String message) {}

  List<WriteOutcome> write(Schema.Kind kind, WriteBatch batch, WriteContext context, Lineage.Ids lineage) {
    List<Change> changes = batch.changes();
    WriteOutcome[] outcomes = new WriteOutcome[changes.size()];
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      Change c = changes.get(i);
      try {
        Map<String, @Nullable Object> input = input(kind, batch.layout(), c, context, lineage);
        if (input == null) {
          outcomes[i] = WriteOutcome.ok(c.key(), c.destinationId()); // an update with nothing to change
        } else {
          ops.add(new Op(i, c, input, literal(input)));
        }
      } catch (Unwritable e) {
        outcomes[i] = WriteOutcome.failed(c.key(), e.field, describe(kind, c, e.field, e.getMessage()));
      }
    }
    List<List<Op>> chunks = new ArrayList<>();
    for (int from = 0; from < ops.size(); from += batchSize) {
      chunks.add(ops.subList(from, Math.min(ops.size(), from + batchSize)));
    }
    parallel.run(chunks.size(), n -> send(kind, batch.action(), batch.layout(), chunks.get(n), outcomes));
    List<WriteOutcome> out = new ArrayList<>(outcomes.length);
    for (WriteOutcome o : outcomes) {
      out.add(Objects.requireNonNull(o));
    }
    return out;
  }

  /** A change that cannot be turned into a mutation (an unresolved reference, no node id). */
  private static final class Unwritable extends Exception {
    private static final long serialVersionUID = 1L;
    final @Nullable String field;

    Unwritable(@Nullable String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  private @Nullable Map<String, @Nullable Object> input(Schema.Kind kind, FieldLayout layout, Change c,
      WriteContext context, Lineage.Ids lineage) throws Unwritable {
    Map<String, @Nullable Object> data = new LinkedHashMap<>();
    switch (c.action()) {
      case CREATE -> {
        SyncRecord target = Objects.requireNonNull(c.source());
        for (int i = 0; i < layout.size(); i++) {
          Object v = target.get(i);
          if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
            data.put(layout.name(i), value(kind, layout, layout.name(i), v, context, lineage));
          }
        }
      }
      case UPDATE -> {
        data.put("id", nodeId(c, context));
        for (AttributeChange a : c.attributes()) {
          data.put(a.name(), value(kind, layout, a.name(), a.newValue(), context, lineage));
        }
        if (data.size() == 1) {
          return null;
        }
      }
      case DELETE -> data.put("id", nodeId(c, context));
    }
    return data;
  }

  private static String literal(Map<String, @Nullable Object> input) throws Unwritable {
    try {
      return GraphQL.literal(input);
    } catch (IllegalArgumentException e) {
      throw new Unwritable(null, "a value cannot be written as a GraphQL literal: " + e.getMessage());
    }
  }

  private static String nodeId(Change c, WriteContext context) throws Unwritable {
    String id = c.destinationId();
    if (id == null) {
      id = context.serverId(c.kind(), c.key());
    }
    if (id == null) {
      throw new Unwritable(null, "no Infrahub node id is known for this record");
    }
    return id;
  }

  /**
   * The input of one field: {@code {value: X, source, owner}} for an attribute (X may be null to
   * clear it); {@code {id}} or null for a cardinality-one relationship; a list of {@code {id}} (empty
   * to clear) for a cardinality-many relationship.
   */
  private static @Nullable Object value(Schema.Kind kind, FieldLayout layout, String field, @Nullable Object v,
      WriteContext context, Lineage.Ids lineage) throws Unwritable {
    Schema.Relationship rel = kind.relationships().get(field);
    if (rel == null) {
      Map<String, @Nullable Object> attr = new LinkedHashMap<>();
      attr.put("value", attributeValue(kind.attributes().get(field), v));
      lineage(attr, lineage, "");
      return attr;
    }
    FieldLayout.Reference ref = layout.reference(field);
    if (ref == null) {
      throw new Unwritable(field, "is a relationship but the mapping gives no `reference`");
    }
    if (!rel.many()) {
      if (v == null) {
        return null;
      }
      if (v instanceof List<?> l) {
        if (l.size() != 1) {
          throw new Unwritable(field, "holds " + l.size() + " peers but the relationship has cardinality one");
        }
        v = l.get(0);
      }
      return peer(ref.kind(), field, v, context, lineage);
    }
    List<Object> peers = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object p : l) {
        peers.add(peer(ref.kind(), field, p, context, lineage));
      }
    } else if (v != null) {
      peers.add(peer(ref.kind(), field, v, context, lineage));
    }
    return peers;
  }

  /**
   * A value as the attribute's GraphQL scalar takes it: a whole float for a Number attribute is
   * sent as an integer (a Jinja {@code |float|round} gives {@code 1.0}; BigInt refuses a float
   * literal, and Python compares {@code 1.0 == 1}, so nothing changes on the next diff).
   */
  private static @Nullable Object attributeValue(Schema.@Nullable Attribute attribute, @Nullable Object v) {
    if (v instanceof Key k) {
      return k.toString();
    }
    if (attribute != null && attribute.kind().equals("Number") && v instanceof Double d && !d.isInfinite()
        && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
      return d.longValue();
    }
    return v;
  }

  private static Map<String, @Nullable Object> peer(String refKind, String field, @Nullable Object v,
      WriteContext context, Lineage.Ids lineage) throws Unwritable {
    if (!(v instanceof Key key)) {
      throw new Unwritable(field, "expected a reference to " + refKind + ", got " + v);
    }
    String id = context.serverId(refKind, key);
    if (id == null) {
      throw new Unwritable(field, "the referenced " + refKind + " '" + key + "' has no Infrahub node (it is not"
          + " in Infrahub and was not created in this run)");
    }
    Map<String, @Nullable Object> p = new LinkedHashMap<>();
    p.put("id", id);
    lineage(p, lineage, "_relation__");
    return p;
  }

  private static void lineage(Map<String, @Nullable Object> input, Lineage.Ids lineage, String prefix) {
    if (lineage.source() != null) {
      input.put(prefix + "source", lineage.source());
    }
    if (lineage.owner() != null) {
      input.put(prefix + "owner", lineage.owner());
    }
  }

  /** Sends one request of mutations; after a lost response, verifies and re-sends what did not happen. */
  private void send(Schema.Kind kind, Action action, FieldLayout layout, List<Op> chunk, WriteOutcome[] outcomes) {
    List<Op> pending = chunk;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      try {
        Map<Integer, Result> results = mutate(kind, action, pending);
        for (Op op : pending) {
          Result r = Objects.requireNonNull(results.get(op.index()));
          outcomes[op.index()] = outcome(kind, op.change(), r, attempt - 1);
        }
        return;
      } catch (InfrahubClient.OutcomeUnknown lost) {
        if (attempt >= maxAttempts) {
          for (Op op : pending) {
            outcomes[op.index()] = new WriteOutcome(op.change().key(), false, null, null,
                describe(kind, op.change(), null, "the server's answer was lost " + attempt + " times; the change may"
                    + " or may not be applied (" + lost.getMessage() + ")"), attempt - 1);
          }
          return;
        }
        LOG.log(System.Logger.Level.WARNING, "infrahub: the answer to " + pending.size() + " " + action.wireName()
            + " " + kind.name() + " mutations was lost (" + lost.getMessage() + "); "
            + (action == Action.CREATE ? "looking the records up before sending them again" : "sending them again"));
        if (action == Action.CREATE) {
          try {
            pending = verifyCreates(kind, layout, pending, outcomes, attempt);
          } catch (AdapterException e) {
            fail(kind, pending, outcomes, "the server's answer was lost and the records could not be looked up ("
                + e.getMessage() + "); they were not sent again to avoid duplicates", attempt);
            return;
          }
        }
      } catch (AdapterException e) {
        fail(kind, pending, outcomes, e.getMessage(), attempt - 1); // refused as a whole: nothing applied
        return;
      }
    }
  }

  private static void fail(Schema.Kind kind, List<Op> ops, WriteOutcome[] outcomes, @Nullable String message,
      int retries) {
    for (Op op : ops) {
      outcomes[op.index()] = new WriteOutcome(op.change().key(), false, null, null,
          describe(kind, op.change(), null, message), retries);
    }
  }

  /** Sends the mutations of {@code ops} in one request; maps every alias back to its op. */
  private Map<Integer, Result> mutate(Schema.Kind kind, Action action, List<Op> ops) {
    String op = GraphQL.name(kind.name() + switch (action) {
      case CREATE -> "Create";
      case UPDATE -> "Update";
      case DELETE -> "Delete";
    });
    String selection = action == Action.CREATE ? "{ ok object { id } }" : "{ ok }";
    StringBuilder doc = new StringBuilder("mutation {");
    for (int i = 0; i < ops.size(); i++) {
      doc.append(" m").append(i).append(": ").append(op).append("(data: ").append(ops.get(i).literal())
          .append(") ").append(selection);
    }
    doc.append(" }");
    InfrahubClient.Answer answer = client.mutate(doc.toString(), action.wireName() + " " + ops.size() + " "
        + kind.name());
    Map<String, InfrahubClient.GraphQLError> byAlias = new LinkedHashMap<>();
    List<InfrahubClient.GraphQLError> general = new ArrayList<>();
    for (InfrahubClient.GraphQLError e : answer.errors()) {
      if (e.alias() != null && e.alias().matches("m\\d+")) {
        byAlias.putIfAbsent(e.alias(), e);
      } else {
        general.add(e);
      }
    }
    Map<Integer, Result> results = new LinkedHashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      Op o = ops.get(i);
      String alias = "m" + i;
      JsonNode r = answer.data().path(alias);
      InfrahubClient.GraphQLError error = byAlias.get(alias);
      if (error == null && r.path("ok").asBoolean(false)) {
        String id = action == Action.CREATE ? r.path("object").path("id").asString(null)
            : (String) o.input().get("id");
        results.put(o.index(), new Result(true, id, null, null));
      } else if (error != null && action == Action.DELETE && "NODE_NOT_FOUND".equals(error.code())) {
        results.put(o.index(), new Result(true, (String) o.input().get("id"), null, null)); // already gone
      } else if (error != null) {
        results.put(o.index(), new Result(false, null, error.field(), error.toString()));
      } else if (!general.isEmpty()) {
        results.put(o.index(), new Result(false, null, null, InfrahubClient.describe(general)));
      } else {
        results.put(o.index(), new Result(false, null, null, "the server returned no result for this mutation"));
      }
    }
    return results;
  }

  private static WriteOutcome outcome(Schema.Kind kind, Change c, Result r, int retries) {
    if (r.ok()) {
      return new WriteOutcome(c.key(), true, r.id(), null, null, retries);
    }
    return new WriteOutcome(c.key(), false, null, r.field(),
        describe(kind, c, r.field(), Objects.requireNonNullElse(r.message(), "failed")), retries);
  }

  /**
   * After a lost response: looks each create up by its identifier values (one query for the whole
   * request). Found once: done, with that node's id. Not found: to be sent again. Anything else
   * (several matches, an identifier that cannot be searched): failed, never re-sent.
   */
  private List<Op> verifyCreates(Schema.Kind kind, FieldLayout layout, List<Op> ops, WriteOutcome[] outcomes,
      int attempt) {
    StringBuilder doc = new StringBuilder("query {");
    List<Op> searchable = new ArrayList<>();
    for (Op op : ops) {
      String filters = identityFilter(kind, layout, op);
      if (filters == null) {
        outcomes[op.index()] = new WriteOutcome(op.change().key(), false, null, null, describe(kind, op.change(),
            null, "the server's answer was lost and the record cannot be looked up by its identifiers; it was not"
                + " sent again to avoid a duplicate; check Infrahub and run again"), attempt);
        continue;
      }
      doc.append(" q").append(searchable.size()).append(": ").append(GraphQL.name(kind.name())).append('(')
          .append(filters).append(") { count edges { node { id } } }");
      searchable.add(op);
    }
    if (searchable.isEmpty()) {
      return List.of();
    }
    JsonNode data = client.query(doc.append(" }").toString(), "looking up " + searchable.size() + " "
        + kind.name() + " after a lost answer");
    List<Op> resend = new ArrayList<>();
    for (int i = 0; i < searchable.size(); i++) {
      Op op = searchable.get(i);
      JsonNode found = data.path("q" + i);
      JsonNode edges = found.path("edges");
      if (edges.size() == 1) {
        outcomes[op.index()] = new WriteOutcome(op.change().key(), true,
            edges.get(0).path("node").path("id").asString(), null, null, attempt);
      } else if (edges.isEmpty()) {
        resend.add(op);
      } else {
        outcomes[op.index()] = new WriteOutcome(op.change().key(), false, null, null, describe(kind, op.change(),
            null, edges.size() + " nodes match the record's identifiers after a lost answer; not sent again"),
            attempt);
      }
    }
    return resend;
  }

  /**
   * Query arguments selecting the node with the create's identifier values ({@code name__value},
   * {@code device__ids}, {@code __isnull} for an empty one), or null when an identifier is a
   * cardinality-many relationship, which cannot be searched exactly.
   */
  private static @Nullable String identityFilter(Schema.Kind kind, FieldLayout layout, Op op) {
    List<String> args = new ArrayList<>();
    for (String field : layout.identifiers()) {
      Schema.Relationship rel = kind.relationships().get(field);
      String name = GraphQL.name(field);
      Object in = op.input().get(field);
      if (rel != null && rel.many()) {
        return null;
      } else if (in == null) {
        args.add(name + "__isnull: true");
      } else if (rel != null) {
        args.add(name + "__ids: [" + GraphQL.literal(((Map<?, ?>) in).get("id")) + "]");
      } else {
        args.add(name + "__value: " + GraphQL.literal(((Map<?, ?>) in).get("value")));
      }
    }
    return String.join(", ", args);
  }

  private static String describe(Schema.Kind kind, Change c, @Nullable String field, @Nullable String message) {
    return kind.name() + " '" + c.key() + "'" + (field == null ? "" : ", field " + field) + ": " + message;
  }
}
