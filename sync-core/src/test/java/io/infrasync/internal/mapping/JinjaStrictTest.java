package io.infrasync.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.ConfigurationException;
import io.infrasync.MappingException;
import io.infrasync.config.SourceLocation;
import io.infrasync.config.TransformSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Where Jinjava is more lenient than Jinja2, transforms follow Jinja2: what Jinja refuses when it
 * compiles a template (syntax, unknown filters and tests) is a configuration error, and what raises
 * while it renders (TypeError, ZeroDivisionError) fails the record instead of writing a value.
 */
class JinjaStrictTest {
  private static final SourceLocation AT = new SourceLocation("config.yml", 12, 9);

  private static @Nullable Object eval(String expression, @Nullable Object... kv) {
    Map<String, @Nullable Object> r = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      r.put((String) kv[i], kv[i + 1]);
    }
    Transforms.compile("LocationSite", List.of(new TransformSpec("label", expression, AT)), TransformFunctions.NONE)
        .apply(r, "7");
    return r.get("label");
  }

  @Test
  void divisionByZeroFailsTheRecordNamingKindRecordAndTransform() {
    for (String expr : List.of("{{ 1 / 0 }}", "{{ n / 0.0 }}", "{{ n % 0 }}", "{{ 2.5 % 0 }}", "{{ n // 0 }}", "{{ 5.0 // 0 }}", "x{{ 1 / 0 }}")) {
      assertThatThrownBy(() -> eval(expr, "n", 5L)).as(expr)
          .isInstanceOf(MappingException.class)
          .hasMessageContaining("`LocationSite` record 7")
          .hasMessageContaining("transform of `label`")
          .hasMessageContaining("config.yml:12:9")
          .hasMessageContaining(expr)
          .hasMessageContaining("ZeroDivisionError")
          .hasMessageNotContaining("ArithmeticException");
    }
  }

  @Test
  void operandsPythonRefusesAreATypeError() {
    Map<String, String> cases = Map.of(
        "{{ name | int + 'a' }}", "unsupported operand type(s) for +: 'int' and 'str'",
        "{{ 'a' + 1 }}", "can only concatenate str (not \"int\") to str",
        "{{ '5' - 1 }}", "unsupported operand type(s) for -: 'str' and 'int'",
        "{{ v + 1 }}", "unsupported operand type(s) for +: 'NoneType' and 'int'",
        "{{ [1] + 'a' }}", "can only concatenate list (not \"str\") to list",
        "{{ {'a': 1} + {'b': 2} }}", "unsupported operand type(s) for +: 'dict' and 'dict'",
        "{{ '6' / 2 }}", "unsupported operand type(s) for /: 'str' and 'int'",
        "{{ 'a' * 'b' }}", "can't multiply sequence by non-int of type 'str'",
        "{{ '10' < 5 }}", "'<' not supported between instances of 'str' and 'int'",
        "{{ v >= 1 }}", "'>=' not supported between instances of 'NoneType' and 'int'");
    cases.forEach((expr, message) -> assertThatThrownBy(() -> eval(expr, "name", "ams1", "v", null)).as(expr)
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("TypeError: " + message)
        .hasMessageContaining("`LocationSite` record 7"));
    assertThatThrownBy(() -> eval("{{ '6' // 2 }}")).isInstanceOf(MappingException.class)
        .hasMessageContaining("TypeError: unsupported operand type(s) for //: 'str' and 'int'");
  }

  @Test
  void operandsPythonAcceptsKeepTheirPythonResult() {
    assertThat(eval("{{ 'a' + 'b' }}")).isEqualTo("ab");
    assertThat(eval("{{ [1] + [2] }}")).isEqualTo(List.of(1L, 2L));
    assertThat(eval("{{ 1 + true }}")).isEqualTo(2L);
    assertThat(eval("{{ 7 / 2 }}")).isEqualTo(3.5);
    assertThat(eval("{{ 6 / 3 }}")).isEqualTo(2.0);
    assertThat(eval("{{ 7 - 2.5 }}")).isEqualTo(4.5);
    assertThat(eval("{{ (-7) % 3 }}")).isEqualTo(2L);
    assertThat(eval("{{ 7 % -3 }}")).isEqualTo(-2L);
    assertThat(eval("{{ (0 - 7.5) % 2 }}")).isEqualTo(0.5);
    assertThat(eval("{{ 'ab' * 2 }}")).isEqualTo("abab");
    assertThat(eval("{{ 7 // 2 }}")).isEqualTo(3L);
    assertThat(eval("{{ (0 - 7) // 2 }}")).isEqualTo(-4L);
    assertThat(eval("{{ 7.5 // 2 }}")).isEqualTo(3.0);
    assertThat(eval("{{ 2 * [0] }}")).isEqualTo(List.of(0L, 0L));
    assertThat(eval("{{ 'a' < 'b' }}")).isEqualTo(true);
    assertThat(eval("{{ 2 < 3.5 }}")).isEqualTo(true);
    assertThat(eval("{{ 'x' ~ 1 }}")).isEqualTo("x1");
    assertThat(eval("{{ 0 if (s | float) < 0 else (s | float) }}", "s", "-1")).isEqualTo(0L);
  }

  @Test
  void unknownFiltersAndTestsAndAForWithoutIterableAreRefusedAtCompile() {
    List<TransformSpec> specs = List.of(
        new TransformSpec("a", "{{ name | no_such_filter }}", new SourceLocation("config.yml", 20, 9)),
        new TransformSpec("b", "{% if name is no_such_test %}x{% endif %}", new SourceLocation("config.yml", 22, 9)),
        new TransformSpec("c", "{% for x in %}{% endfor %}", new SourceLocation("config.yml", 24, 9)),
        new TransformSpec("d", "{% for x in items | nope %}{{ x }}{% endfor %}", new SourceLocation("config.yml", 26, 9)),
        new TransformSpec("e", "{% set y = name | nada %}{{ y }}", new SourceLocation("config.yml", 28, 9)),
        new TransformSpec("ok", "{% for k, v in d.items() %}{{ k | upper }}{% endfor %}{{ name is defined }}"));
    assertThatThrownBy(() -> Transforms.compile("LocationSite", specs, TransformFunctions.NONE))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(5);
          assertThat(e.getMessage())
              .contains("config.yml:20:9", "no filter named 'no_such_filter'")
              .contains("config.yml:22:9", "no test named 'no_such_test'")
              .contains("config.yml:24:9", "expected `for <name> in <iterable>`")
              .contains("config.yml:26:9", "no filter named 'nope'")
              .contains("config.yml:28:9", "no filter named 'nada'");
        });
  }

  @Test
  void anAdaptersFilterIsKnownAtCompile() {
    TransformFunctions aci = TransformFunctions.builder().filter("aci_device_name", (v, args, r) -> "leaf-" + v).build();
    Map<String, @Nullable Object> r = new HashMap<>(Map.of("node", "101"));
    Transforms.compile("DcimDevice", List.of(new TransformSpec("name", "{{ node | aci_device_name }}")), aci).apply(r, "1");
    assertThat(r).containsEntry("name", "leaf-101");
  }

  @Test
  void theLoadTimeCheckRefusesSyntaxAndUnknownTestsAndWarnsOfUnknownFilters() {
    assertThat(TemplateCheck.check("{{ name | lower }}{% if x is defined %}{{ lookup('m') }}{% endif %}"))
        .isEqualTo(new TemplateCheck.Result(List.of(), List.of()));
    assertThat(TemplateCheck.check("{% for x in %}{% endfor %}").errors()).singleElement().asString().contains("for");
    assertThat(TemplateCheck.check("{{ name ").errors()).isNotEmpty();
    assertThat(TemplateCheck.check("{{ name.split( }}").errors()).isNotEmpty();
    assertThat(TemplateCheck.check("{{ x is no_such_test }}").errors()).singleElement().asString()
        .contains("no test named 'no_such_test'");
    TemplateCheck.Result r = TemplateCheck.check("{{ x | aci_device_name }}");
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).singleElement().asString().contains("no filter named 'aci_device_name'");
  }
}
