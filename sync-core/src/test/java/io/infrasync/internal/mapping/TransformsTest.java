package io.infrasync.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infrasync.ConfigurationException;
import io.infrasync.MappingException;
import io.infrasync.config.SourceLocation;
import io.infrasync.config.TransformSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TransformsTest {

  private static Map<String, @Nullable Object> record(@Nullable Object... kv) {
    Map<String, @Nullable Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Runs one transform writing {@code out} and returns the record. */
  private static Map<String, @Nullable Object> run(String expression, Map<String, @Nullable Object> record) {
    Transforms.compile("InfraDevice", List.of(new TransformSpec("out", expression)), TransformFunctions.NONE).apply(record, "42");
    return record;
  }

  private static @Nullable Object eval(String expression, @Nullable Object... kv) {
    return run(expression, record(kv)).get("out");
  }

  @Test
  void aSingleExpressionGivesItsNativeValue() {
    assertThat(eval("{{ n + 1 }}", "n", 41L)).isEqualTo(42L);
    assertThat(eval("{{ 7 / 2 }}")).isEqualTo(3.5);
    assertThat(eval("{{ flag }}", "flag", true)).isEqualTo(true);
    assertThat(eval("{{ tags }}", "tags", List.of("a", "b"))).isEqualTo(List.of("a", "b"));
    assertThat(eval("{{ {'a': 1} }}")).isEqualTo(Map.of("a", 1L));
    assertThat(eval("{{ [1, 'x', none] }}")).isEqualTo(Arrays.asList(1L, "x", null));
    assertThat(eval("{{ u|float|round(0, 'ceil') }}", "u", 1.2)).isEqualTo(2.0);
  }

  @Test
  void aStringResultIsReadAsAPythonLiteralLikeNativeConcat() {
    assertThat(eval("{{ net.split('/')[1] }}", "net", "10.0.0.0/24")).isEqualTo(24L);
    assertThat(eval("{{ s }}", "s", "True")).isEqualTo(true);
    assertThat(eval("{{ s }}", "s", "[1, 2]")).isEqualTo(List.of(1L, 2L));
    assertThat(eval("{{ s }}", "s", "10.0.0.1/24")).isEqualTo("10.0.0.1/24");
    assertThat(eval("{{ s }}", "s", " 7")).isEqualTo(" 7");
  }

  @Test
  void aRenderedTemplateIsTextOrALiteral() {
    assertThat(eval("{{ ip }}/{{ net.split('/')[1] }}", "ip", "10.0.0.1", "net", "10.0.0.0/24")).isEqualTo("10.0.0.1/24");
    assertThat(eval("{{ a }}{{ b }}", "a", 1L, "b", 2L)).isEqualTo(12L);
    assertThat(eval("x{{ v }}", "v", null)).isEqualTo("xNone");
    assertThat(eval("x{{ v }}", "v", true)).isEqualTo("xTrue");
    assertThat(eval("x{{ v }}", "v", 2.0)).isEqualTo("x2.0");
    assertThat(eval("[{{ v }}]", "v", "'a'")).isEqualTo(List.of("a"));
    assertThat(eval("{% for t in tags %}{{ t.name }},{% endfor %}", "tags", List.of(Map.of("name", "a"), Map.of("name", "b"))))
        .isEqualTo("a,b,");
    // trim_blocks drops the newline after a block tag; lstrip_blocks strips blanks before block tags only
    assertThat(eval("{% if x %}\n{{ y }}\n{% endif %}", "x", true, "y", "5")).isEqualTo(5L);
    assertThat(eval("{% if x %}\n  {{ y }}\n  {% endif %}", "x", true, "y", "5")).isEqualTo("  5\n");
    assertThat(eval("{{ x }}\n", "x", "abc")).isEqualTo("abc");
    assertThat(eval("{{- x -}}", "x", "abc")).isEqualTo("abc");
    assertThat(eval("  {{ x }} ", "x", "abc")).isEqualTo("  abc ");
  }

  @Test
  void noneLeavesTheFieldUnsetAndFalsyValuesAreAssigned() {
    Map<String, @Nullable Object> r = run("{{ none }}", record("out", "before"));
    assertThat(r).containsEntry("out", "before");
    assertThat(run("{{ v }}", record("v", null))).doesNotContainKey("out");
    assertThat(run("{% if x %}{{ x }}{% endif %}", record("x", ""))).doesNotContainKey("out");
    assertThat(run("{{ '' }}", record())).containsEntry("out", "");
    assertThat(run("{{ 0 }}", record())).containsEntry("out", 0L);
    assertThat(run("{{ false }}", record())).containsEntry("out", false);
    assertThat(run("{{ [] }}", record())).containsEntry("out", List.of());
    assertThat(run("{{ s }}", record("s", "None"))).doesNotContainKey("out");
    assertThat(run("", record())).doesNotContainKey("out");
  }

  @Test
  void laterTransformsSeeEarlierResultsAndBlockVariablesDoNotLeak() {
    Map<String, @Nullable Object> r = record("name", "Leaf-01");
    Transforms.compile("InfraDevice", List.of(
        new TransformSpec("lower", "{{ name.lower() }}"),
        new TransformSpec("label", "{% set suffix = '-x' %}{{ lower }}{{ suffix }}")), TransformFunctions.NONE).apply(r, "1");
    assertThat(r).containsEntry("lower", "leaf-01").containsEntry("label", "leaf-01-x");

    Transforms leaky = Transforms.compile("InfraDevice", List.of(
        new TransformSpec("a", "{% set hidden = 1 %}{{ hidden }}"),
        new TransformSpec("b", "{{ hidden }}")), TransformFunctions.NONE);
    assertThatThrownBy(() -> leaky.apply(record(), "1")).isInstanceOf(MappingException.class)
        .hasMessageContaining("'hidden' is undefined");
  }

  @Test
  void anUndefinedVariableIsAnErrorNamingKindRecordAndExpression() {
    TransformSpec t = new TransformSpec("serial_number", "{{ serail.lower() }}", new SourceLocation("config.yml", 40, 9));
    Transforms transforms = Transforms.compile("InfraDevice", List.of(t), TransformFunctions.NONE);
    assertThatThrownBy(() -> transforms.apply(record("serial", "abc"), "17"))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("`InfraDevice` record 17")
        .hasMessageContaining("`serial_number`")
        .hasMessageContaining("config.yml:40:9")
        .hasMessageContaining("{{ serail.lower() }}")
        .hasMessageContaining("'serail' is undefined");
  }

  @Test
  void strictUndefinedCoversKeysElementsTruthAndComparisons() {
    for (String expr : List.of("{{ missing }}", "x{{ missing }}", "{% if missing %}a{% endif %}", "{{ missing or 'a' }}",
        "{{ missing == 'a' }}", "{{ missing + 1 }}", "{{ missing | upper }}", "{{ d.missing }}", "{{ d['missing'] }}",
        "{{ d.missing.deeper }}", "{{ l[5] }}", "{{ missing in ['a'] }}", "{{ missing.lower() }}")) {
      assertThatThrownBy(() -> run(expr, record("d", Map.of("k", "v"), "l", List.of(1L))))
          .as(expr).isInstanceOf(MappingException.class)
          .hasMessageMatching("(?s).*(is undefined|has no attribute 'missing'|has no element 5).*");
    }
  }

  @Test
  void definedAndDefaultHandleUndefinedLikeJinja() {
    assertThat(eval("{{ missing is defined }}")).isEqualTo(false);
    assertThat(eval("{{ d.k is defined }}", "d", Map.of("k", "v"))).isEqualTo(true);
    assertThat(eval("{{ d.nope is undefined }}", "d", Map.of("k", "v"))).isEqualTo(true);
    assertThat(eval("{{ missing | default('x') }}")).isEqualTo("x");
    assertThat(eval("{{ v | default('x') }}", "v", null)).isNull(); // None is defined
    assertThat(eval("{{ v | default('x', true) }}", "v", "")).isEqualTo("x");
    assertThat(eval("{{ v if v else 'n' }}", "v", null)).isEqualTo("n");
    assertThat(eval("{{ v is none }}", "v", null)).isEqualTo(true);
  }

  @Test
  void pythonStringMethodsWork() {
    assertThat(eval("{{ s.lower() }}", "s", "AbC")).isEqualTo("abc");
    assertThat(eval("{{ s.upper() }}", "s", "AbC")).isEqualTo("ABC");
    assertThat(eval("{{ s.title() }}", "s", "hello big-world")).isEqualTo("Hello Big-World");
    assertThat(eval("{{ s.capitalize() }}", "s", "hELLO")).isEqualTo("Hello");
    assertThat(eval("{{ s.strip() }}", "s", "  x  ")).isEqualTo("x");
    assertThat(eval("{{ s.strip('-') }}", "s", "--x--")).isEqualTo("x");
    assertThat(eval("{{ s.rstrip('/') }}", "s", "a/b//")).isEqualTo("a/b");
    assertThat(eval("{{ s.split('.') }}", "s", "a.b.c")).isEqualTo(List.of("a", "b", "c"));
    assertThat(eval("{{ s.split() }}", "s", "  a  b ")).isEqualTo(List.of("a", "b"));
    assertThat(eval("{{ s.split('/', 1) }}", "s", "a/b/c")).isEqualTo(List.of("a", "b/c"));
    assertThat(eval("{{ s.rsplit('/', 1)[0] }}", "s", "a/b/c")).isEqualTo("a/b");
    assertThat(eval("{{ s.split(',') }}", "s", "a,,b,")).isEqualTo(List.of("a", "", "b", ""));
    assertThat(eval("{{ s.replace('node-', '') }}", "s", "node-101")).isEqualTo(101L);
    assertThat(eval("{{ s.replace('a', 'b', 1) }}", "s", "aaa")).isEqualTo("baa");
    assertThat(eval("{{ s.startswith(('eth', 'ge')) }}", "s", "ge-0/0/0")).isEqualTo(true);
    assertThat(eval("{{ s.endswith('/1') }}", "s", "eth1/1")).isEqualTo(true);
    assertThat(eval("{{ '-'.join(parts) }}", "parts", List.of("a", "b"))).isEqualTo("a-b");
    assertThat(eval("{{ s.find('b') }}", "s", "abc")).isEqualTo(1L);
    assertThat(eval("{{ s.count('a') }}", "s", "banana")).isEqualTo(3L);
    assertThat(eval("{{ s.zfill(4) }}", "s", "7")).isEqualTo("0007"); // leading zeros: no Python literal
    assertThat(eval("{{ s.isdigit() }}", "s", "123")).isEqualTo(true);
    assertThat(eval("{{ s.removeprefix('Gi') }}", "s", "Gi0/1")).isEqualTo("0/1");
    assertThatThrownBy(() -> run("{{ s.lower(1) }}", record("s", "x"))).isInstanceOf(MappingException.class)
        .hasMessageContaining("takes no arguments");
    assertThatThrownBy(() -> run("{{ s.split('') }}", record("s", "x"))).hasMessageContaining("empty separator");
  }

  @Test
  void dictAndAttributeAccess() {
    Map<String, Object> d = Map.of("b", Map.of("c", "deep"), "n", 1L);
    assertThat(eval("{{ a.b.c }}", "a", d)).isEqualTo("deep");
    assertThat(eval("{{ a['b']['c'] }}", "a", d)).isEqualTo("deep");
    assertThat(eval("{{ a.get('x', 'dflt') }}", "a", d)).isEqualTo("dflt");
    assertThat(eval("{{ a.get('n') }}", "a", d)).isEqualTo(1L);
    assertThat(eval("{{ l[-1] }}", "l", List.of("x", "y"))).isEqualTo("y");
    // Jinjava reads an attribute of None as None (Jinja would raise): the field stays unset
    assertThat(run("{{ tenant.name }}", record("tenant", null))).doesNotContainKey("out");
  }

  @Test
  void stringFilterIsPythonStr() {
    assertThat(eval("{{ v | string }}", "v", "Uplink")).isEqualTo("Uplink");
    assertThat(eval("{{ v | string }}", "v", 5L)).isEqualTo(5L);
    assertThat(eval("x{{ v | string }}", "v", false)).isEqualTo("xFalse");
  }

  @Test
  void templateSyntaxErrorsAreConfigurationErrorsNamingTheTransform() {
    List<TransformSpec> specs = List.of(
        new TransformSpec("ok", "{{ name }}"),
        new TransformSpec("broken", "{{ foo( }}", new SourceLocation("config.yml", 21, 11)),
        new TransformSpec("unclosed", "{% if x %}y", new SourceLocation("config.yml", 23, 11)),
        new TransformSpec("unknown_fn", "{{ nosuch(1) }}", new SourceLocation("config.yml", 25, 11)));
    assertThatThrownBy(() -> Transforms.compile("InfraDevice", specs, TransformFunctions.NONE))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.problems()).hasSize(3);
          assertThat(e.getMessage()).contains("config.yml:21:11", "`broken`", "{{ foo( }}")
              .contains("config.yml:23:11", "`unclosed`").contains("config.yml:25:11", "nosuch");
        });
  }

  @Test
  void customFiltersAndFunctionsSeeTheRecord() {
    List<Map<String, @Nullable Object>> seen = Collections.synchronizedList(new ArrayList<>());
    TransformFunctions fns = TransformFunctions.builder()
        .filter("prefixed", (value, args, rec) -> args.get(0) + "-" + value)
        .function("lookup", (args, rec) -> {
          seen.add(rec);
          return args.get(0).equals("none") ? null : Map.of("v", rec.get("host") + ":" + args.get(1));
        })
        .function("boom", (args, rec) -> {
          throw new IllegalStateException("metric store unavailable");
        })
        .build();
    Map<String, @Nullable Object> r = record("host", "h1");
    Transforms.compile("X", List.of(
        new TransformSpec("a", "{{ host | prefixed('dc1') }}"),
        new TransformSpec("b", "{{ lookup('m', a).v }}"),
        new TransformSpec("c", "{{ lookup('none', 1) or 0 }}")), fns).apply(r, "1");
    assertThat(r).containsEntry("a", "dc1-h1").containsEntry("b", "h1:dc1-h1").containsEntry("c", 0L);
    assertThat(seen.get(0)).containsEntry("a", "dc1-h1");
    assertThatThrownBy(() -> seen.get(0).put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);

    Transforms failing = Transforms.compile("X", List.of(new TransformSpec("d", "{{ boom() }}")), fns);
    assertThatThrownBy(() -> failing.apply(record(), "9")).isInstanceOf(MappingException.class)
        .hasMessageContaining("`X` record 9").hasMessageContaining("metric store unavailable");
  }

  @Test
  void evaluationIsThreadSafe() throws Exception {
    Transforms t = Transforms.compile("InfraInterface", List.of(
        new TransformSpec("dev", "{{ dn.split('/')[2].replace('node-', 'leaf-') }}"),
        new TransformSpec("label", "{% if speed > 1000 %}fast-{{ dev }}{% else %}slow-{{ dev }}{% endif %}")),
        TransformFunctions.NONE);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int worker = w;
        futures.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < 500; i++) {
            long n = worker * 1000L + i;
            Map<String, @Nullable Object> r = record("dn", "topology/pod-1/node-" + n + "/sys", "speed", n % 2 == 0 ? 10000L : 100L);
            t.apply(r, String.valueOf(n));
            String dev = "leaf-" + n;
            if (dev.equals(r.get("dev")) && ((n % 2 == 0 ? "fast-" : "slow-") + dev).equals(r.get("label"))) {
              ok++;
            }
          }
          return ok;
        }));
      }
      for (Future<Integer> f : futures) {
        assertThat(f.get()).isEqualTo(500);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
