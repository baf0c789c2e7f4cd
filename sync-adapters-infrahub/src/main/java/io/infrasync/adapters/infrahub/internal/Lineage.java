package io.infrasync.adapters.infrahub.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The lineage infrahub-sync records on written values: the {@code source} and {@code owner}
 * properties point at the {@code CoreAccount} named after the source adapter, or at the
 * {@code CoreAccountGroup} named by the {@code source}/{@code owner} setting (falling back to the
 * account when that group does not exist). Resolved once, with one query, at the first write.
 */
final class Lineage {
  private static final System.Logger LOG = System.getLogger("io.infrasync.adapters.infrahub");

  /** The node ids to record; null parts are not recorded. */
  record Ids(@Nullable String source, @Nullable String owner) {
    static final Ids NONE = new Ids(null, null);
  }

  private final InfrahubClient client;
  private final @Nullable String sourceGroup;
  private final @Nullable String ownerGroup;
  private @Nullable Ids resolved;

  Lineage(InfrahubClient client, @Nullable String sourceGroup, @Nullable String ownerGroup) {
    this.client = client;
    this.sourceGroup = sourceGroup;
    this.ownerGroup = ownerGroup;
  }

  synchronized Ids resolve(Schema schema, String sourceAdapter) {
    Ids ids = resolved;
    if (ids != null) {
      return ids;
    }
    Map<String, String> queries = new LinkedHashMap<>();
    if (schema.kind("CoreAccount").isPresent()) {
      queries.put("account", "CoreAccount(name__value: " + GraphQL.string(sourceAdapter) + ")");
    }
    boolean groups = schema.kind("CoreAccountGroup").isPresent();
    if (groups && sourceGroup != null) {
      queries.put("source", "CoreAccountGroup(name__value: " + GraphQL.string(sourceGroup) + ")");
    }
    if (groups && ownerGroup != null) {
      queries.put("owner", "CoreAccountGroup(name__value: " + GraphQL.string(ownerGroup) + ")");
    }
    if ((sourceGroup != null || ownerGroup != null) && !groups) {
      LOG.log(System.Logger.Level.WARNING, "infrahub: the schema has no CoreAccountGroup; settings source/owner"
          + " are ignored and the account named after the source adapter is used");
    }
    if (queries.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "infrahub: the schema has no CoreAccount; written values carry no"
          + " source/owner lineage");
      resolved = Ids.NONE;
      return Ids.NONE;
    }
    StringBuilder doc = new StringBuilder("query {");
    queries.forEach((alias, q) -> doc.append(' ').append(alias).append(": ").append(q)
        .append(" { edges { node { id } } }"));
    JsonNode data = client.query(doc.append(" }").toString(), "looking up the lineage accounts");
    String account = first(data, "account");
    if (account == null) {
      LOG.log(System.Logger.Level.WARNING, "infrahub: no CoreAccount named '" + sourceAdapter
          + "' (the source adapter's name); written values carry no account lineage. Create the account to"
          + " record it");
    }
    String source = group(data, "source", sourceGroup, account);
    String owner = group(data, "owner", ownerGroup, account);
    ids = new Ids(source, owner);
    resolved = ids;
    return ids;
  }

  private static @Nullable String group(JsonNode data, String alias, @Nullable String name, @Nullable String account) {
    if (name == null) {
      return account;
    }
    String id = first(data, alias);
    if (id == null) {
      LOG.log(System.Logger.Level.WARNING, "infrahub: no CoreAccountGroup named '" + name + "' (setting " + alias
          + "); using the source adapter's account instead");
      return account;
    }
    return id;
  }

  private static @Nullable String first(JsonNode data, String alias) {
    JsonNode id = data.path(alias).path("edges").path(0).path("node").path("id");
    return id.isString() ? id.asString() : null;
  }
}
