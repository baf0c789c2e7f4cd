package io.infrasync.spi;

import java.util.List;
import java.util.Set;

/**
 * Makes adapters of one type. Found through {@link java.util.ServiceLoader}; the {@code adapter} (or
 * {@code name}) of a {@code config.yml} side selects it by {@link #name()} or one of
 * {@link #aliases()}, compared case-insensitively with {@code -} and {@code _} ignored.
 */
public interface AdapterProvider {
  /** The name used in {@code config.yml}, e.g. {@code netbox}. */
  String name();

  default Set<String> aliases() {
    return Set.of();
  }

  /** The provider's version, reported in {@code run.json}. */
  default String version() {
    Package p = getClass().getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Every setting the adapter understands; anything else under {@code settings:} is an error. */
  List<SettingSpec> settings();

  /** Creates an adapter. Must not do network I/O: the engine validates everything first. */
  Adapter create(AdapterContext context);
}
