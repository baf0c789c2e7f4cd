package io.infrasync.internal.engine;

import io.infrasync.ConfigurationException;
import io.infrasync.spi.AdapterProvider;
import io.infrasync.spi.CacheStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds adapter and cache-store providers through {@link ServiceLoader}. */
public final class Providers {
  private Providers() {}

  public static List<AdapterProvider> adapters() {
    List<AdapterProvider> out = new ArrayList<>();
    ServiceLoader.load(AdapterProvider.class, Providers.class.getClassLoader()).forEach(out::add);
    if (out.isEmpty()) {
      ServiceLoader.load(AdapterProvider.class).forEach(out::add);
    }
    return out;
  }

  /**
   * The provider of an adapter name ({@code adapter}, else {@code name} of a config side).
   *
   * @throws ConfigurationException naming the available adapters when none matches
   */
  public static AdapterProvider adapter(String name, String where) {
    List<AdapterProvider> all = adapters();
    String wanted = Names.normalize(name);
    for (AdapterProvider p : all) {
      if (Names.normalize(p.name()).equals(wanted)
          || p.aliases().stream().anyMatch(a -> Names.normalize(a).equals(wanted))) {
        return p;
      }
    }
    TreeSet<String> names = new TreeSet<>();
    all.forEach(p -> names.add(p.name()));
    String hint = Names.nearest(name, names).map(n -> " Did you mean '" + n + "'?").orElse("");
    throw new ConfigurationException(where, "no adapter named '" + name + "' is available." + hint
        + " Available adapters: " + String.join(", ", names)
        + ". Add the adapter's jar to the class path or register an adapter instance on the engine builder.");
  }

  public static CacheStoreProvider cacheStore(String name) {
    List<String> names = new ArrayList<>();
    for (CacheStoreProvider p : ServiceLoader.load(CacheStoreProvider.class, Providers.class.getClassLoader())) {
      if (p.name().equalsIgnoreCase(name)) {
        return p;
      }
      names.add(p.name());
    }
    throw new ConfigurationException("<engine>", "no cache store named '" + name + "'; available: " + names);
  }

  public static boolean hasCacheStore(String name) {
    for (CacheStoreProvider p : ServiceLoader.load(CacheStoreProvider.class, Providers.class.getClassLoader())) {
      if (p.name().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
