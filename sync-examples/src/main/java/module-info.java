/** Runnable InfraSync examples: a custom adapter, a scheduled service, the diff-review-apply workflow. */
module io.infrasync.examples {
  requires io.infrasync.core;
  requires static org.jspecify;

  exports io.infrasync.examples;

  provides io.infrasync.spi.AdapterProvider with io.infrasync.examples.CsvInventoryAdapter.Provider;
}
