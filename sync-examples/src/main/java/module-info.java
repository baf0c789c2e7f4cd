/**
 * Runnable InfraSync examples: the NetBox to Infrahub demo on the testkit's emulators, console
 * progress, a scheduled service with guardrails, the diff-review-apply workflow and a custom adapter.
 */
module io.infrasync.examples {
  requires io.infrasync.core;
  requires io.infrasync.testkit;         // the NetBox and Infrahub emulators the demo syncs between
  requires org.junit.jupiter.api;        // the emulators are JUnit extensions, even when started from main
  requires io.infrasync.adapters.netbox;   // found through ServiceLoader by the name in config.yml
  requires io.infrasync.adapters.infrahub; // likewise
  requires java.net.http;                // the demo edits NetBox records through its REST API
  requires java.logging;                 // the demos turn the engine's log down to errors
  requires static org.jspecify;

  exports io.infrasync.examples;

  uses io.infrasync.spi.CacheStoreProvider; // the diff-review-apply example opens the parquet store itself

  provides io.infrasync.spi.AdapterProvider with io.infrasync.examples.CsvInventoryAdapter.Provider;
}
