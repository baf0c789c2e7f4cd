package io.infrasync.internal.mapping;

import static io.infrasync.config.FilterOp.CONTAINS;
import static io.infrasync.config.FilterOp.EQ;
import static io.infrasync.config.FilterOp.GE;
import static io.infrasync.config.FilterOp.GT;
import static io.infrasync.config.FilterOp.IN;
import static io.infrasync.config.FilterOp.IS_EMPTY;
import static io.infrasync.config.FilterOp.IS_IP_WITHIN;
import static io.infrasync.config.FilterOp.IS_NOT_EMPTY;
import static io.infrasync.config.FilterOp.LE;
import static io.infrasync.config.FilterOp.LT;
import static io.infrasync.config.FilterOp.NE;
import static io.infrasync.config.FilterOp.NOT_CONTAINS;
import static io.infrasync.config.FilterOp.NOT_IN;
import static io.infrasync.config.FilterOp.REGEX;
import static io.infrasync.internal.mapping.Filters.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.ConfigurationException;
import io.infrasync.config.FilterOp;
import io.infrasync.config.FilterSpec;
import io.infrasync.config.SourceLocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiltersTest {

  @Test
  void everyOperationIsImplemented() {
    assertThat(FilterOp.values()).hasSize(14);
    for (FilterOp op : FilterOp.values()) {
      Object value = switch (op) {
        case GT, LT, GE, LE -> 1L;
        case IN, NOT_IN -> List.of("a");
        case REGEX -> "a";
        case IS_IP_WITHIN -> "10.0.0.0/8";
        default -> "a";
      };
      Filters.compile(new FilterSpec("f", op, value));
    }
  }

  @Test
  void equalityIsPythonEquality() {
    assertThat(apply(EQ, 1L, 1.0)).isTrue();
    assertThat(apply(EQ, 1.0, 1L)).isTrue();
    assertThat(apply(EQ, true, 1L)).isTrue();
    assertThat(apply(EQ, false, 0.0)).isTrue();
    assertThat(apply(EQ, "1", 1L)).isFalse();
    assertThat(apply(EQ, null, null)).isTrue();
    assertThat(apply(EQ, "", null)).isFalse();
    assertThat(apply(EQ, List.of(1L, "a"), List.of(1.0, "a"))).isTrue();
    assertThat(apply(EQ, Map.of("a", 1L), Map.of("a", 1.0))).isTrue();
    assertThat(apply(EQ, "active", "active")).isTrue();
    assertThat(apply(EQ, 9007199254740993L, 9007199254740992.0)).isFalse(); // exact, as Python
  }

  @Test
  void inequalityIsTheNegation() {
    assertThat(apply(NE, 1L, 1.0)).isFalse();
    assertThat(apply(NE, "a", "b")).isTrue();
    assertThat(apply(NE, null, "b")).isTrue();
  }

  @Test
  void comparisonsCoerceBothSidesLikePythonInt() {
    assertThat(apply(GT, "12", 10L)).isTrue();
    assertThat(apply(GT, " 12 ", "12")).isFalse();
    assertThat(apply(GE, "1_000", 1000L)).isTrue();
    assertThat(apply(LT, 9.9, 10L)).isTrue();
    assertThat(apply(LT, 10.9, 10L)).isFalse(); // int(10.9) == 10
    assertThat(apply(LE, -10.9, -10L)).isTrue(); // truncates toward zero
    assertThat(apply(GT, true, 0L)).isTrue();
    assertThat(apply(GE, "-5", -5L)).isTrue();
    assertThat(apply(GT, "+7", 6L)).isTrue();
    assertThat(apply(GT, "123456789012345678901234567890", 1L)).isTrue();
  }

  @Test
  void comparisonOfANonIntegerFieldIsAnError() {
    assertThatThrownBy(() -> apply(GT, "1.5", 1L)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot convert '1.5' to int");
    assertThatThrownBy(() -> apply(LT, null, 1L)).hasMessage("Cannot convert None to int");
    assertThatThrownBy(() -> apply(GE, "", 1L)).hasMessage("Cannot convert '' to int");
    assertThatThrownBy(() -> apply(LE, List.of(1L), 1L)).hasMessage("Cannot convert [1] to int");
    assertThatThrownBy(() -> apply(GT, "1__0", 1L)).hasMessage("Cannot convert '1__0' to int");
    assertThatThrownBy(() -> apply(GT, Double.NaN, 1L)).hasMessage("Cannot convert nan to int");
  }

  @Test
  void aComparisonValueThatIsNoIntegerIsAConfigurationError() {
    FilterSpec spec = new FilterSpec("u_height", GT, "tall", new SourceLocation("config.yml", 12, 9));
    assertThatThrownBy(() -> Filters.compile(spec)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("config.yml:12:9").hasMessageContaining("Cannot convert 'tall' to int");
  }

  @Test
  void inIsMembershipOrSubstringAndFalseForAnEmptyValue() {
    assertThat(apply(IN, "leaf", List.of("spine", "leaf"))).isTrue();
    assertThat(apply(IN, 1L, List.of(1.0))).isTrue();
    assertThat(apply(IN, "core", List.of("spine", "leaf"))).isFalse();
    assertThat(apply(IN, "af", "leaf")).isTrue();
    assertThat(apply(IN, "x", List.of())).isFalse();
    assertThat(apply(IN, "x", "")).isFalse();
    assertThat(apply(IN, null, List.of("a"))).isFalse();
    assertThat(apply(IN, null, Arrays.asList("a", null))).isTrue();
    assertThatThrownBy(() -> apply(IN, 5L, "leaf")).hasMessageContaining("requires string as left operand, not int");
  }

  @Test
  void notInIsTheNegatedMembership() {
    assertThat(apply(NOT_IN, "infra", List.of("infra", "mgmt"))).isFalse();
    assertThat(apply(NOT_IN, "tenant1", List.of("infra", "mgmt"))).isTrue();
    assertThat(apply(NOT_IN, "x", List.of())).isTrue();
    assertThat(apply(NOT_IN, "zz", "abc")).isTrue();
    assertThatThrownBy(() -> apply(NOT_IN, "x", null)).hasMessageContaining("argument of type 'NoneType' is not iterable");
  }

  @Test
  void containsNeedsATruthyField() {
    assertThat(apply(CONTAINS, "eth1/1", "eth")).isTrue();
    assertThat(apply(CONTAINS, "mgmt0", "eth")).isFalse();
    assertThat(apply(CONTAINS, List.of("a", "b"), "b")).isTrue();
    assertThat(apply(CONTAINS, Map.of("tag", 1L), "tag")).isTrue();
    assertThat(apply(CONTAINS, null, "eth")).isFalse();
    assertThat(apply(CONTAINS, "", "eth")).isFalse();
    assertThat(apply(CONTAINS, List.of(), "eth")).isFalse();
    assertThatThrownBy(() -> apply(CONTAINS, 5L, "eth")).hasMessageContaining("argument of type 'int' is not iterable");
  }

  @Test
  void notContainsIsFalseForAnEmptyFieldAsInPython() {
    assertThat(apply(NOT_CONTAINS, "mgmt0", "eth")).isTrue();
    assertThat(apply(NOT_CONTAINS, "eth1/1", "eth")).isFalse();
    assertThat(apply(NOT_CONTAINS, List.of("a"), "b")).isTrue();
    // `field and value not in field`: None and "" are falsy, so the record is filtered out
    assertThat(apply(NOT_CONTAINS, null, "eth")).isFalse();
    assertThat(apply(NOT_CONTAINS, "", "eth")).isFalse();
    assertThat(apply(NOT_CONTAINS, 0L, "eth")).isFalse();
  }

  @Test
  void emptinessFollowsPythonTruthiness() {
    for (Object empty : Arrays.asList(null, "", 0L, 0.0, false, List.of(), Map.of())) {
      assertThat(apply(IS_EMPTY, empty, null)).as("is_empty %s", empty).isTrue();
      assertThat(apply(IS_NOT_EMPTY, empty, null)).as("is_not_empty %s", empty).isFalse();
    }
    for (Object full : List.of(" ", "0", 1L, -0.5, true, List.of(""), Map.of("a", ""), "False")) {
      assertThat(apply(IS_EMPTY, full, null)).as("is_empty %s", full).isFalse();
      assertThat(apply(IS_NOT_EMPTY, full, null)).as("is_not_empty %s", full).isTrue();
    }
  }

  @Test
  void regexMatchesAtTheStartOnly() {
    assertThat(apply(REGEX, "leaf-01", "leaf")).isTrue();
    assertThat(apply(REGEX, "dc1-leaf-01", "leaf")).isFalse();
    assertThat(apply(REGEX, "dc1-leaf-01", ".*leaf")).isTrue();
    assertThat(apply(REGEX, "leaf-01x", "leaf-\\d+$")).isFalse();
    assertThat(apply(REGEX, "ab-ab", "(?P<x>ab)-(?P=x)")).isTrue();
  }

  @Test
  void regexOnANonStringFieldIsAnError() {
    assertThatThrownBy(() -> apply(REGEX, null, "a")).hasMessageContaining("expected string or bytes-like object, got 'NoneType'");
    assertThatThrownBy(() -> apply(REGEX, 12L, "1")).hasMessageContaining("got 'int'");
  }

  @Test
  void anInvalidPatternIsAConfigurationError() {
    assertThatThrownBy(() -> Filters.compile(new FilterSpec("name", REGEX, "(unclosed")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("invalid regular expression");
  }

  @Test
  void ipWithinAcceptsAddressesInterfacesNetworksAndRanges() {
    assertThat(apply(IS_IP_WITHIN, "10.1.2.3", "10.0.0.0/8")).isTrue();
    assertThat(apply(IS_IP_WITHIN, "11.1.2.3", "10.0.0.0/8")).isFalse();
    assertThat(apply(IS_IP_WITHIN, "10.0.0.1/24", "10.0.0.0/25")).isTrue(); // NetBox interface form
    assertThat(apply(IS_IP_WITHIN, "10.0.0.200/24", "10.0.0.0/25")).isFalse();
    assertThat(apply(IS_IP_WITHIN, "10.0.0.0/24", "10.0.0.0/16")).isTrue(); // a network inside
    assertThat(apply(IS_IP_WITHIN, "10.0.0.0/16", "10.0.0.0/24")).isFalse();
    assertThat(apply(IS_IP_WITHIN, "192.168.1.5", List.of("10.0.0.0/8", "192.168.0.0/16"))).isTrue();
    assertThat(apply(IS_IP_WITHIN, "10.0.0.5", "10.0.0.1-10.0.0.9")).isTrue();
    assertThat(apply(IS_IP_WITHIN, "10.0.0.10", "10.0.0.1-10.0.0.9")).isFalse();
    assertThat(apply(IS_IP_WITHIN, "10.0.0.7", "10.0.0.7")).isTrue();
    assertThat(apply(IS_IP_WITHIN, "0.0.0.0", "0.0.0.0/0")).isTrue();
  }

  @Test
  void ipWithinWorksForIpv6AndNeverMixesVersions() {
    assertThat(apply(IS_IP_WITHIN, "2001:db8::1", "2001:db8::/32")).isTrue();
    assertThat(apply(IS_IP_WITHIN, "2001:db8::1/64", "2001:db8::/48")).isTrue();
    assertThat(apply(IS_IP_WITHIN, "2001:db9::1", "2001:db8::/32")).isFalse();
    assertThat(apply(IS_IP_WITHIN, "::ffff:10.0.0.1", "10.0.0.0/8")).isFalse();
    assertThat(apply(IS_IP_WITHIN, "::ffff:10.0.0.1", "::ffff:0:0/96")).isTrue();
    assertThat(apply(IS_IP_WITHIN, "10.0.0.1", "::/0")).isFalse();
    assertThat(apply(IS_IP_WITHIN, "2001:db8::1", List.of("10.0.0.0/8", "2001:db8::/32"))).isTrue();
  }

  @Test
  void ipWithinRejectsBadAddressesWithoutDnsLookups() {
    assertThatThrownBy(() -> apply(IS_IP_WITHIN, "router1.example.com", "10.0.0.0/8"))
        .hasMessageContaining("does not appear to be an IPv4 or IPv6 address");
    assertThatThrownBy(() -> apply(IS_IP_WITHIN, "10.0.0.256", "10.0.0.0/8")).hasMessageContaining("does not appear");
    assertThatThrownBy(() -> apply(IS_IP_WITHIN, "010.0.0.1", "10.0.0.0/8")).hasMessageContaining("does not appear");
    assertThatThrownBy(() -> apply(IS_IP_WITHIN, null, "10.0.0.0/8")).hasMessageContaining("None");
    assertThatThrownBy(() -> apply(IS_IP_WITHIN, "10.0.0.1/33", "10.0.0.0/8")).hasMessageContaining("prefix length");
  }

  @Test
  void ipWithinValuesAreCheckedAtCompileTime() {
    assertThatThrownBy(() -> Filters.compile(new FilterSpec("address", IS_IP_WITHIN, "10.0.0.1/8")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("has host bits set");
    assertThatThrownBy(() -> Filters.compile(new FilterSpec("address", IS_IP_WITHIN, List.of("10.0.0.0/8", 5L))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("expected a CIDR string");
  }

  @Test
  void aCompiledFilterReadsItsDottedPath() {
    Filters.Compiled f = Filters.compile(new FilterSpec("status.value", EQ, "active"));
    Map<String, Object> status = new HashMap<>();
    status.put("value", "active");
    assertThat(f.test(Map.of("status", status))).isTrue();
    assertThat(f.test(Map.of("status", Map.of("value", "planned")))).isFalse();
    assertThat(f.test(Map.of("other", 1L))).isFalse();
    Filters.Compiled first = Filters.compile(new FilterSpec("tags.0.name", EQ, "core"));
    List<Object> tags = new ArrayList<>(List.of(Map.of("name", "core"), Map.of("name", "edge")));
    assertThat(first.test(Map.of("tags", tags))).isTrue();
  }
}
