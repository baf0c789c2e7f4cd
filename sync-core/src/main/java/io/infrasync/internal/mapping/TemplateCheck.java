package io.infrasync.internal.mapping;

import java.util.List;

/**
 * The load-time check of a transform's Jinja template, for the configuration loader: what Jinja
 * refuses when it compiles a template (a syntax error, an unknown test or filter). The adapter that
 * will run the template is not known yet, so a filter that is not built in is only a warning here;
 * the engine refuses it when it compiles the transforms with the adapter's filters.
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

  /** Checks one template. */
  public static Result check(String template) {
    JinjaTemplate.Findings f = JinjaTemplate.check(template);
    List<String> errors = new java.util.ArrayList<>(f.syntax());
    errors.addAll(f.unknownTests());
    return new Result(errors, f.unknownFilters());
  }
}
