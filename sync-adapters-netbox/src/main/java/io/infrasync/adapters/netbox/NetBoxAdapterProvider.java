package io.infrasync.adapters.netbox;

import io.infrasync.internal.rest.RestAdapter;
import io.infrasync.internal.rest.RestSettings;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.AdapterProvider;
import io.infrasync.spi.Secret;
import io.infrasync.spi.SettingSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code adapter: netbox} — the NetBox 4.x REST API, as a source (paginated reads, change cursors,
 * id-only listings) and as a destination (bulk creates, updates and deletes). Settings: see
 * {@link #settings()} and {@code docs/adapters.md}.
 */
public final class NetBoxAdapterProvider implements AdapterProvider {
  @Override
  public String name() {
    return "netbox";
  }

  @Override
  public List<SettingSpec> settings() {
    return RestSettings.specs("NetBox", "NETBOX");
  }

  @Override
  public Adapter create(AdapterContext context) {
    RestSettings s = RestSettings.from(context.settings(), name());
    return new RestAdapter(new NetBoxDialect(), s,
        s.transport(name(), Map.of("Authorization", authorization(s.token())), context.executor()), Map.of(),
        context.config(), context.executor());
  }

  /**
   * The {@code Authorization} header for a token: {@code Bearer} for a v2 token ({@code nbt_<key>.<secret>}),
   * {@code Token} for a v1 token; a value that already starts with {@code Token } or {@code Bearer } is
   * sent as given.
   */
  static Secret authorization(Secret token) {
    String t = token.reveal().trim();
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.startsWith("token ") || lower.startsWith("bearer ")) {
      return Secret.of(t);
    }
    return Secret.of((t.startsWith("nbt_") ? "Bearer " : "Token ") + t);
  }
}
