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
   * Parses a template and checks the syntax of its expressions and that the functions it calls
   * exist.
   *
   * @param rootContext a root context from {@link Jinja#newRoot} (it knows the adapter's functions)
   * @throws IllegalArgumentException with Jinjava's description of the syntax errors
   */
  static JinjaTemplate compile(String source, Context rootContext) {
    // Jinja drops a single trailing newline (keep_trailing_newline=False).
    String text = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
    JinjavaInterpreter parser = Jinja.get().parser(rootContext);
    Node root = parser.parse(text);
    List<String> problems = new ArrayList<>();
    parser.getErrors().forEach(e -> problems.add(describe(e)));
    if (problems.isEmpty()) {
      JinjavaELContext el = new JinjavaELContext(parser, new JinjavaInterpreterResolver(parser));
      checkExpressions(root, parser, el, problems);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new JinjaTemplate(source, root);
  }

  private static void checkExpressions(Node node, JinjavaInterpreter parser, JinjavaELContext el, List<String> problems) {
    for (Node child : node.getChildren()) {
      String expr = null;
      if (child instanceof ExpressionNode e) {
        expr = ((ExpressionToken) e.getMaster()).getExpr();
      } else if (child instanceof TagNode t && (t.getName().equals("if") || t.getName().equals("elif"))) {
        expr = t.getHelpers();
      }
      if (expr != null && !expr.isBlank()) {
        try {
          Jinja.get().jinjava().getExpressionFactory().createValueExpression(el, "#{" + expr.trim() + "}", Object.class);
        } catch (ELException ex) {
          problems.add("line " + child.getLineNumber() + ": invalid expression `" + expr.trim() + "`: " + ex.getMessage());
        }
      }
      checkExpressions(child, parser, el, problems);
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
    String message = e.getMessage();
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
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
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
