package io.infrasync.config;

import static io.infrasync.config.ConfigTesting.assertPointsAt;
import static io.infrasync.config.ConfigTesting.errors;
import static io.infrasync.config.ConfigTesting.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.ConfigurationException.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${VAR}} expansion in adapter settings. */
class EnvExpansionTest {
  private static String withSourceSettings(String settings) {
    return "name: t\nsource:\n  name: netbox\n  settings:\n" + settings.indent(4) + "destination:\n  name: infrahub\n";
  }

  @Test
  void placeholdersAreExpandedWholeAndInsideLongerStrings() {
    SyncConfig c = load(withSourceSettings("""
        url: https://${HOST}:${PORT}/api
        token: ${TOKEN}
        """), Map.of("HOST", "netbox.example", "PORT", "8443", "TOKEN", "t0ken"));

    assertThat(c.source().settings()).containsEntry("url", "https://netbox.example:8443/api").containsEntry("token", "t0ken");
  }

  @Test
  void nestedMapsAndListsAreExpanded() {
    SyncConfig c = load(withSourceSettings("""
        auth:
          user: ${USER_NAME}
          headers: ["X-Key: ${KEY}", plain]
        """), Map.of("USER_NAME", "svc", "KEY", "k1"));

    assertThat(c.source().settings().get("auth")).isEqualTo(Map.of("user", "svc", "headers", List.of("X-Key: k1", "plain")));
  }

  @Test
  void defaultsApplyWhenTheVariableIsUnsetOrEmpty() {
    SyncConfig c = load(withSourceSettings("""
        a: ${UNSET:-fallback}
        b: ${EMPTY:-fallback}
        c: ${SET:-fallback}
        d: ${UNSET:-}
        e: ${EMPTY}
        """), Map.of("EMPTY", "", "SET", "given"));

    assertThat(c.source().settings()).containsEntry("a", "fallback").containsEntry("b", "fallback")
        .containsEntry("c", "given").containsEntry("d", "").containsEntry("e", "");
  }

  @Test
  void doubleDollarEscapesAPlaceholder() {
    SyncConfig c = load(withSourceSettings("""
        template: "$${NOT_A_VAR} and ${VAR}"
        password: pa$$word$
        """), Map.of("VAR", "v", "NOT_A_VAR", "wrong"));

    assertThat(c.source().settings()).containsEntry("template", "${NOT_A_VAR} and v").containsEntry("password", "pa$$word$");
  }

  @Test
  void valuesWithoutPlaceholdersKeepTheirYamlType() {
    SyncConfig c = load(withSourceSettings("""
        verify_ssl: false
        timeout: 30
        ratio: 0.5
        port: ${PORT}
        """), Map.of("PORT", "8080"));

    assertThat(c.source().settings()).containsEntry("verify_ssl", false).containsEntry("timeout", 30L)
        .containsEntry("ratio", 0.5).containsEntry("port", "8080");
  }

  @Test
  void aMissingVariableIsAProblemNamingTheVariableAndTheLocation() {
    String yaml = withSourceSettings("""
        url: https://${HOST}/api
        nested:
          - ${SECOND}
        """);
    List<Problem> p = errors(yaml, Map.of());

    assertThat(p).extracting(Problem::path).containsExactly("source.settings.url", "source.settings.nested[0]");
    assertThat(p.get(0).message()).isEqualTo("environment variable `HOST` is not set (give it a value, or a default with `${HOST:-default}`)");
    assertThat(p.get(1).message()).contains("`SECOND`");
    assertPointsAt(p.get(0), yaml, "https://");
    assertPointsAt(p.get(1), yaml, "${SECOND}");
  }

  @Test
  void malformedPlaceholdersAreProblemsThatDoNotEchoTheValue() {
    List<Problem> p = errors(withSourceSettings("""
        a: "secret${OPEN"
        b: "secret${1BAD}"
        """), Map.of());

    assertThat(p).extracting(Problem::message).containsExactly(
        "unterminated placeholder at character 7: `${` without a closing `}` (write `$${` for a literal `${`)",
        "invalid placeholder at character 7: a variable name must match [A-Za-z_][A-Za-z0-9_]* (write `$${` for a literal `${`)");
    assertThat(p).extracting(Problem::toString).noneSatisfy(m -> assertThat(m).contains("secret"));
  }

  @Test
  void onlyAdapterSettingsAreExpanded() {
    SyncConfig c = load("""
        name: t
        store:
          type: redis
          settings: {password: "${REDIS}"}
        source: {name: netbox, settings: {url: "${URL}"}}
        destination: {name: infrahub, settings: {url: "${URL}"}}
        schema_mapping:
          - name: Tag
            mapping: "${NOT_EXPANDED}"
            fields:
              - {name: name, static: "${ALSO_NOT}"}
        """, Map.of("URL", "u", "REDIS", "r"));

    assertThat(c.source().settings()).containsEntry("url", "u");
    assertThat(c.destination().settings()).containsEntry("url", "u");
    assertThat(java.util.Objects.requireNonNull(c.store()).settings()).containsEntry("password", "${REDIS}");
    assertThat(c.schemaMapping().get(0).mapping()).isEqualTo("${NOT_EXPANDED}");
    assertThat(c.schemaMapping().get(0).fields().get(0).staticValue()).isEqualTo("${ALSO_NOT}");
  }

  @Test
  void nullSettingsAreTreatedAsUnset() {
    SyncConfig c = load(withSourceSettings("""
        token:
        url: x
        """));

    assertThat(c.source().settings()).containsOnlyKeys("url");
  }
}
