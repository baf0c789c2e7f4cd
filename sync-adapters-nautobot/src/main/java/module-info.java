/** The Nautobot adapter: Nautobot 2.x REST API as a source or destination ({@code adapter: nautobot}). */
module io.infrasync.adapters.nautobot {
  requires io.infrasync.core;
  requires static org.jspecify;
  requires java.net.http;

  provides io.infrasync.spi.AdapterProvider with
      io.infrasync.adapters.nautobot.NautobotAdapterProvider;
}
