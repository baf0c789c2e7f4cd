/**
 * InfraSync testkit: strict in-process HTTP emulators of NetBox (REST, 4.6), Nautobot (REST, 2.x)
 * and Infrahub (GraphQL), with programmable faults and a request log. It does not depend on
 * InfraSync itself, so a sync under test talks to the emulators only over HTTP.
 */
module io.infrasync.testkit {
  requires tools.jackson.databind;
  requires com.graphqljava;
  requires static org.jspecify;
  requires static org.junit.jupiter.api;

  exports io.infrasync.testkit;
  exports io.infrasync.testkit.netbox;
  exports io.infrasync.testkit.nautobot;
  exports io.infrasync.testkit.infrahub;
}
