package io.infrasync.internal.mapping;

import com.hubspot.jinjava.el.JinjavaELContext;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import io.infrasync.Values;
import java.util.ArrayList;
import java.util.List;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.de.odysseus.el.tree.IdentifierNode;
import jinjava.de.odysseus.el.tree.Tree;
import jinjava.javax.el.ELException;
import org.jspecify.annotations.Nullable;

/**
 * One transform expression, parsed once, evaluated like Jinja's {@code NativeEnvironment}: a
 * template that is a single {@code {{ expr }}} gives the expression's value (a string result is then
 * read as a Python literal, as {@code native_concat} does); any other template is rendered and the
 * text read as a Python literal ({@code "24"} becomes {@code 24}, {@code "a/b"} stays a string). A
 * template made only of blocks that output nothing (or an empty template) gives {@code None}.
 */
final class JinjaTemplate {
  /** A template that could not be evaluated; the message says why. */
  static final class EvaluationError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EvaluationError(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  private final String source;
  private final Node root;
  private final @Nullable String singleExpression;
  private final int line;
  private final boolean onlyBlocks;

  private JinjaTemplate(String source, Node root) {
    this.source = source;
    this.root = root;
    List<Node> children = root.getChildren();
    if (children.size() == 1 && children.get(0) instanceof ExpressionNode e) {
      singleExpression = ((ExpressionToken) e.getMaster()).getExpr();
      line = e.getLineNumber();
    } else {
      singleExpression = null;
      line = 1;
    }
    onlyBlocks = children.stream().allMatch(n -> n instanceof TagNode);
  }

  /**
   * What a compile-time check found: syntax errors, and names Jinja resolves at compile time (filters
   * and tests, as Jinja's {@code TemplateAssertionError}) or that InfraSync resolves then (functions).
   */
  record Findings(List<String> syntax, List<String> unknownTests, List<String> unknownFilters,
      List<String> unknownFunctions) {
    List<String> all() {
      List<String> out = new ArrayList<>(syntax);
      out.addAll(unknownTests);
      out.addAll(unknownFilters);
      out.addAll(unknownFunctions);
      return out;
    }
  }

  /** {@code for <target>[, <target>…] in <iterable>}; the iterable must not be empty. */
  private static final Pattern FOR = Pattern.compile("\\s*[A-Za-z_]\\w*(\\s*,\\s*[A-Za-z_]\\w*)*\\s+in\\s+(\\S.*)", Pattern.DOTALL);

  /**
   * Parses a template and checks the syntax of its expressions and that the filters, tests and
   * functions it uses exist.
   *
   * @param rootContext a root context from {@link Jinja#newRoot} (it knows the adapter's functions)
   * @throws IllegalArgumentException with the description of every problem found
   */
  static JinjaTemplate compile(String source, Context rootContext) {
    JinjavaInterpreter parser = Jinja.get().parser(rootContext);
    Node root = parser.parse(withoutTrailingNewline(source));
    List<String> problems = findings(root, parser, true).all();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new JinjaTemplate(source, root);
  }

  /**
   * Checks a template without knowing the adapter that will run it: syntax, and filters and tests
   * against the built-in ones. Functions are not checked (an adapter may supply them).
   */
  static Findings check(String source) {
    JinjavaInterpreter parser = Jinja.get().parser(Jinja.get().newRoot(TransformFunctions.NONE));
    Node root = parser.parse(withoutTrailingNewline(source));
    return findings(root, parser, false);
  }

  /** Jinja drops a single trailing newline ({@code keep_trailing_newline=False}). */
  private static String withoutTrailingNewline(String source) {
    return source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
  }

  private static Findings findings(Node root, JinjavaInterpreter parser, boolean functions) {
    Findings f = new Findings(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    parser.getErrors().forEach(e -> f.syntax().add(describe(e)));
    if (f.syntax().isEmpty()) {
      JinjavaELContext el = functions ? new JinjavaELContext(parser, new JinjavaInterpreterResolver(parser)) : null;
      checkExpressions(root, parser.getContext(), el, f);
    }
    return f;
  }

  private static void checkExpressions(Node node, Context context, @Nullable JinjavaELContext el, Findings f) {
    for (Node child : node.getChildren()) {
      int line = child.getLineNumber();
      String expr = null;
      boolean required = true;
      if (child instanceof ExpressionNode e) {
        expr = ((ExpressionToken) e.getMaster()).getExpr();
      } else if (child instanceof TagNode t) {
        String helpers = t.getHelpers() == null ? "" : t.getHelpers().trim();
        switch (t.getName()) {
          case "if", "elif" -> expr = helpers;
          case "for" -> {
            Matcher m = FOR.matcher(helpers);
            if (m.matches()) {
              expr = m.group(2);
              required = false; // Jinja's `for … in x if cond` / `recursive` are not EL
            } else {
              f.syntax().add("line " + line + ": `{% for " + helpers + " %}`: expected `for <name> in <iterable>`");
            }
          }
          case "set" -> {
            int eq = helpers.indexOf('=');
            expr = eq < 0 ? null : helpers.substring(eq + 1);
            required = false;
          }
          default -> { }
        }
      }
      if (expr != null && !expr.isBlank()) {
        checkExpression(expr.trim(), line, required, context, el, f);
      }
      checkExpressions(child, context, el, f);
    }
  }

  private static void checkExpression(String expr, int line, boolean required, Context context,
      @Nullable JinjavaELContext el, Findings f) {
    Tree tree;
    try {
      tree = Jinja.parseExpression(expr);
    } catch (ELException ex) {
      if (required) {
        f.syntax().add("line " + line + ": invalid expression `" + expr + "`: " + ex.getMessage());
      }
      return;
    }
    for (IdentifierNode id : tree.getIdentifierNodes()) {
      String name = id.getName();
      if (name.startsWith(ExtendedParser.FILTER_PREFIX)) {
        String filter = name.substring(ExtendedParser.FILTER_PREFIX.length());
        if (context.getFilter(filter) == null) {
          f.unknownFilters().add("line " + line + ": no filter named '" + filter + "'");
        }
      } else if (name.startsWith(ExtendedParser.EXPTEST_PREFIX)) {
        String test = name.substring(ExtendedParser.EXPTEST_PREFIX.length());
        if (context.getExpTest(test) == null) {
          f.unknownTests().add("line " + line + ": no test named '" + test + "'");
        }
      }
    }
    if (el != null) {
      try {
        Jinja.get().jinjava().getExpressionFactory().createValueExpression(el, "#{" + expr + "}", Object.class);
      } catch (ELException ex) {
        f.unknownFunctions().add("line " + line + ": invalid expression `" + expr + "`: " + ex.getMessage());
      }
    }
  }

  String source() {
    return source;
  }

  /**
   * Evaluates over the interpreter's record.
   *
   * @return the native value (normalised), or null for "leave the field unset"
   * @throws EvaluationError when Jinja would raise: an undefined name, a failing filter or call
   */
  @Nullable Object evaluate(JinjavaInterpreter interpreter) {
    try {
      Object value;
      if (singleExpression != null) {
        value = interpreter.resolveELExpression(singleExpression, line);
        failOnErrors(interpreter);
        value = Undefined.check(value);
        if (value instanceof String || value instanceof com.hubspot.jinjava.objects.SafeString) {
          value = literal(value.toString());
        }
      } else {
        String out = interpreter.render(root);
        failOnErrors(interpreter);
        if (out.isEmpty() && onlyBlocks) {
          return null;
        }
        value = literal(out);
      }
      return Values.normalize(value);
    } catch (EvaluationError e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EvaluationError(reason(e), e);
    }
  }

  private static @Nullable Object literal(String text) {
    Object v = PyLiteral.eval(text);
    return v == PyLiteral.NOT_A_LITERAL ? text : v;
  }

  private static void failOnErrors(JinjavaInterpreter interpreter) {
    if (interpreter.getLastError().isPresent()) {
      TemplateError first = interpreter.getErrors().get(0);
      throw new EvaluationError(describe(first), first.getException());
    }
  }

  private static String describe(TemplateError e) {
    Throwable t = e.getException();
    Undefined.UndefinedError undefined = find(t);
    if (undefined != null) {
      return String.valueOf(undefined.getMessage());
    }
    StrictSyntax.PyError py = findPy(t);
    if (py != null) {
      return String.valueOf(py.getMessage());
    }
    String message = e.getMessage();
    if (message != null && message.contains("ArithmeticException") && message.contains("/ by zero")) {
      // Jinjava's own `//` reports Java's exception by name
      return "ZeroDivisionError: integer division or modulo by zero";
    }
    Throwable root = t;
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != null && root.getMessage() != null && (message == null || !message.contains(root.getMessage()))) {
      message = (message == null ? "" : message + ": ") + root.getMessage();
    }
    return message == null ? e.toString() : message;
  }

  private static String reason(Throwable t) {
    Undefined.UndefinedError undefined = find(t);
    if (undefined != null) {
      return String.valueOf(undefined.getMessage());
    }
    StrictSyntax.PyError py = findPy(t);
    if (py != null) {
      return String.valueOf(py.getMessage());
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static StrictSyntax.@Nullable PyError findPy(@Nullable Throwable t) {
    for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
      if (x instanceof StrictSyntax.PyError p) {
        return p;
      }
    }
    return null;
  }

  private static Undefined.@Nullable UndefinedError find(@Nullable Throwable t) {
    for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
      if (x instanceof Undefined.UndefinedError u) {
        return u;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return source;
  }
}
