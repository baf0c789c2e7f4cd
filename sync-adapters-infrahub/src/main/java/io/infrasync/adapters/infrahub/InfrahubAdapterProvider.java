package io.infrasync.adapters.infrahub;

import io.infrasync.adapters.infrahub.internal.InfrahubAdapter;
import io.infrasync.adapters.infrahub.internal.InfrahubSettings;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.AdapterProvider;
import io.infrasync.spi.SettingSpec;
import java.util.List;

/**
 * {@code adapter: infrahub}: Infrahub over GraphQL, as source or destination. Settings: {@code url}
 * (env {@code INFRAHUB_ADDRESS}/{@code INFRAHUB_URL}), {@code token} (secret, env
 * {@code INFRAHUB_API_TOKEN}), {@code branch}, {@code verify_ssl}, {@code source}, {@code owner},
 * {@code timeout}, {@code page_size}, {@code concurrency}, {@code write_batch_size},
 * {@code max_retries}, {@code cursor_overlap}, {@code max_response_bytes}; see {@code docs/adapters.md}.
 */
public final class InfrahubAdapterProvider implements AdapterProvider {
  @Override
  public String name() {
    return "infrahub";
  }

  @Override
  public List<SettingSpec> settings() {
    return InfrahubSettings.specs();
  }

  /** Builds the adapter without network I/O; the schema is loaded and checked at its first use. */
  @Override
  public Adapter create(AdapterContext context) {
    return new InfrahubAdapter(context);
  }
}
