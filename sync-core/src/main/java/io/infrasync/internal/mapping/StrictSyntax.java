package io.infrasync.internal.mapping;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.ext.AdditionOperator;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.el.ext.TruncDivOperator;
import com.hubspot.jinjava.objects.SafeString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import jinjava.de.odysseus.el.misc.NumberOperations;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import org.jspecify.annotations.Nullable;

/**
 * Jinjava's expression syntax with Python's arithmetic and ordering. Jinjava's operators coerce
 * where Python raises: {@code 1 / 0} is {@code Infinity}, {@code 0 + 'a'} is {@code "0a"},
 * {@code '5' - 1} is {@code 4}, {@code '10' < 5} compares strings. Here {@code + - * / // % < <= > >=}
 * accept the operand types Python accepts and raise {@link PyError} ({@code TypeError},
 * {@code ZeroDivisionError}) otherwise, so that a transform fails instead of writing a value
 * Jinja would never produce.
 */
final class StrictSyntax extends ExtendedSyntaxBuilder {
  private static final long serialVersionUID = 1L;

  /** Python's {@code TypeError} or {@code ZeroDivisionError}, raised by an operator. */
  static final class PyError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PyError(String message) {
      super(message);
    }
  }

  /** Method calls and varargs on, as juel's JEE6 profile that Jinjava's own factory uses. */
  StrictSyntax() {
    super(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS);
  }

  @Override
  protected Parser createParser(String expression) {
    ExtendedParser parser = new ExtendedParser(this, expression) {
      @Override
      protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
        return super.createAstBinary(left, right, strict(operator));
      }
    };
    // `//` is an extension of Jinjava's parser, not a binary operator of juel's
    parser.putExtensionHandler(TruncDivOperator.TOKEN,
        new Parser.ExtensionHandler(TruncDivOperator.HANDLER.getExtensionPoint()) {
          @Override
          public AstNode createAstNode(AstNode... children) {
            return new AstBinary(children[0], children[1], new Arithmetic("//"));
          }
        });
    return parser;
  }

  static AstBinary.Operator strict(AstBinary.Operator op) {
    if (op == AdditionOperator.OP) {
      return Add.OP;
    }
    if (op == AstBinary.SUB) {
      return new Arithmetic("-");
    }
    if (op == AstBinary.MUL) {
      return new Arithmetic("*");
    }
    if (op == AstBinary.DIV) {
      return new Arithmetic("/");
    }
    if (op == AstBinary.MOD) {
      return new Arithmetic("%");
    }
    if (op == AstBinary.LT) {
      return new Ordering("<");
    }
    if (op == AstBinary.LE) {
      return new Ordering("<=");
    }
    if (op == AstBinary.GT) {
      return new Ordering(">");
    }
    if (op == AstBinary.GE) {
      return new Ordering(">=");
    }
    return op;
  }

  private static boolean isStr(@Nullable Object v) {
    return v instanceof CharSequence || v instanceof SafeString;
  }

  private static boolean isInt(@Nullable Object v) {
    return Py.isNumber(v) && !(v instanceof Double || v instanceof Float || v instanceof BigDecimal);
  }

  private static boolean isFloat(@Nullable Object v) {
    return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
  }

  /** A Python number as Jinjava's arithmetic takes it ({@code bool} is an {@code int}). */
  private static Object num(@Nullable Object v) {
    return v instanceof Boolean b ? (b ? 1L : 0L) : Objects.requireNonNull(v, "not a number");
  }

  private static boolean isZero(Object v) {
    Object n = num(v);
    if (n instanceof BigDecimal d) {
      return d.signum() == 0;
    }
    if (n instanceof BigInteger i) {
      return i.signum() == 0;
    }
    return ((Number) n).doubleValue() == 0;
  }

  private static PyError unsupported(String op, @Nullable Object a, @Nullable Object b) {
    return new PyError("TypeError: unsupported operand type(s) for " + op + ": '" + Py.typeName(a) + "' and '"
        + Py.typeName(b) + "'");
  }

  /** Python's {@code +}: numbers, two strings or two lists; never a string with a number. */
  private static final class Add extends AdditionOperator {
    static final Add OP = new Add();

    @Override
    protected @Nullable Object apply(TypeConverter converter, @Nullable Object a, @Nullable Object b) {
      Object x = Undefined.check(a);
      Object y = Undefined.check(b);
      if (Py.isNumber(x) && Py.isNumber(y)) {
        return NumberOperations.add(converter, num(x), num(y));
      }
      if ((isStr(x) && isStr(y)) || (x instanceof Collection<?> && y instanceof Collection<?>)) {
        return super.apply(converter, x, y);
      }
      if (x instanceof List<?>) {
        throw new PyError("TypeError: can only concatenate list (not \"" + Py.typeName(y) + "\") to list");
      }
      if (isStr(x) || isStr(y)) {
        throw new PyError(isStr(x) ? "TypeError: can only concatenate str (not \"" + Py.typeName(y) + "\") to str"
            : "TypeError: unsupported operand type(s) for +: '" + Py.typeName(x) + "' and 'str'");
      }
      throw unsupported("+", x, y);
    }
  }

  /** Python's {@code - * / %} over numbers (and {@code str * int}, {@code list * int}). */
  private static final class Arithmetic extends AstBinary.SimpleOperator {
    private final String op;

    Arithmetic(String op) {
      this.op = op;
    }

    @Override
    protected @Nullable Object apply(TypeConverter converter, @Nullable Object a, @Nullable Object b) {
      Object x = Undefined.check(a);
      Object y = Undefined.check(b);
      if (op.equals("*")) {
        if (isInt(x) && (isStr(y) || y instanceof List<?>)) {
          return repeat(Objects.requireNonNull(y), (Number) num(x));
        }
        if (isInt(y) && (isStr(x) || x instanceof List<?>)) {
          return repeat(Objects.requireNonNull(x), (Number) num(y));
        }
      }
      if (!Py.isNumber(x) || !Py.isNumber(y)) {
        if (op.equals("*") && (isStr(x) || isStr(y) || x instanceof List<?> || y instanceof List<?>)) {
          throw new PyError("TypeError: can't multiply sequence by non-int of type '"
              + Py.typeName(isStr(x) || x instanceof List<?> ? y : x) + "'");
        }
        throw unsupported(op, x, y);
      }
      Object n = num(x);
      Object m = num(y);
      return switch (op) {
        case "-" -> NumberOperations.sub(converter, n, m);
        case "*" -> NumberOperations.mul(converter, n, m);
        case "/" -> {
          if (isZero(m)) {
            throw new PyError("ZeroDivisionError: division by zero");
          }
          yield NumberOperations.div(converter, n, m);
        }
        case "//" -> floorDivision(converter, n, m);
        default -> modulo(converter, n, m);
      };
    }

    /** Python's {@code //}: the quotient rounded down (a float when either operand is one). */
    private static Object floorDivision(TypeConverter converter, Object n, Object m) {
      if (isZero(m)) {
        throw new PyError(isFloat(n) || isFloat(m) ? "ZeroDivisionError: float floor division by zero"
            : "ZeroDivisionError: integer division or modulo by zero");
      }
      if ((n instanceof Long || n instanceof Integer) && (m instanceof Long || m instanceof Integer)) {
        return Math.floorDiv(((Number) n).longValue(), ((Number) m).longValue());
      }
      return Math.floor(((Number) n).doubleValue() / ((Number) m).doubleValue());
    }

    /** Python's {@code %}: the result has the divisor's sign. */
    private static Object modulo(TypeConverter converter, Object n, Object m) {
      if (isZero(m)) {
        throw new PyError(isFloat(n) || isFloat(m) ? "ZeroDivisionError: float modulo"
            : "ZeroDivisionError: integer modulo by zero");
      }
      if ((n instanceof Long || n instanceof Integer) && (m instanceof Long || m instanceof Integer)) {
        return Math.floorMod(((Number) n).longValue(), ((Number) m).longValue());
      }
      if ((n instanceof Number p && !(n instanceof BigDecimal) && !(n instanceof BigInteger))
          && (m instanceof Number q && !(m instanceof BigDecimal) && !(m instanceof BigInteger))) {
        double r = p.doubleValue() % q.doubleValue();
        return r != 0 && (r < 0) != (q.doubleValue() < 0) ? r + q.doubleValue() : r;
      }
      return NumberOperations.mod(converter, n, m);
    }

    private static Object repeat(Object sequence, Number times) {
      long k = Math.max(0, times.longValue());
      if (isStr(sequence)) {
        return sequence.toString().repeat((int) Math.min(k, Integer.MAX_VALUE));
      }
      List<?> list = (List<?>) sequence;
      List<@Nullable Object> out = new ArrayList<>();
      for (long i = 0; i < k; i++) {
        out.addAll(list);
      }
      return out;
    }

    @Override
    public String toString() {
      return op;
    }
  }

  /** Python's {@code < <= > >=}: two numbers or two strings; anything else is a TypeError. */
  private static final class Ordering extends AstBinary.SimpleOperator {
    private final String op;

    Ordering(String op) {
      this.op = op;
    }

    @Override
    protected Object apply(TypeConverter converter, @Nullable Object a, @Nullable Object b) {
      Object x = Undefined.check(a);
      Object y = Undefined.check(b);
      int c;
      if (Py.isNumber(x) && Py.isNumber(y)) {
        c = Py.compareNumbers(num(x), num(y));
        if (c == 2) {
          return false; // NaN is unordered
        }
      } else if (isStr(x) && isStr(y)) {
        c = String.valueOf(x).compareTo(String.valueOf(y));
      } else {
        throw new PyError("TypeError: '" + op + "' not supported between instances of '" + Py.typeName(x) + "' and '"
            + Py.typeName(y) + "'");
      }
      return switch (op) {
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        default -> c >= 0;
      };
    }

    @Override
    public String toString() {
      return op;
    }
  }
}
