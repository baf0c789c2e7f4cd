package io.infrasync.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PyLiteralTest {

  private static @Nullable Object eval(String s) {
    return PyLiteral.eval(s);
  }

  private static void notLiteral(String s) {
    assertThat(PyLiteral.eval(s)).as(s).isSameAs(PyLiteral.NOT_A_LITERAL);
  }

  @Test
  void numbersBecomeIntsAndFloats() {
    assertThat(eval("24")).isEqualTo(24L);
    assertThat(eval("-5")).isEqualTo(-5L);
    assertThat(eval("+5")).isEqualTo(5L);
    assertThat(eval("1_000")).isEqualTo(1000L);
    assertThat(eval("0x1F")).isEqualTo(31L);
    assertThat(eval("0o17")).isEqualTo(15L);
    assertThat(eval("0b101")).isEqualTo(5L);
    assertThat(eval("000")).isEqualTo(0L);
    assertThat(eval("2.0")).isEqualTo(2.0);
    assertThat(eval("1e3")).isEqualTo(1000.0);
    assertThat(eval(".5")).isEqualTo(0.5);
    assertThat(eval("5.")).isEqualTo(5.0);
    assertThat(eval("123456789012345678901234567890")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(eval("8245678080 ")).isEqualTo(8245678080L);
    assertThat(eval("1\n")).isEqualTo(1L);
    assertThat(eval("1 # comment")).isEqualTo(1L);
  }

  @Test
  void constantsStringsAndContainers() {
    assertThat(eval("True")).isEqualTo(true);
    assertThat(eval("False")).isEqualTo(false);
    assertThat(eval("None")).isNull();
    assertThat(eval("'abc'")).isEqualTo("abc");
    assertThat(eval("\"it's\"")).isEqualTo("it's");
    assertThat(eval("'a' 'b'")).isEqualTo("ab");
    assertThat(eval("'tab\\there\\x41\\u00e9'")).isEqualTo("tab\thereA\u00e9");
    assertThat(eval("r'\\d'")).isEqualTo("\\d");
    assertThat(eval("'''multi\nline'''")).isEqualTo("multi\nline");
    assertThat(eval("['a', 'b']")).isEqualTo(List.of("a", "b"));
    assertThat(eval("[1, [2, None], ]")).isEqualTo(List.of(1L, Arrays.asList(2L, null)));
    assertThat(eval("(1, 2)")).isEqualTo(List.of(1L, 2L));
    assertThat(eval("(1,)")).isEqualTo(List.of(1L));
    assertThat(eval("()")).isEqualTo(List.of());
    assertThat(eval("(7)")).isEqualTo(7L);
    assertThat(eval("1, 2")).isEqualTo(List.of(1L, 2L));
    assertThat(eval("{'a': 1, 'b': [True]}")).isEqualTo(Map.of("a", 1L, "b", List.of(true)));
    assertThat(eval("{}")).isEqualTo(Map.of());
    assertThat(eval("{1, 2}")).isEqualTo(List.of(1L, 2L));
    assertThat(eval("[\n  1,\n  2\n]")).isEqualTo(List.of(1L, 2L));
  }

  @Test
  void anythingElseStaysText() {
    notLiteral("");
    notLiteral(" 5");
    notLiteral("abc");
    notLiteral("10.0.0.1/24");
    notLiteral("10.0.0.1");
    notLiteral("2024-01-01");
    notLiteral("MUC-1");
    notLiteral("None__10.0.0.0/24");
    notLiteral("sw1__Gi0/1");
    notLiteral("abc}");
    notLiteral("}");
    notLiteral("0123");
    notLiteral("1abc");
    notLiteral("1j");
    notLiteral("1+2");
    notLiteral("--1");
    notLiteral("b'x'");
    notLiteral("f'x'");
    notLiteral("'unterminated");
    notLiteral("[1, 2");
    notLiteral("{'a' 1}");
    notLiteral("{'a': 1 'b': 2}");
    notLiteral("1\n2");
    notLiteral("[[1]: 2]");
    notLiteral("{[1]: 2}");
    notLiteral("nan");
    notLiteral("true");
    notLiteral("52:54:00:12:34:56");
  }

  @Test
  void pythonStrAndReprRoundTripThroughLiterals() {
    assertThat(Py.str(null)).isEqualTo("None");
    assertThat(Py.str(true)).isEqualTo("True");
    assertThat(Py.str(2.0)).isEqualTo("2.0");
    assertThat(Py.str(0.0001)).isEqualTo("0.0001");
    assertThat(Py.str(0.00001)).isEqualTo("1e-05");
    assertThat(Py.str(1e16)).isEqualTo("1e+16");
    assertThat(Py.str(123456789.0)).isEqualTo("123456789.0");
    assertThat(Py.str(-0.0)).isEqualTo("-0.0");
    assertThat(Py.str(1.5e300)).isEqualTo("1.5e+300");
    assertThat(Py.str(List.of("a", 1L, List.of()))).isEqualTo("['a', 1, []]");
    assertThat(Py.str(Arrays.asList("it's", null, false))).isEqualTo("[\"it's\", None, False]");
    assertThat(Py.str(Map.of("k", "v\n"))).isEqualTo("{'k': 'v\\n'}");
    for (Object v : List.<Object>of(2.0, 0.1, 1e-7, 1e22, List.of("a'b\"c", "\\", 3L), Map.of("x", List.of(1.5, true)))) {
      assertThat(PyLiteral.eval(Py.repr(v))).as("%s", v).isEqualTo(v);
    }
  }
}
