package io.infrasync.internal.mapping;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import io.infrasync.ConfigurationException;
import io.infrasync.MappingException;
import io.infrasync.config.TransformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * The transforms of one mapping entry, compiled once. {@link #apply} runs them in order on a
 * mutable record: a non-null result is written under the transform's {@code field}, so later
 * transforms (and the field mapping) see it; a null result leaves the record as it is. Thread-safe:
 * each record borrows an interpreter (with its own root context) from a pool.
 */
final class Transforms {
  private record Step(TransformSpec spec, JinjaTemplate template) {}

  private final String kind;
  private final List<Step> steps;
  private final TransformFunctions functions;
  private final ConcurrentLinkedQueue<Jinja.Interpreter> interpreters = new ConcurrentLinkedQueue<>();

  private Transforms(String kind, List<Step> steps, TransformFunctions functions) {
    this.kind = kind;
    this.steps = steps;
    this.functions = functions;
  }

  /**
   * Compiles every template; all syntax errors are reported together.
   *
   * @throws ConfigurationException naming each faulty transform's location and field
   */
  static Transforms compile(String kind, List<TransformSpec> specs, TransformFunctions functions) {
    List<Step> steps = new ArrayList<>(specs.size());
    List<ConfigurationException.Problem> problems = new ArrayList<>();
    Jinja.Interpreter first = Jinja.get().newInterpreter(functions);
    Context root = first.getContext();
    for (int i = 0; i < specs.size(); i++) {
      TransformSpec t = specs.get(i);
      try {
        steps.add(new Step(t, JinjaTemplate.compile(t.expression(), root)));
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigurationException.Problem(t.location().file(), t.location().line(), t.location().column(),
            "transforms[" + i + "]", "`" + kind + "` transform of `" + t.field() + "`: invalid template `"
                + t.expression() + "`: " + e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    Transforms transforms = new Transforms(kind, List.copyOf(steps), functions);
    transforms.interpreters.offer(first);
    return transforms;
  }

  /**
   * Runs the transforms on {@code record}, in order.
   *
   * @param recordId the record's server id, for error messages
   * @throws MappingException when a transform fails (undefined name, failing filter or function)
   */
  void apply(Map<String, @Nullable Object> record, @Nullable String recordId) {
    Jinja.Interpreter interpreter = interpreters.poll();
    if (interpreter == null) {
      interpreter = Jinja.get().newInterpreter(functions);
    }
    interpreter.bind(record);
    JinjavaInterpreter.pushCurrent(interpreter);
    try (JinjavaInterpreter.InterpreterScopeClosable recordScope = interpreter.enterScope()) {
      Context scope = interpreter.getContext();
      scope.putAll(record);
      for (Step step : steps) {
        Object value;
        try (JinjavaInterpreter.InterpreterScopeClosable stepScope = interpreter.enterScope()) {
          value = step.template().evaluate(interpreter);
        } catch (JinjaTemplate.EvaluationError e) {
          interpreter.clearErrors();
          TransformSpec t = step.spec();
          throw new MappingException("`" + kind + "` record" + (recordId == null ? "" : " " + recordId)
              + ": transform of `" + t.field() + "` (" + t.location() + ") failed on `" + t.expression() + "`: "
              + e.getMessage(), e);
        }
        if (value != null) {
          record.put(step.spec().field(), value);
          scope.put(step.spec().field(), value);
        }
      }
    } finally {
      JinjavaInterpreter.popCurrent();
      interpreter.bind(null);
      interpreters.offer(interpreter);
    }
  }
}
