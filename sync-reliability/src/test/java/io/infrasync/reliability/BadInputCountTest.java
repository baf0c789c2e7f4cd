package io.infrasync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bad-input corpus is as large as docs/reliability.md says, and its cases are distinct. */
class BadInputCountTest {
  @Test
  void theCorpusHoldsAtLeast200DistinctMalformedInputs() {
    List<BadInputCorpus.ConfigCase> configs = BadInputCorpus.allConfigs();
    List<BadPayloadCorpus.PayloadCase> payloads = BadPayloadCorpus.all();
    List<BadCacheCorpus.CacheCase> caches = BadCacheCorpus.all();
    int fileLevel = 2; // BadConfigTest: a file that is not UTF-8, a missing file
    // bad Jinja templates (with the four Jinjava once rendered), an identifier-reference cycle
    int mapping = BadMappingTest.templates().size() + BadMappingTest.formerlyLenient().size() + 1;
    int total = configs.size() + fileLevel + payloads.size() + caches.size() + mapping;
    System.out.printf("[bad-input] corpus: %d configs (%d mutated upstream examples + %d hand-written + %d file-level),"
            + " %d templates and cycles, %d server payloads, %d cache files: %d in all%n", configs.size() + fileLevel,
        BadInputCorpus.mutatedUpstreamConfigs().size(), BadInputCorpus.handWritten().size(), fileLevel, mapping,
        payloads.size(), caches.size(), total);
    assertThat(total).isGreaterThanOrEqualTo(200);
    assertThat(configs.size()).isGreaterThanOrEqualTo(100);
    assertThat(payloads.size()).isGreaterThanOrEqualTo(50);
    assertThat(caches.size()).isGreaterThanOrEqualTo(50);
    assertThat(configs).extracting(BadInputCorpus.ConfigCase::yaml).doesNotHaveDuplicates();
    assertThat(payloads).extracting(BadPayloadCorpus.PayloadCase::toString).doesNotHaveDuplicates();
    assertThat(caches).extracting(BadCacheCorpus.CacheCase::toString).doesNotHaveDuplicates();
    // every upstream example contributes mutations
    assertThat(BadInputCorpus.upstreamConfigs()).allSatisfy(file -> assertThat(BadInputCorpus.mutatedUpstreamConfigs())
        .anySatisfy(c -> assertThat(c.name()).startsWith(
            BadInputCorpus.shared().resolve("upstream-examples").relativize(file).toString())));
  }
}
