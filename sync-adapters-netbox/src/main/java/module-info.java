/** The NetBox adapter: NetBox 4.x REST API as a source or destination ({@code adapter: netbox}). */
module io.infrasync.adapters.netbox {
  requires io.infrasync.core;
  requires static org.jspecify;
  requires java.net.http;

  provides io.infrasync.spi.AdapterProvider with
      io.infrasync.adapters.netbox.NetBoxAdapterProvider;
}
