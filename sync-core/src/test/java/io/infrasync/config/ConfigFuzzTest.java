package io.infrasync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.infrasync.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated real configurations: the loader either loads them or throws a {@link ConfigurationException}
 * whose problems all have a line (never another exception, never a problem without a location).
 */
class ConfigFuzzTest {
  private static final String[] SNIPPETS = {":", "- ", "\n", "  ", "[", "]", "{", "}", "&a ", "*a", "<<: ", "${", "'", "\"",
      "#", "null", "name", "fields:", "static: ", "reference: X", "\t", "---\n", "!!str ", "? "};

  @Test
  void mutatedConfigurationsNeverFailWithAnythingButProblemsWithLocations() throws IOException {
    Path netbox = TestFiles.shared().resolve("upstream-examples/netbox_to_infrahub/config.yml");
    Path aci = TestFiles.shared().resolve("upstream-examples/aci_to_infrahub/config.yml");
    List<String> seeds = List.of(Files.readString(netbox), Files.readString(aci));
    Random random = new Random(20261123L);
    int loaded = 0;
    for (int i = 0; i < 1000; i++) {
      StringBuilder text = new StringBuilder(seeds.get(i % seeds.size()));
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.insert(at, SNIPPETS[random.nextInt(SNIPPETS.length)]);
          case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(20)));
          default -> text.setCharAt(at, (char) (' ' + random.nextInt(95)));
        }
      }
      try {
        ConfigLoader.parse(text.toString(), "fuzz.yml", null, UpstreamExamplesTest.ENV_LOOKUP);
        loaded++;
      } catch (ConfigurationException e) {
        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.line()).as("%s", p).isPositive());
      } catch (RuntimeException e) {
        fail("mutation " + i + " failed with " + e + " for:\n" + text, e);
      }
    }
    assertThat(loaded).as("some mutations (comments, values) still load").isPositive();
  }
}
