package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.infrasync.ConfigurationException;
import io.infrasync.SyncException;
import io.infrasync.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed {@code config.yml} of {@link BadInputCorpus} is refused by {@link ConfigLoader#load}
 * with one {@link ConfigurationException}: problems that name the file, the line and column it
 * expects, and the word it expects; never an internal exception.
 */
class BadConfigTest {
  /** Any variable is set, except the ones the corpus uses to test unset variables. */
  static final Function<String, @Nullable String> ENV = name -> name.startsWith("MISSING_") ? null : "x";

  static Stream<BadInputCorpus.ConfigCase> configs() {
    return BadInputCorpus.allConfigs().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void aMalformedConfigIsRefusedWithFileLineColumnAndWhat(BadInputCorpus.ConfigCase c, @TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("config.yml"), c.yaml(), StandardCharsets.UTF_8);
    Throwable t = catchThrowable(() -> ConfigLoader.load(file, ENV));
    assertRefused(c, file, t);
  }

  static void assertRefused(BadInputCorpus.ConfigCase c, Path file, @Nullable Throwable t) {
    assertThat(t).as("%s must be refused", c.name()).isInstanceOf(ConfigurationException.class);
    ConfigurationException e = (ConfigurationException) t;
    List<ConfigurationException.Problem> problems = e.problems();
    assertThat(problems).isNotEmpty();
    assertThat(problems).allSatisfy(p -> assertThat(p.source()).endsWith("config.yml"));
    assertThat(e.getMessage()).contains(file.toString());
    if (c.line() == 0) {
      assertThat(problems).as(e.getMessage()).anySatisfy(p -> {
        assertThat(p.line()).isPositive();
        assertThat(p.column()).isPositive();
      });
    } else if (c.line() > 0) {
      assertThat(problems).as("a problem at line %d: %s", c.line(), e.getMessage()).anySatisfy(p -> {
        assertThat(p.line()).isEqualTo(c.line());
        assertThat(p.column()).isPositive();
      });
    }
    assertThat(BadInputCorpus.lower(e.getMessage())).contains(BadInputCorpus.lower(c.expect()));
    assertNoInternalLeak(e);
  }

  /** The message names no internal exception, and no internal exception is the cause. */
  static void assertNoInternalLeak(SyncException e) {
    assertThat(e.getMessage()).isNotBlank()
        .doesNotContain("NullPointerException", "ClassCastException", "IllegalStateException",
            "IndexOutOfBoundsException", "tools.jackson", "com.fasterxml", "UnsupportedOperationException",
            "NumberFormatException", "ArithmeticException");
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      assertThat(c).as("cause of %s", e.getMessage()).isNotInstanceOfAny(NullPointerException.class,
          ClassCastException.class, IllegalStateException.class, IndexOutOfBoundsException.class,
          UnsupportedOperationException.class, ArithmeticException.class);
    }
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("config.yml"), "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    Throwable t = catchThrowable(() -> ConfigLoader.load(file, ENV));
    assertThat(t).isInstanceOf(ConfigurationException.class).hasMessageContaining(file.toString())
        .hasMessageContaining("UTF-8");
  }

  @Test
  void aMissingFileIsAConfigurationErrorNamingIt(@TempDir Path dir) {
    Path file = dir.resolve("config.yml");
    assertThat(catchThrowable(() -> ConfigLoader.load(file, ENV))).isInstanceOf(SyncException.class)
        .hasMessageContaining(file.toString());
  }
}
