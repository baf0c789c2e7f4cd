package io.infrasync.testkit.infrahub;

import io.infrasync.testkit.infrahub.InfrahubSchema.AttributeSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.Cardinality;
import io.infrasync.testkit.infrahub.InfrahubSchema.KindSchema;
import io.infrasync.testkit.infrahub.InfrahubSchema.RelationshipSchema;
import io.infrasync.testkit.infrahub.NodeInput.AttrInput;
import io.infrasync.testkit.infrahub.NodeInput.PeerRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Loads nodes from dataset directories and from captured query responses. */
final class Seeder {
  private final Model model;
  private final Function<String, Writer> writers;

  /**
   * @param writers a new write transaction per node, on the target branch
   */
  Seeder(Model model, Function<String, Writer> writers) {
    this.model = model;
    this.writers = writers;
  }

  /**
   * Loads every {@code <Kind>.jsonl} of a directory: one JSON object per line; attribute fields
   * hold values, relationship fields hold the peer's human friendly id joined with {@code __} (a
   * list of them for cardinality many). Kinds load in dependency order.
   *
   * @return the number of nodes created per kind
   */
  Map<String, Integer> dataset(Path dir) {
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
          .forEach(
              p -> {
                String name = p.getFileName().toString();
                files.put(name.substring(0, name.length() - ".jsonl".length()), p);
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list dataset directory " + dir, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no <Kind>.jsonl files in " + dir);
    }
    for (var e : files.entrySet()) {
      KindSchema k =
          model
              .schema
              .kind(e.getKey())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          e.getValue() + ": the schema has no kind " + e.getKey()));
      if (k.generic()) {
        throw new IllegalArgumentException(e.getValue() + ": " + e.getKey() + " is a generic");
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String kind : dependencyOrder(files.keySet())) {
      counts.put(kind, loadFile(kind, files.get(kind)));
    }
    return counts;
  }

  private List<String> dependencyOrder(Set<String> kinds) {
    List<String> order = new ArrayList<>();
    Set<String> visiting = new HashSet<>();
    for (String k : kinds) {
      visit(k, kinds, visiting, order);
    }
    return order;
  }

  private void visit(String kind, Set<String> kinds, Set<String> visiting, List<String> order) {
    if (order.contains(kind)) {
      return;
    }
    if (!visiting.add(kind)) {
      throw new IllegalArgumentException(
          "dataset kinds reference each other in a cycle through "
              + kind
              + "; seed them with create() and update() instead");
    }
    for (RelationshipSchema r : model.kind(kind).relationships()) {
      if (!dependsOn(kind, r)) {
        continue;
      }
      for (String peer : model.schema.concreteKinds(r.peer())) {
        if (kinds.contains(peer) && !peer.equals(kind)) {
          visit(peer, kinds, visiting, order);
        }
      }
    }
    visiting.remove(kind);
    order.add(kind);
  }

  /** A many relationship whose inverse is a one relationship is filled by the other side. */
  private boolean dependsOn(String kind, RelationshipSchema r) {
    if (r.cardinality() == Cardinality.ONE) {
      return true;
    }
    for (String peer : model.schema.concreteKinds(r.peer())) {
      RelationshipSchema inv = model.inverse(kind, r, peer);
      if (inv != null && inv.cardinality() == Cardinality.ONE) {
        return false;
      }
    }
    return true;
  }

  private int loadFile(String kind, @Nullable Path file) {
    if (file == null) {
      return 0;
    }
    KindSchema k = model.kind(kind);
    int lineNo = 0;
    int created = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          Map<String, @Nullable Object> record = Json.object(Json.parse(line), "line");
          Writer w = writers.apply(kind);
          w.create(kind, datasetInput(k, record, w));
          created++;
        } catch (InfrahubError | IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return created;
  }

  private NodeInput datasetInput(KindSchema k, Map<String, @Nullable Object> record, Writer w) {
    Map<String, AttrInput> attrs = new LinkedHashMap<>();
    Map<String, @Nullable List<PeerRef>> rels = new LinkedHashMap<>();
    for (var e : record.entrySet()) {
      String name = e.getKey();
      Object v = e.getValue();
      if (k.attribute(name).isPresent()) {
        attrs.put(name, new AttrInput(true, v, false));
        continue;
      }
      RelationshipSchema r =
          k.relationship(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          k.kind() + " has no attribute or relationship '" + name + "'"));
      List<PeerRef> refs = new ArrayList<>();
      if (v instanceof List<?> list) {
        for (Object o : list) {
          refs.add(reference(r, Json.string(o, name + "[]"), w));
        }
      } else if (v != null) {
        refs.add(reference(r, Json.string(v, name), w));
      }
      rels.put(name, r.cardinality() == Cardinality.ONE && refs.isEmpty() ? null : refs);
    }
    return new NodeInput(null, null, attrs, rels);
  }

  private PeerRef reference(RelationshipSchema r, String key, Writer w) {
    NodeRecord peer = w.findByHfid(r.peer(), List.of(key.split("__", -1)));
    if (peer == null) {
      throw new IllegalArgumentException(
          "relationship '" + r.name() + "': no " + r.peer() + " with human friendly id " + key);
    }
    return new PeerRef(peer.id(), null);
  }

  /**
   * Loads the nodes of a captured query response ({@code {"data": {"<Kind>": {"edges": [{"node":
   * {…}}]}}}}) with their ids: {@code attr {value}} fields become attributes, {@code rel {node
   * {id}}} and {@code rel {edges [{node {id}}]}} relationships (the peers must exist already).
   *
   * @return the number of nodes created
   */
  int queryResponse(String json) {
    Map<String, @Nullable Object> root = Json.object(Json.parse(json), "query response");
    Map<String, @Nullable Object> data = Json.object(root.get("data"), "data");
    int created = 0;
    for (var e : data.entrySet()) {
      Map<String, @Nullable Object> page = Json.object(e.getValue(), "data." + e.getKey());
      List<@Nullable Object> edges = Json.array(page.get("edges"), "data." + e.getKey() + ".edges");
      for (int i = 0; i < edges.size(); i++) {
        String where = "data." + e.getKey() + ".edges[" + i + "].node";
        Map<String, @Nullable Object> node =
            Json.object(Json.object(edges.get(i), where).get("node"), where);
        Object typename = node.get("__typename");
        String kind = typename == null ? e.getKey() : Json.string(typename, where + ".__typename");
        KindSchema k =
            model
                .schema
                .kind(kind)
                .orElseThrow(
                    () -> new IllegalArgumentException(where + ": the schema has no kind " + kind));
        try {
          writers.apply(kind).create(kind, responseInput(k, node, where));
        } catch (InfrahubError ex) {
          throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
        }
        created++;
      }
    }
    return created;
  }

  private static NodeInput responseInput(
      KindSchema k, Map<String, @Nullable Object> node, String where) {
    Map<String, AttrInput> attrs = new LinkedHashMap<>();
    Map<String, @Nullable List<PeerRef>> rels = new LinkedHashMap<>();
    for (var e : node.entrySet()) {
      String name = e.getKey();
      if (List.of("id", "hfid", "display_label", "__typename", "_updated_at").contains(name)) {
        continue;
      }
      Map<String, @Nullable Object> value = Json.object(e.getValue(), where + "." + name);
      AttributeSchema a = k.attribute(name).orElse(null);
      if (a != null) {
        if (value.containsKey("value")) {
          attrs.put(name, new AttrInput(true, value.get("value"), false));
        }
        continue;
      }
      RelationshipSchema r =
          k.relationship(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          where + ": " + k.kind() + " has no field '" + name + "'"));
      List<PeerRef> refs = new ArrayList<>();
      if (r.cardinality() == Cardinality.ONE) {
        Object peer = value.get("node");
        if (peer != null) {
          refs.add(
              new PeerRef(
                  Json.string(
                      Json.object(peer, where + "." + name + ".node").get("id"),
                      where + "." + name + ".node.id"),
                  null));
        }
      } else {
        for (Object edge : Json.array(value.get("edges"), where + "." + name + ".edges")) {
          Map<String, @Nullable Object> peer =
              Json.object(Json.object(edge, where + "." + name + ".edges[]").get("node"), where);
          refs.add(new PeerRef(Json.string(peer.get("id"), where + "." + name + " peer id"), null));
        }
      }
      rels.put(name, refs);
    }
    return new NodeInput(Json.string(node.get("id"), where + ".id"), null, attrs, rels);
  }
}
