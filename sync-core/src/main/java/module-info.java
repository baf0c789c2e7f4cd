/** InfraSync core: configuration, mapping, diff, tiers, engine; the file and memory adapters. */
module io.infrasync.core {
  requires static org.jspecify;
  requires tools.jackson.databind;
  requires tools.jackson.dataformat.yaml;
  // Jinjava (transforms) has no module descriptor: it is the automatic module `jinjava`, which
  // declares no dependencies, so the explicit modules it uses are required here to be resolved.
  requires jinjava;
  requires com.fasterxml.jackson.databind;
  requires org.apache.commons.lang3;
  requires org.slf4j;
  requires transitive java.net.http;

  exports io.infrasync;
  exports io.infrasync.spi;
  exports io.infrasync.config;
  exports io.infrasync.internal.http to
      io.infrasync.adapters.netbox,
      io.infrasync.adapters.nautobot,
      io.infrasync.adapters.infrahub;
  exports io.infrasync.internal.rest to io.infrasync.adapters.netbox, io.infrasync.adapters.nautobot, io.infrasync.adapters.infrahub;

  uses io.infrasync.spi.AdapterProvider;
  uses io.infrasync.spi.CacheStoreProvider;

  provides io.infrasync.spi.AdapterProvider with
      io.infrasync.internal.adapters.FileAdapterProvider,
      io.infrasync.internal.adapters.MemoryAdapterProvider;
  provides io.infrasync.spi.CacheStoreProvider with
      io.infrasync.internal.cache.MemoryCacheStoreProvider;
}
