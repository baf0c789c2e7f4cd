package io.infrasync.internal.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Extra Jinja filters and functions an adapter offers to its mappings' transforms, as
 * infrahub-sync adapters do with {@code _add_custom_filters} (ACI's {@code aci_device_name}) or by
 * injecting callables into records (Prometheus' {@code lookup(...)}). Implementations must be
 * thread-safe; they get the record being transformed (read-only, earlier transforms applied).
 *
 * <p>Arguments arrive in the value domain of {@link io.infrasync.Values} ({@code String},
 * {@code Long}, {@code Double}, {@code Boolean}, null, immutable lists and maps).
 */
public final class TransformFunctions {
  /** No extra filters or functions. */
  public static final TransformFunctions NONE = new TransformFunctions(Map.of(), Map.of());

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A filter: {@code {{ value | name(args) }}}. */
  @FunctionalInterface
  public interface CustomFilter {
    @Nullable Object apply(@Nullable Object value, List<@Nullable Object> args, Map<String, @Nullable Object> record);
  }

  /** A function: {@code {{ name(args) }}}. Keyword arguments are not supported. */
  @FunctionalInterface
  public interface CustomFunction {
    @Nullable Object apply(List<@Nullable Object> args, Map<String, @Nullable Object> record);
  }

  private final Map<String, CustomFilter> filters;
  private final Map<String, CustomFunction> functions;

  private TransformFunctions(Map<String, CustomFilter> filters, Map<String, CustomFunction> functions) {
    this.filters = filters;
    this.functions = functions;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<String, CustomFilter> filters() {
    return filters;
  }

  public Map<String, CustomFunction> functions() {
    return functions;
  }

  public boolean isEmpty() {
    return filters.isEmpty() && functions.isEmpty();
  }

  @Override
  public String toString() {
    return "TransformFunctions{filters=" + filters.keySet() + ", functions=" + functions.keySet() + "}";
  }

  /** Collects filters and functions; each name once. */
  public static final class Builder {
    private final Map<String, CustomFilter> filters = new LinkedHashMap<>();
    private final Map<String, CustomFunction> functions = new LinkedHashMap<>();

    private Builder() {}

    public Builder filter(String name, CustomFilter filter) {
      Objects.requireNonNull(filter, "filter");
      if (filters.putIfAbsent(checked(name), filter) != null) {
        throw new IllegalStateException("filter `" + name + "` is already registered");
      }
      return this;
    }

    public Builder function(String name, CustomFunction function) {
      Objects.requireNonNull(function, "function");
      if (functions.putIfAbsent(checked(name), function) != null) {
        throw new IllegalStateException("function `" + name + "` is already registered");
      }
      return this;
    }

    public TransformFunctions build() {
      return filters.isEmpty() && functions.isEmpty()
          ? NONE
          : new TransformFunctions(Map.copyOf(filters), Map.copyOf(functions));
    }

    private static String checked(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("`" + name + "` is not a valid Jinja identifier");
      }
      return name;
    }
  }
}
