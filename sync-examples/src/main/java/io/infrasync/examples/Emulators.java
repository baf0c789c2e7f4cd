package io.infrasync.examples;

import io.infrasync.testkit.infrahub.InfrahubSchema;
import io.infrasync.testkit.infrahub.InfrahubServer;
import io.infrasync.testkit.netbox.NetBoxServer;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A NetBox emulator (the source) and an Infrahub emulator (the destination) from {@code
 * sync-testkit}, started from plain code on free local ports. Closing stops both.
 *
 * @param netbox NetBox 4.6 REST, accepting {@link NetBoxServer#DEFAULT_TOKEN}
 * @param infrahub Infrahub GraphQL with {@link #infrahubSchema()}, accepting {@link InfrahubServer#DEFAULT_TOKEN}
 */
public record Emulators(NetBoxServer netbox, InfrahubServer infrahub) implements AutoCloseable {

  /** Starts both emulators, empty. */
  public static Emulators start() {
    NetBoxServer netbox = NetBoxServer.builder().build().start();
    try {
      return new Emulators(netbox, InfrahubServer.builder().schema(infrahubSchema()).build().start());
    } catch (RuntimeException e) {
      netbox.close();
      throw e;
    }
  }

  /**
   * The Infrahub schema the upstream {@code netbox_to_infrahub} mapping writes to: the testkit's
   * example schema with two changes the mapping needs (the same ones the Infrahub adapter's NetBox
   * end-to-end test makes): {@code InfraDevice} is unique on the mapping's four identifiers
   * (location, rack, organization, name) instead of (location, name), and {@code InfraCircuit.type}
   * is a text attribute, because the mapping writes the plain {@code type.name}. Without them the
   * Infrahub adapter refuses the configuration before any read.
   */
  public static InfrahubSchema infrahubSchema() {
    return InfrahubSchema.examples().toBuilder()
        .node("InfraDevice", k -> k.humanFriendlyId("location__name__value", "rack__name__value",
            "organization__name__value", "name__value"))
        .node("InfraCircuit", k -> k.optional("type", "Text"))
        .build();
  }

  /**
   * The environment the upstream {@code config.yml} is read with: its {@code settings} name a demo
   * NetBox and a local Infrahub, and both adapters let these variables override them.
   */
  public Function<String, @Nullable String> environment() {
    Map<String, String> env = Map.of(
        "NETBOX_ADDRESS", netbox.baseUrl().toString(),
        "NETBOX_TOKEN", NetBoxServer.DEFAULT_TOKEN,
        "INFRAHUB_ADDRESS", infrahub.baseUrl().toString(),
        "INFRAHUB_API_TOKEN", InfrahubServer.DEFAULT_TOKEN);
    return env::get;
  }

  /** Forgets the requests logged so far, so that {@link #requests()} counts from here. */
  public void resetRequestLogs() {
    netbox.requestLog().reset();
    infrahub.requestLog().reset();
    infrahub.graphqlLog().clear();
  }

  /** The requests both emulators received since the last {@link #resetRequestLogs()}. */
  public Requests requests() {
    return new Requests(netbox.requestLog().countsByMethod(), infrahub.requestLog().total(),
        infrahub.graphqlLog().queryRequests(), infrahub.graphqlLog().mutationRequests());
  }

  /**
   * Request counts, from the emulators' request logs.
   *
   * @param netboxByMethod NetBox HTTP requests per method
   * @param infrahubHttp every Infrahub HTTP request (GraphQL and {@code /api/schema})
   * @param infrahubQueries GraphQL query requests
   * @param infrahubMutations GraphQL mutation requests (each a batch of aliased mutations)
   */
  public record Requests(Map<String, Long> netboxByMethod, long infrahubHttp, int infrahubQueries,
      int infrahubMutations) {
    public Requests {
      netboxByMethod = Map.copyOf(netboxByMethod);
    }

    public long netbox() {
      return netboxByMethod.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
      StringBuilder byMethod = new StringBuilder();
      new java.util.TreeMap<>(netboxByMethod).forEach((m, n) ->
          byMethod.append(byMethod.length() == 0 ? "" : ", ").append(m).append(' ').append(n));
      return String.format(Locale.ROOT, "NetBox %d (%s); Infrahub %d (%d queries, %d mutation batches, %d other)",
          netbox(), byMethod.length() == 0 ? "none" : byMethod, infrahubHttp, infrahubQueries, infrahubMutations,
          infrahubHttp - infrahubQueries - infrahubMutations);
    }
  }

  @Override
  public void close() {
    try {
      infrahub.close();
    } finally {
      netbox.close();
    }
  }
}
