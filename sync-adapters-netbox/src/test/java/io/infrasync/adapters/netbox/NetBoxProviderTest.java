package io.infrasync.adapters.netbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.ConfigurationException;
import io.infrasync.config.AdapterConfig;
import io.infrasync.internal.engine.SettingsResolver;
import io.infrasync.internal.rest.ApiPath;
import io.infrasync.spi.AdapterProvider;
import io.infrasync.spi.Secret;
import io.infrasync.spi.SettingSpec;
import io.infrasync.spi.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class NetBoxProviderTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";

  private static AdapterProvider provider() {
    return ServiceLoader.load(AdapterProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("netbox")).findFirst().orElseThrow();
  }

  private static Settings resolve(Map<String, Object> settings, Map<String, String> env) {
    return SettingsResolver.resolve(new AdapterConfig("netbox", settings), "source", provider().settings(), env::get);
  }

  @Test
  void isFoundByNameThroughServiceLoader() {
    assertThat(provider()).isInstanceOf(NetBoxAdapterProvider.class);
    assertThat(provider().settings()).extracting(SettingSpec::name).contains("url", "token", "verify_ssl",
        "timeout", "connect_timeout", "page_size", "concurrency", "write_batch_size", "max_retries",
        "retry_base_delay", "cursor_overlap", "max_response_bytes");
  }

  @Test
  void environmentOverridesUrlAndTokenAddressFirstAsUpstream() {
    Map<String, Object> given = Map.of("url", "https://from-config.example", "token", "x");
    Map<String, String> env = new HashMap<>(Map.of("NETBOX_URL", "https://from-url.example", "NETBOX_TOKEN", TOKEN));
    assertThat(resolve(given, env).string("url")).contains("https://from-url.example");
    env.put("NETBOX_ADDRESS", "https://from-address.example");
    Settings s = resolve(given, env);
    assertThat(s.string("url")).contains("https://from-address.example");
    assertThat(s.secret("token")).contains(Secret.of(TOKEN));
    assertThat(s.toString()).doesNotContain(TOKEN);
  }

  @Test
  void defaultsAskForTheLargestPageAndBoundedConcurrency() {
    Settings s = resolve(Map.of("url", "https://nb.example", "token", TOKEN), Map.of());
    assertThat(s.integer("page_size")).isZero();
    assertThat(s.integer("concurrency")).isEqualTo(4);
    assertThat(s.bool("verify_ssl")).isTrue();
    assertThat(s.duration("cursor_overlap")).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(60));
  }

  @Test
  void tokenShapeChoosesTheAuthorizationScheme() {
    assertThat(NetBoxAdapterProvider.authorization(Secret.of(TOKEN)).reveal()).isEqualTo("Token " + TOKEN);
    assertThat(NetBoxAdapterProvider.authorization(Secret.of("nbt_abcdefghijkl.s3cr3t")).reveal())
        .isEqualTo("Bearer nbt_abcdefghijkl.s3cr3t");
    assertThat(NetBoxAdapterProvider.authorization(Secret.of("Bearer nbt_x.y")).reveal()).isEqualTo("Bearer nbt_x.y");
  }

  @Test
  void missingUrlAndTokenAreReportedTogetherNamingTheEnvironmentVariables() {
    assertThatThrownBy(() -> resolve(Map.of(), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("url").hasMessageContaining("NETBOX_ADDRESS or NETBOX_URL")
        .hasMessageContaining("token").hasMessageContaining("NETBOX_TOKEN");
  }

  @Test
  void mappingPathsOfAnyDepthResolveToApiPaths() {
    assertThat(ApiPath.of("netbox", "dcim.devices")).isEqualTo("/api/dcim/devices/");
    assertThat(ApiPath.of("netbox", "dcim.device_roles")).isEqualTo("/api/dcim/device-roles/");
    assertThat(ApiPath.of("netbox", "plugins.bgp.sessions")).isEqualTo("/api/plugins/bgp/sessions/");
    assertThat(ApiPath.of("netbox", "peering/autonomous-systems")).isEqualTo("/api/peering/autonomous-systems/");
    assertThatThrownBy(() -> ApiPath.of("netbox", "devices")).hasMessageContaining("dcim.devices");
    assertThatThrownBy(() -> ApiPath.of("netbox", "dcim..devices")).hasMessageContaining("not a resource path");
  }
}
