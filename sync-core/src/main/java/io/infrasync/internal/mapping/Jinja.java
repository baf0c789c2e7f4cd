package io.infrasync.internal.mapping;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import io.infrasync.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.Tree;
import jinjava.de.odysseus.el.tree.TreeStore;
import jinjava.de.odysseus.el.tree.impl.Cache;
import jinjava.javax.el.ExpressionFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one Jinjava engine, configured like infrahub-sync's {@code NativeEnvironment(undefined=
 * StrictUndefined, trim_blocks=True, lstrip_blocks=True)}: Python {@code str()} output, strict
 * undefined variables, Python's operators ({@link StrictSyntax}), Python string methods, and
 * Jinja's {@code default}, {@code string}, {@code defined} and {@code undefined}. Rendering state lives in each interpreter's own root
 * context (interpreters are pooled per mapping, one record at a time), so the engine is shared by
 * every mapping and thread.
 */
final class Jinja {
  private static final class Holder {
    static final Jinja INSTANCE = new Jinja();
  }

  /** Parses expressions for compile-time checks (a builder is stateless). */
  private static final StrictSyntax TREES = new StrictSyntax();

  private final JinjavaConfig config;
  private final Jinjava jinjava;

  private Jinja() {
    config = JinjavaConfig.newBuilder()
        .withTrimBlocks(true)
        .withLstripBlocks(true)
        .withFailOnUnknownTokens(false)
        .withNestedInterpretationEnabled(false)
        .withElResolver(new JinjaResolver())
        .withInterperterFactory(new InterpreterFactory() {
          @Override
          public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new Interpreter(orig);
          }

          @Override
          public JinjavaInterpreter newInstance(Jinjava j, Context context, JinjavaConfig c) {
            return new Interpreter(j, context, c);
          }
        })
        .build();
    jinjava = new StrictJinjava(config);
  }

  /**
   * Jinjava whose expressions are parsed by {@link StrictSyntax} (Python's operators). Jinjava's
   * interpreters ask the engine for its expression factory on every evaluation. Parsed trees are
   * cached as in Jinjava's own factory (juel's default of 1,000; the cache is thread-safe).
   */
  private static final class StrictJinjava extends Jinjava {
    private final ExpressionFactory expressions =
        new ExpressionFactoryImpl(new TreeStore(new StrictSyntax(), new Cache(1000)), new TruthyTypeConverter());

    StrictJinjava(JinjavaConfig config) {
      super(config);
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
      return expressions;
    }
  }

  /** Parses an expression (without the {@code {{ }}}) into a tree, for compile-time checks. */
  static Tree parseExpression(String expression) {
    return TREES.build("#{" + expression + "}");
  }

  static Jinja get() {
    return Holder.INSTANCE;
  }

  Jinjava jinjava() {
    return jinjava;
  }

  /**
   * A root context: Jinjava's globals, the Python-compatible overrides and the adapter's functions.
   * A root serves one interpreter (Jinjava records resolved names in it, unsynchronised).
   */
  Context newRoot(TransformFunctions fns) {
    Context root = jinjava.getGlobalContextCopy();
    root.registerFilter(new StrFilter());
    root.registerFilter(new DefaultFilter("default"));
    root.registerFilter(new DefaultFilter("d"));
    root.registerExpTest(new DefinedTest("defined", true));
    root.registerExpTest(new DefinedTest("undefined", false));
    fns.filters().forEach((name, f) -> root.registerFilter(new CustomFilterAdapter(name, f)));
    fns.functions().forEach((name, f) -> root.addGlobalMacro(new CustomFunctionMacro(name, f)));
    return root;
  }

  /**
   * An interpreter for transforms, over its own root context (see {@link #newRoot}). It serves one
   * record at a time ({@link Interpreter#bind}); pool it rather than create one per record.
   */
  Interpreter newInterpreter(TransformFunctions fns) {
    return new Interpreter(jinjava, newRoot(fns), config);
  }

  /** An interpreter for parsing at compile time (no record), under a root from {@link #newRoot}. */
  JinjavaInterpreter parser(Context root) {
    return new Interpreter(jinjava, new Context(root), config);
  }

  /** The record being transformed, seen from inside an evaluation (read-only). */
  static Map<String, @Nullable Object> record(JinjavaInterpreter interpreter) {
    Map<String, @Nullable Object> r = interpreter instanceof Interpreter i ? i.record : null;
    return r == null ? Map.of() : Collections.unmodifiableMap(r);
  }

  /** Python {@code str()} for output, and Jinja's strict undefined for variables. */
  static final class Interpreter extends JinjavaInterpreter {
    private @Nullable Map<String, @Nullable Object> record;

    Interpreter(Jinjava jinjava, Context context, JinjavaConfig config) {
      super(jinjava, context, config);
    }

    Interpreter(JinjavaInterpreter orig) {
      super(orig);
      if (orig instanceof Interpreter i) {
        this.record = i.record;
      }
    }

    /** The record whose variables the next evaluations see (null when idle). */
    void bind(@Nullable Map<String, @Nullable Object> record) {
      this.record = record;
    }

    /** Drops the errors Jinjava recorded, so that a pooled interpreter starts clean. */
    void clearErrors() {
      while (getLastError().isPresent()) {
        removeLastError();
      }
    }

    @Override
    public @Nullable Object retraceVariable(String variable, int lineNumber, int startPosition) {
      Object v = super.retraceVariable(variable, lineNumber, startPosition);
      if (v != null || variable.indexOf('.') >= 0 || bound(variable)) {
        return v;
      }
      return switch (variable) {
        case "None", "none" -> null;
        case "True" -> true;
        case "False" -> false;
        default -> new Undefined("'" + variable + "' is undefined");
      };
    }

    @Override
    public String getAsString(@Nullable Object object) {
      return Py.str(Undefined.check(object));
    }

    private boolean bound(String name) {
      Map<String, @Nullable Object> r = record;
      if (r != null && r.containsKey(name)) {
        return true;
      }
      for (Context c = getContext(); c != null; c = c.getParent()) {
        if (c.getScope().containsKey(name)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Jinja's {@code string}: Python {@code str()} ({@code None} gives {@code "None"}). */
  private static final class StrFilter implements Filter {
    @Override
    public String getName() {
      return "string";
    }

    @Override
    public Object filter(@Nullable Object var, JinjavaInterpreter interpreter, String... args) {
      return Py.str(Undefined.check(var));
    }
  }

  /** Jinja's {@code default(value, default_value='', boolean=False)}: replaces undefined only. */
  private static final class DefaultFilter implements Filter {
    private final String name;

    DefaultFilter(String name) {
      this.name = name;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public @Nullable Object filter(@Nullable Object var, JinjavaInterpreter interpreter, String... args) {
      return filter(var, interpreter, (Object[]) args, Map.of());
    }

    @Override
    public @Nullable Object filter(@Nullable Object var, JinjavaInterpreter interpreter, @Nullable Object[] args,
        Map<String, Object> kwargs) {
      Object fallback = args.length > 0 ? args[0] : kwargs.getOrDefault("default_value", "");
      boolean orFalsy = args.length > 1 ? Py.truthy(args[1]) : Py.truthy(kwargs.get("boolean"));
      return var instanceof Undefined || (orFalsy && !Py.truthy(var)) ? fallback : var;
    }
  }

  private static final class DefinedTest implements ExpTest {
    private final String name;
    private final boolean defined;

    DefinedTest(String name, boolean defined) {
      this.name = name;
      this.defined = defined;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean evaluate(@Nullable Object var, JinjavaInterpreter interpreter, Object... args) {
      return !(var instanceof Undefined) == defined;
    }
  }

  private static List<@Nullable Object> arguments(@Nullable Object[] args) {
    List<@Nullable Object> out = new ArrayList<>(args.length);
    for (Object a : args) {
      out.add(Values.normalize(Undefined.check(a)));
    }
    return Collections.unmodifiableList(out);
  }

  private static final class CustomFilterAdapter implements Filter {
    private final String name;
    private final TransformFunctions.CustomFilter filter;

    CustomFilterAdapter(String name, TransformFunctions.CustomFilter filter) {
      this.name = name;
      this.filter = filter;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public @Nullable Object filter(@Nullable Object var, JinjavaInterpreter interpreter, String... args) {
      return filter(var, interpreter, (Object[]) args, Map.of());
    }

    @Override
    public @Nullable Object filter(@Nullable Object var, JinjavaInterpreter interpreter, @Nullable Object[] args,
        Map<String, Object> kwargs) {
      if (!kwargs.isEmpty()) {
        throw new PyStrings.MethodError("filter `" + name + "` takes no keyword arguments, got " + kwargs.keySet());
      }
      return filter.apply(Values.normalize(Undefined.check(var)), arguments(args), record(interpreter));
    }
  }

  private static final class CustomFunctionMacro extends MacroFunction {
    private final TransformFunctions.CustomFunction function;

    CustomFunctionMacro(String name, TransformFunctions.CustomFunction function) {
      super(List.of(), name, new LinkedHashMap<>(), false, null, 0, 0);
      this.function = function;
    }

    @Override
    public @Nullable Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
      if (!kwargMap.isEmpty()) {
        throw new PyStrings.MethodError("function `" + getName() + "` takes no keyword arguments, got " + kwargMap.keySet());
      }
      return function.apply(arguments(varArgs.toArray()), record(JinjavaInterpreter.getCurrent()));
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
