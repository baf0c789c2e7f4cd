package io.infrasync.adapters.infrahub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphQLTest {
  @Test
  void inputObjectsListsAndEscapedStringsBecomeLiterals() {
    Map<String, Object> input = Fixture.map("name", Fixture.map("value", "a \"quoted\"\nline ü"), "mtu",
        Fixture.map("value", 1500L), "ratio", Fixture.map("value", 0.5), "enabled", Fixture.map("value", true),
        "tags", List.of(Map.of("id", "t1")), "rack", null);
    assertThat(GraphQL.literal(input)).isEqualTo("{name: {value: \"a \\\"quoted\\\"\\nline ü\"}, mtu: {value: 1500},"
        + " ratio: {value: 0.5}, enabled: {value: true}, tags: [{id: \"t1\"}], rack: null}");
  }

  @Test
  void keysThatAreNotGraphQLNamesAndNonFiniteNumbersAreRefused() {
    assertThatThrownBy(() -> GraphQL.literal(Map.of("bad key) { x }", 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a GraphQL name");
    assertThatThrownBy(() -> GraphQL.literal(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
