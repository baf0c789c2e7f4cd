package io.infrasync.internal.adapters;

import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.AdapterProvider;
import io.infrasync.spi.SettingSpec;
import io.infrasync.spi.SettingSpec.Type;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code adapter: file}: a directory of JSON Lines files, one per resource. */
public final class FileAdapterProvider implements AdapterProvider {
  @Override
  public String name() {
    return "file";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("jsonl");
  }

  @Override
  public List<SettingSpec> settings() {
    return List.of(
        SettingSpec.required("directory", Type.STRING,
            "directory of <resource>.jsonl files, relative to the config file's directory"),
        SettingSpec.optional("batch_size", Type.INTEGER, 1000L, "records per write batch"));
  }

  @Override
  public Adapter create(AdapterContext context) {
    Path dir = context.baseDirectory().resolve(context.settings().requireString("directory"));
    long batch = context.settings().integer("batch_size");
    if (batch < 1) {
      throw new io.infrasync.ConfigurationException("file adapter", "batch_size must be >= 1");
    }
    return new FileAdapter(dir, context.side(), (int) batch);
  }
}
