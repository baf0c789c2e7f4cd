package io.infrasync.internal.mapping;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;
import org.jspecify.annotations.Nullable;

/**
 * Jinjava's read-only resolvers, preceded by Python's behaviour: {@code str} methods
 * ({@link PyStrings}), {@code dict.get(key, default)}, and Jinja's strict undefined for a missing
 * dict key or list element and for anything read from an undefined value.
 */
final class JinjaResolver extends CompositeELResolver {
  /** Dict methods: a missing key with one of these names is left to the method call. */
  private static final Set<String> DICT_METHODS =
      Set.of("get", "items", "keys", "values", "copy", "update", "pop", "setdefault");

  JinjaResolver() {
    add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
  }

  @Override
  public @Nullable Object getValue(ELContext context, @Nullable Object base, @Nullable Object property) {
    if (base instanceof Undefined u) {
      throw u.error();
    }
    if (base instanceof Map<?, ?> m && property != null) {
      String key = property.toString();
      if (!m.containsKey(property) && !m.containsKey(key) && !DICT_METHODS.contains(key)) {
        context.setPropertyResolved(true);
        return new Undefined("'dict object' has no attribute '" + key + "'");
      }
    }
    if (base instanceof List<?> l && property != null) {
      Long index = index(property);
      if (index != null) {
        long at = index < 0 ? index + l.size() : index;
        if (at < 0 || at >= l.size()) {
          context.setPropertyResolved(true);
          return new Undefined("list object has no element " + index);
        }
      }
    }
    return super.getValue(context, base, property);
  }

  @Override
  public @Nullable Object invoke(ELContext context, @Nullable Object base, Object method,
      Class<?> @Nullable [] paramTypes, @Nullable Object @Nullable [] params) {
    if (base instanceof Undefined u) {
      throw u.error();
    }
    @Nullable Object[] args = params == null ? new Object[0] : params;
    if (base instanceof String s) {
      Object r = PyStrings.call(s, String.valueOf(method), args);
      if (r != PyStrings.NOT_HANDLED) {
        context.setPropertyResolved(true);
        return r;
      }
    } else if (base instanceof Map<?, ?> m && "get".equals(String.valueOf(method)) && args.length == 2) {
      context.setPropertyResolved(true);
      Object key = Undefined.check(args[0]);
      return m.containsKey(key) ? m.get(key) : args[1];
    }
    return super.invoke(context, base, method, paramTypes, params);
  }

  private static @Nullable Long index(Object property) {
    if (property instanceof Long || property instanceof Integer) {
      return ((Number) property).longValue();
    }
    if (property instanceof String s && !s.isEmpty()) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
