package io.infrasync.internal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in every string of an adapter's settings tree.
 * <code>$${</code> is a literal <code>${</code>. A string without placeholders keeps its YAML type; a
 * templated value is a string. Problems name the variable and the key path, never a value.
 */
public final class EnvExpander {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, @Nullable String> env;
  private final Problems problems;

  public EnvExpander(Function<String, @Nullable String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  /** The plain Java value of {@code node} with every string expanded. */
  public @Nullable Object expand(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar s) {
      return s.value() instanceof String str ? expandString(str, s, path) : s.value();
    }
    if (node instanceof YamlNode.Sequence seq) {
      List<@Nullable Object> out = new ArrayList<>(seq.items().size());
      for (int i = 0; i < seq.items().size(); i++) {
        out.add(expand(seq.items().get(i), Paths.index(path, i)));
      }
      return Collections.unmodifiableList(out);
    }
    YamlNode.Mapping map = (YamlNode.Mapping) node;
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    map.entries().forEach((k, e) -> out.put(k, expand(e.value(), Paths.key(path, k))));
    return Collections.unmodifiableMap(out);
  }

  private String expandString(String s, YamlNode at, String path) {
    if (s.indexOf('$') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (s.startsWith("${", i)) {
        int close = s.indexOf('}', i + 2);
        if (close < 0) {
          problems.error(at.location(), path, "unterminated placeholder at character " + (i + 1) + ": `${` without a closing `}` (write `$${` for a literal `${`)");
          return s;
        }
        out.append(resolve(s.substring(i + 2, close), i + 1, at, path));
        i = close + 1;
      } else {
        out.append(s.charAt(i));
        i++;
      }
    }
    return out.toString();
  }

  private String resolve(String placeholder, int position, YamlNode at, String path) {
    int sep = placeholder.indexOf(":-");
    String name = sep < 0 ? placeholder : placeholder.substring(0, sep);
    @Nullable String fallback = sep < 0 ? null : placeholder.substring(sep + 2);
    if (!NAME.matcher(name).matches()) {
      problems.error(at.location(), path, "invalid placeholder at character " + position + ": a variable name must match [A-Za-z_][A-Za-z0-9_]* (write `$${` for a literal `${`)");
      return "";
    }
    @Nullable String value = env.apply(name);
    if (fallback != null && (value == null || value.isEmpty())) {
      return fallback;
    }
    if (value == null) {
      problems.error(at.location(), path, "environment variable `" + name + "` is not set (give it a value, or a default with `${" + name + ":-default}`)");
      return "";
    }
    return value;
  }
}
