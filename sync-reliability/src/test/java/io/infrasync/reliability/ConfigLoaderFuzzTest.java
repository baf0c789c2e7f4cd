package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.infrasync.ConfigurationException;
import io.infrasync.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over {@link ConfigLoader#parse}: every upstream example configuration is
 * mutated (characters that matter to YAML inserted, spans deleted or repeated, lines swapped,
 * re-indented or spliced from another file) and parsed. Only two outcomes are allowed: a
 * configuration, or a {@link ConfigurationException} whose problems each carry a message; anything
 * else fails the test with the seed, the iteration and the input.
 *
 * <p>{@code -Dreliability.seed=<n>}; CI 3,000 iterations, nightly 100,000.
 */
class ConfigLoaderFuzzTest {
  private static final int ITERATIONS = ChildSync.nightly() ? 100_000 : 3_000;
  private static final String YAML_CHARS = ":-[]{}#&*!|>'\"%@`,?\t\n \\$<=~0.1xé\u0000\uFEFF";

  @Test
  void onlyConfigurationsOrConfigurationExceptionsComeOut() {
    long seed = Long.getLong("reliability.seed", System.nanoTime() % 1_000_000);
    Random rnd = new Random(seed);
    List<String> corpus = new ArrayList<>();
    for (Path p : BadInputCorpus.upstreamConfigs()) {
      try {
        corpus.add(Files.readString(p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    int loaded = 0;
    int refused = 0;
    long problems = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      String input = mutate(corpus.get(rnd.nextInt(corpus.size())), corpus, rnd);
      try {
        ConfigLoader.parse(input, "fuzz.yml", null, BadConfigTest.ENV);
        loaded++;
      } catch (ConfigurationException e) {
        refused++;
        problems += e.problems().size();
        assertThat(e.problems()).isNotEmpty();
        assertThat(e.problems()).allSatisfy(p -> {
          assertThat(p.message()).isNotBlank();
          assertThat(p.source()).isEqualTo("fuzz.yml");
        });
        BadConfigTest.assertNoInternalLeak(e);
      } catch (Throwable t) {
        throw new AssertionError("seed " + seed + ", iteration " + i + ": " + t + "\ninput:\n" + input, t);
      }
    }
    System.out.printf("[fuzz] config loader, seed %d: %d inputs, %d loaded, %d refused with %d problems, 0 other"
        + " exceptions%n", seed, ITERATIONS, loaded, refused, problems);
    assertThat(refused).as("the mutations must reach the error paths").isPositive();
  }

  static String mutate(String text, List<String> corpus, Random rnd) {
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + rnd.nextInt(4);
    for (int e = 0; e < edits && sb.length() > 0; e++) {
      int at = rnd.nextInt(sb.length());
      switch (rnd.nextInt(7)) {
        case 0 -> sb.insert(at, YAML_CHARS.charAt(rnd.nextInt(YAML_CHARS.length())));
        case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + rnd.nextInt(40)));
        case 2 -> {
          int end = Math.min(sb.length(), at + 1 + rnd.nextInt(80));
          sb.insert(end, sb.substring(at, end));
        }
        case 3 -> sb.setCharAt(at, YAML_CHARS.charAt(rnd.nextInt(YAML_CHARS.length())));
        default -> {
          List<String> lines = new ArrayList<>(List.of(sb.toString().split("\n", -1)));
          int l = rnd.nextInt(lines.size());
          switch (rnd.nextInt(3)) {
            case 0 -> {
              int m = rnd.nextInt(lines.size());
              String t = lines.get(l);
              lines.set(l, lines.get(m));
              lines.set(m, t);
            }
            case 1 -> lines.set(l, " ".repeat(rnd.nextInt(9)) + lines.get(l).stripLeading());
            default -> {
              String[] other = corpus.get(rnd.nextInt(corpus.size())).split("\n", -1);
              lines.add(l, other[rnd.nextInt(other.length)]);
            }
          }
          sb = new StringBuilder(String.join("\n", lines));
        }
      }
    }
    return sb.toString();
  }
}
