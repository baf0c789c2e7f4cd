/** The Infrahub adapter: GraphQL reads and batched mutations, branches, incremental reads. */
module io.infrasync.adapters.infrahub {
  requires static org.jspecify;
  requires io.infrasync.core;
  requires tools.jackson.databind;

  exports io.infrasync.adapters.infrahub;

  provides io.infrasync.spi.AdapterProvider with
      io.infrasync.adapters.infrahub.InfrahubAdapterProvider;
}
