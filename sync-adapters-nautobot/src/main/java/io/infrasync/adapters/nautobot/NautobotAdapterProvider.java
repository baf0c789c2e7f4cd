package io.infrasync.adapters.nautobot;

import io.infrasync.ConfigurationException;
import io.infrasync.internal.rest.RestAdapter;
import io.infrasync.internal.rest.RestSettings;
import io.infrasync.spi.Adapter;
import io.infrasync.spi.AdapterContext;
import io.infrasync.spi.AdapterProvider;
import io.infrasync.spi.Secret;
import io.infrasync.spi.SettingSpec;
import io.infrasync.spi.SettingSpec.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code adapter: nautobot} — the Nautobot 2.x REST API, as a source (paginated reads at a chosen
 * {@code depth}, change cursors, id-only listings) and as a destination (bulk creates, updates and
 * deletes). Settings: see {@link #settings()} and {@code docs/adapters.md}.
 */
public final class NautobotAdapterProvider implements AdapterProvider {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");

  @Override
  public String name() {
    return "nautobot";
  }

  @Override
  public List<SettingSpec> settings() {
    List<SettingSpec> specs = new ArrayList<>(RestSettings.specs("Nautobot", "NAUTOBOT"));
    specs.add(SettingSpec.optional("depth", Type.INTEGER, 1L,
        "depth of related objects in reads: 0 gives {id, object_type, url} only, 1 (default) their attributes,"
            + " so that dotted paths such as provider.slug work"));
    specs.add(SettingSpec.optional("api_version", Type.STRING, null,
        "REST API version to ask for (Accept: application/json; version=2.4); default: the server's"));
    return List.copyOf(specs);
  }

  @Override
  public Adapter create(AdapterContext context) {
    RestSettings s = RestSettings.from(context.settings(), name());
    long depth = context.settings().integer("depth");
    if (depth < 0 || depth > 10) {
      throw new ConfigurationException("nautobot settings", "depth must be between 0 and 10, was " + depth);
    }
    String version = context.settings().string("api_version").map(String::trim).orElse("");
    if (!version.isEmpty() && !VERSION.matcher(version).matches()) {
      throw new ConfigurationException("nautobot settings",
          "api_version must look like 2.4 (major.minor), was '" + version + "'");
    }
    Map<String, String> headers = version.isEmpty() ? Map.of()
        : Map.of("Accept", "application/json; version=" + version);
    return new RestAdapter(new NautobotDialect((int) depth), s,
        s.transport(name(), Map.of("Authorization", authorization(s.token())), context.executor()), headers,
        context.config(), context.executor());
  }

  /** {@code Token <key>} (Nautobot knows no other scheme); a value that already starts with {@code Token } is sent as given. */
  static Secret authorization(Secret token) {
    String t = token.reveal().trim();
    return Secret.of(t.toLowerCase(Locale.ROOT).startsWith("token ") ? t : "Token " + t);
  }
}
