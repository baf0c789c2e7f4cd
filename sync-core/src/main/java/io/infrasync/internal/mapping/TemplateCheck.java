package io.infrasync.internal.mapping;

import io.infrasync.ConfigurationException;
import io.infrasync.config.SchemaMapping;
import io.infrasync.config.SyncConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The load-time check of a transform's Jinja template, for the configuration loader: what Jinja
 * refuses when it compiles a template (a syntax error, an unknown test or filter). The adapter that
 * will run the template is not known yet, so a filter that is not built in is only a warning here;
 * the engine refuses it when it is built ({@link #compileAll}), with the adapter's filters known.
 */
public final class TemplateCheck {
  /**
   * @param errors refusals: syntax errors and unknown tests, each prefixed with the template line
   * @param warnings filters that are not built in (an adapter may supply them)
   */
  public record Result(List<String> errors, List<String> warnings) {
    public Result {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }
  }

  private TemplateCheck() {}

  /**
   * Compiles the transforms of every entry with the adapter's filters and functions, as the run will:
   * an engine refuses a configuration whose templates name a filter, test or function that does not
   * exist before it reads anything.
   *
   * @throws ConfigurationException naming every faulty transform's location and field
   */
  public static void compileAll(SyncConfig config, TransformFunctions functions) {
    List<ConfigurationException.Problem> problems = new ArrayList<>();
    for (SchemaMapping m : config.schemaMapping()) {
      if (m.transforms().isEmpty()) {
        continue;
      }
      try {
        Transforms.compile(m.name(), m.transforms(), functions);
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  /** Checks one template. */
  public static Result check(String template) {
    JinjaTemplate.Findings f = JinjaTemplate.check(template);
    List<String> errors = new ArrayList<>(f.syntax());
    errors.addAll(f.unknownTests());
    return new Result(errors, f.unknownFilters());
  }
}
