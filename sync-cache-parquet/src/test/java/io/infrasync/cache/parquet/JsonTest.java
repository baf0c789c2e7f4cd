package io.infrasync.cache.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.Key;
import io.infrasync.cache.parquet.internal.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Expected strings are what CPython 3.11's json.dumps prints for the same values. */
class JsonTest {
  @Test
  void dumpsLikePythonWithSortedKeysAndSpacedSeparators() {
    Map<String, Object> m = new TreeMap<>();
    m.put("b", List.of(1L, 2.5, true));
    m.put("a", Arrays.asList("x", null));
    m.put("c", Map.of("z", 1L, "y", Map.of()));
    m.put("k", Key.of("dev", Key.of("site")));
    assertThat(Json.dumps(m))
        .isEqualTo("{\"a\": [\"x\", null], \"b\": [1, 2.5, true], \"c\": {\"y\": {}, \"z\": 1}, \"k\": \"dev__site\"}");
  }

  @Test
  void prettyPrintsLikePythonIndentTwo() {
    Map<String, Object> m = Map.of("runs_since_full", 3L, "A", Map.of("K", "TIMESTAMP:x"), "B", Map.of(), "L", List.of(1L, 2L), "E", List.of());
    assertThat(Json.pretty(m))
        .isEqualTo(
            "{\n  \"A\": {\n    \"K\": \"TIMESTAMP:x\"\n  },\n  \"B\": {},\n  \"E\": [],\n  \"L\": [\n    1,\n    2\n  ],\n"
                + "  \"runs_since_full\": 3\n}");
  }

  @Test
  void escapesLikePythonEnsureAscii() {
    assertThat(Json.dumps("a\"b\\c\n\t\u0001\u007f\u00e9\u4e2d\ud83d\ude00"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\\u00e9\\u4e2d\\ud83d\\ude00\"");
  }

  @Test
  void formatsFloatsLikePythonRepr() {
    assertThat(Json.dumps(List.of(1.0, 0.1, 1e16, 1.5e16, 1e15, 0.0001, 0.00001, 123456789.125, -2.5e-7, 1e22, -0.0)))
        .isEqualTo("[1.0, 0.1, 1e+16, 1.5e+16, 1000000000000000.0, 0.0001, 1e-05, 123456789.125, -2.5e-07, 1e+22, -0.0]");
    assertThat(Json.dumps(List.of(Double.NaN, Double.POSITIVE_INFINITY))).isEqualTo("[NaN, Infinity]");
  }

  @Test
  void parsesIntoTheValueDomain() {
    assertThat(Json.parse("{\"a\": [1, 2.5, \"x\", null, true], \"b\": {\"c\": 99999999999999999999}}"))
        .isEqualTo(Map.of("a", Arrays.asList(1L, 2.5, "x", null, true), "b", Map.of("c", "99999999999999999999")));
    assertThat(Json.parse("NaN")).isEqualTo(Double.NaN);
  }

  @Test
  void rejectsTornOrEmptyJson() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("{} {}")).isInstanceOf(IllegalArgumentException.class);
  }
}
