package io.infrasync.internal.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Python {@code str} methods for Jinja expressions ({@code name.lower()}, {@code net.split('/')[1]},
 * {@code dn.replace('node-', '')}): the common ones, with Python semantics rather than Java's
 * ({@code split} takes no regex, {@code strip} strips given characters).
 */
final class PyStrings {
  /**
   * A Python {@code TypeError}/{@code ValueError} from a method call. Not an
   * {@link IllegalArgumentException}: Jinjava swallows those from method calls.
   */
  static final class MethodError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MethodError(String message) {
      super(message);
    }
  }

  /** Returned when the method is not one of Python's supported here. */
  static final Object NOT_HANDLED = new Object();

  private PyStrings() {}

  static @Nullable Object call(String s, String method, @Nullable Object[] args) {
    return switch (method) {
      case "lower" -> none(method, args, s.toLowerCase(Locale.ROOT));
      case "upper" -> none(method, args, s.toUpperCase(Locale.ROOT));
      case "title" -> none(method, args, title(s));
      case "capitalize" -> none(method, args,
          s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT));
      case "swapcase" -> none(method, args, swapcase(s));
      case "strip" -> strip(s, chars(method, args), true, true);
      case "lstrip" -> strip(s, chars(method, args), true, false);
      case "rstrip" -> strip(s, chars(method, args), false, true);
      case "split" -> split(s, sep(method, args), maxsplit(args));
      case "rsplit" -> rsplit(s, sep(method, args), maxsplit(args));
      case "replace" -> replace(s, str(method, args, 0), str(method, args, 1), args.length > 2 ? integer(method, args[2]) : -1);
      case "startswith" -> affix(s, method, args, true);
      case "endswith" -> affix(s, method, args, false);
      case "find" -> (long) s.indexOf(str(method, args, 0));
      case "rfind" -> (long) s.lastIndexOf(str(method, args, 0));
      case "count" -> count(s, str(method, args, 0));
      case "join" -> join(s, method, args);
      case "isdigit" -> none(method, args, !s.isEmpty() && s.chars().allMatch(Character::isDigit));
      case "isalpha" -> none(method, args, !s.isEmpty() && s.chars().allMatch(Character::isLetter));
      case "isalnum" -> none(method, args, !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit));
      case "isspace" -> none(method, args, !s.isEmpty() && s.chars().allMatch(Character::isWhitespace));
      case "islower" -> none(method, args, cased(s) && s.equals(s.toLowerCase(Locale.ROOT)));
      case "isupper" -> none(method, args, cased(s) && s.equals(s.toUpperCase(Locale.ROOT)));
      case "zfill" -> zfill(s, (int) integer(method, arg(method, args, 0)));
      case "removeprefix" -> {
        String p = str(method, args, 0);
        yield s.startsWith(p) ? s.substring(p.length()) : s;
      }
      case "removesuffix" -> {
        String p = str(method, args, 0);
        yield !p.isEmpty() && s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
      }
      case "ljust", "rjust" -> justify(s, method, args);
      default -> NOT_HANDLED;
    };
  }

  private static Object none(String method, @Nullable Object[] args, Object result) {
    if (args.length > 0) {
      throw new MethodError("str." + method + "() takes no arguments (" + args.length + " given)");
    }
    return result;
  }

  private static @Nullable Object arg(String method, @Nullable Object[] args, int i) {
    if (i >= args.length) {
      throw new MethodError("str." + method + "() takes at least " + (i + 1) + " argument(s) (" + args.length + " given)");
    }
    return Undefined.check(args[i]);
  }

  private static String str(String method, @Nullable Object[] args, int i) {
    Object v = arg(method, args, i);
    if (!(v instanceof CharSequence cs)) {
      throw new MethodError("str." + method + "() argument " + (i + 1) + " must be str, not " + Py.typeName(v));
    }
    return cs.toString();
  }

  private static long integer(String method, @Nullable Object v) {
    Object x = Undefined.check(v);
    if (x instanceof Number n && !(x instanceof Double) && !(x instanceof Float)) {
      return n.longValue();
    }
    throw new MethodError("str." + method + "(): '" + Py.typeName(x) + "' object cannot be interpreted as an integer");
  }

  private static @Nullable String chars(String method, @Nullable Object[] args) {
    return args.length == 0 || args[0] == null ? null : str(method, args, 0);
  }

  private static @Nullable String sep(String method, @Nullable Object[] args) {
    String sep = args.length == 0 || args[0] == null ? null : str(method, args, 0);
    if (sep != null && sep.isEmpty()) {
      throw new MethodError("empty separator");
    }
    return sep;
  }

  private static int maxsplit(@Nullable Object[] args) {
    return args.length > 1 ? (int) integer("split", args[1]) : -1;
  }

  private static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean prevCased = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean isCased = Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
      sb.append(isCased ? (prevCased ? Character.toLowerCase(c) : Character.toTitleCase(c)) : c);
      prevCased = isCased;
    }
    return sb.toString();
  }

  private static String swapcase(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return sb.toString();
  }

  private static boolean cased(String s) {
    return s.chars().anyMatch(c -> Character.isUpperCase(c) || Character.isLowerCase(c));
  }

  private static boolean stripped(char c, @Nullable String chars) {
    return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
  }

  private static String strip(String s, @Nullable String chars, boolean left, boolean right) {
    int from = 0;
    int to = s.length();
    while (left && from < to && stripped(s.charAt(from), chars)) {
      from++;
    }
    while (right && to > from && stripped(s.charAt(to - 1), chars)) {
      to--;
    }
    return s.substring(from, to);
  }

  private static List<String> split(String s, @Nullable String sep, int maxsplit) {
    List<String> out = new ArrayList<>();
    if (sep == null) {
      int i = 0;
      while (true) {
        while (i < s.length() && stripped(s.charAt(i), null)) {
          i++;
        }
        if (i >= s.length()) {
          break;
        }
        if (maxsplit >= 0 && out.size() == maxsplit) {
          out.add(s.substring(i));
          break;
        }
        int j = i;
        while (j < s.length() && !stripped(s.charAt(j), null)) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    } else {
      int i = 0;
      while (maxsplit < 0 || out.size() < maxsplit) {
        int at = s.indexOf(sep, i);
        if (at < 0) {
          break;
        }
        out.add(s.substring(i, at));
        i = at + sep.length();
      }
      out.add(s.substring(i));
    }
    return out;
  }

  private static List<String> rsplit(String s, @Nullable String sep, int maxsplit) {
    if (maxsplit < 0) {
      return split(s, sep, maxsplit);
    }
    List<String> out = new ArrayList<>();
    if (sep == null) {
      int j = s.length();
      while (true) {
        while (j > 0 && stripped(s.charAt(j - 1), null)) {
          j--;
        }
        if (j == 0) {
          break;
        }
        if (out.size() == maxsplit) {
          out.add(s.substring(0, j));
          break;
        }
        int i = j;
        while (i > 0 && !stripped(s.charAt(i - 1), null)) {
          i--;
        }
        out.add(s.substring(i, j));
        j = i;
      }
    } else {
      int j = s.length();
      while (out.size() < maxsplit) {
        int at = s.lastIndexOf(sep, j - sep.length());
        if (at < 0) {
          break;
        }
        out.add(s.substring(at + sep.length(), j));
        j = at;
      }
      out.add(s.substring(0, j));
    }
    Collections.reverse(out);
    return out;
  }

  private static String replace(String s, String old, String with, long count) {
    StringBuilder sb = new StringBuilder();
    long done = 0;
    if (old.isEmpty()) {
      for (int i = 0; i <= s.length(); i++) {
        if (count < 0 || done < count) {
          sb.append(with);
          done++;
        }
        if (i < s.length()) {
          sb.append(s.charAt(i));
        }
      }
      return sb.toString();
    }
    int i = 0;
    while (count < 0 || done < count) {
      int at = s.indexOf(old, i);
      if (at < 0) {
        break;
      }
      sb.append(s, i, at).append(with);
      i = at + old.length();
      done++;
    }
    return sb.append(s.substring(i)).toString();
  }

  private static boolean affix(String s, String method, @Nullable Object[] args, boolean start) {
    Object a = arg(method, args, 0);
    List<?> options = a instanceof List<?> l ? l : List.of(a == null ? "" : a);
    for (Object o : options) {
      if (!(o instanceof CharSequence cs)) {
        throw new MethodError("str." + method + "() arg must be str or a tuple of str, not " + Py.typeName(o));
      }
      if (start ? s.startsWith(cs.toString()) : s.endsWith(cs.toString())) {
        return true;
      }
    }
    return false;
  }

  private static long count(String s, String sub) {
    if (sub.isEmpty()) {
      return s.length() + 1L;
    }
    long n = 0;
    for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
      n++;
    }
    return n;
  }

  private static String join(String s, String method, @Nullable Object[] args) {
    Object a = arg(method, args, 0);
    if (!(a instanceof Iterable<?> items)) {
      throw new MethodError("can only join an iterable");
    }
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (Object o : items) {
      if (!(o instanceof CharSequence cs)) {
        throw new MethodError("sequence item " + i + ": expected str instance, " + Py.typeName(o) + " found");
      }
      if (i++ > 0) {
        sb.append(s);
      }
      sb.append(cs);
    }
    return sb.toString();
  }

  private static String zfill(String s, int width) {
    if (s.length() >= width) {
      return s;
    }
    String pad = "0".repeat(width - s.length());
    return !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? s.charAt(0) + pad + s.substring(1) : pad + s;
  }

  private static String justify(String s, String method, @Nullable Object[] args) {
    int width = (int) integer(method, arg(method, args, 0));
    String fill = args.length > 1 ? str(method, args, 1) : " ";
    if (fill.length() != 1) {
      throw new MethodError("The fill character must be exactly one character long");
    }
    if (s.length() >= width) {
      return s;
    }
    String pad = fill.repeat(width - s.length());
    return method.equals("ljust") ? s + pad : pad + s;
  }
}
