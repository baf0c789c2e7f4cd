package io.infrasync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.infrasync.ConfigurationException;
import io.infrasync.ConfigurationException.Problem;
import io.infrasync.internal.config.ConfigReader;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Helpers for configuration tests: parse inline YAML and locate text in it. */
final class ConfigTesting {
  static final String HEADER = """
      name: test-sync
      source:
        name: netbox
      destination:
        name: infrahub
      """;

  private ConfigTesting() {}

  static SyncConfig load(String yaml) {
    return load(yaml, Map.of());
  }

  static SyncConfig load(String yaml, Map<String, String> env) {
    Function<String, @Nullable String> lookup = env::get;
    return ConfigLoader.parse(yaml, "config.yml", null, lookup);
  }

  /** Every error of {@code yaml}; fails when it loads. */
  static List<Problem> errors(String yaml) {
    return errors(yaml, Map.of());
  }

  static List<Problem> errors(String yaml, Map<String, String> env) {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> load(yaml, env));
    assertThat(e).as("expected a ConfigurationException").isNotNull();
    return e.problems();
  }

  /** The warnings of a configuration that loads. */
  static List<Problem> warnings(String yaml) {
    ConfigReader.Result r = ConfigReader.parse(yaml, "config.yml", null, null, name -> null);
    assertThat(r.errors()).isEmpty();
    return r.warnings();
  }

  /** The single error about {@code path}. */
  static Problem errorAt(List<Problem> problems, String path) {
    List<Problem> matching = problems.stream().filter(p -> p.path().equals(path)).toList();
    assertThat(matching).as("problems at %s in %s", path, problems).hasSize(1);
    return matching.get(0);
  }

  /** Line and column (1-based) of the first occurrence of {@code needle} in {@code yaml}. */
  static int[] position(String yaml, String needle) {
    int offset = yaml.indexOf(needle);
    assertThat(offset).as("%s in yaml", needle).isGreaterThanOrEqualTo(0);
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (yaml.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }

  /** Asserts that {@code p} points at the first occurrence of {@code needle}. */
  static void assertPointsAt(Problem p, String yaml, String needle) {
    int[] pos = position(yaml, needle);
    assertThat(new int[] {p.line(), p.column()}).as("line:column of %s", p).containsExactly(pos);
  }
}
