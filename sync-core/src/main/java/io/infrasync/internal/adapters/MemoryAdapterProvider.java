package io.infrasync.internal.adapters;

import io.infrasync.MemoryAdapter;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.AdapterProvider;
import io.infrasync.spi.SettingSpec;
import io.infrasync.spi.SettingSpec.Type;
import java.util.List;

/**
 * {@code adapter: memory}: an empty in-memory adapter. To sync from or to data a program holds,
 * register a seeded {@link MemoryAdapter} on the engine builder instead.
 */
public final class MemoryAdapterProvider implements AdapterProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public List<SettingSpec> settings() {
    return List.of(SettingSpec.optional("batch_size", Type.INTEGER, 500L, "records per write batch"));
  }

  @Override
  public Adapter create(AdapterContext context) {
    return MemoryAdapter.withBatchSize((int) context.settings().integer("batch_size"));
  }
}
