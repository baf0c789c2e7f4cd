package io.infrasync.internal.mapping;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code ast.literal_eval} as Jinja's {@code NativeEnvironment} applies it to rendered
 * output: numbers, strings, {@code True}/{@code False}/{@code None}, lists, tuples (as lists), dicts
 * and sets (as lists). Anything else, including complex numbers and bytes, is not a literal and the
 * caller keeps the text.
 */
final class PyLiteral {
  /** Returned by {@link #eval} when the text is not a Python literal. */
  static final Object NOT_A_LITERAL = new Object();

  private static final class NotLiteral extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotLiteral() {
      super(null, null, false, false);
    }
  }

  private final String s;
  private int pos;
  private int depth;

  private PyLiteral(String s) {
    this.s = s;
  }

  /** The value of a Python literal, or {@link #NOT_A_LITERAL}. */
  static @Nullable Object eval(String text) {
    // ast.parse rejects leading indentation, and the empty string is no expression.
    if (text.isEmpty() || Character.isWhitespace(text.charAt(0))) {
      return NOT_A_LITERAL;
    }
    PyLiteral p = new PyLiteral(text);
    try {
      Object v = p.topLevel();
      p.skipSpace(true);
      return p.pos == text.length() ? v : NOT_A_LITERAL;
    } catch (NotLiteral e) {
      return NOT_A_LITERAL;
    }
  }

  private @Nullable Object topLevel() {
    Object first = expression();
    skipSpace(false);
    if (!peek(',')) {
      return first;
    }
    List<@Nullable Object> tuple = new ArrayList<>();
    tuple.add(first);
    while (peek(',')) {
      pos++;
      skipSpace(false);
      if (pos == s.length() || s.charAt(pos) == '\n' || s.charAt(pos) == '#') {
        break;
      }
      tuple.add(expression());
      skipSpace(false);
    }
    return Collections.unmodifiableList(tuple);
  }

  private @Nullable Object expression() {
    skipSpace(false);
    if (pos == s.length()) {
      throw new NotLiteral();
    }
    char c = s.charAt(pos);
    if (c == '+' || c == '-') {
      pos++;
      skipSpace(false);
      if (pos == s.length() || !(Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        throw new NotLiteral(); // literal_eval allows a sign on a number only
      }
      Object v = number();
      if (c == '+') {
        return v;
      }
      if (v instanceof Long l) {
        return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : -l;
      }
      if (v instanceof BigInteger b) {
        return integer(b.negate());
      }
      return -(Double) v;
    }
    if (c == '[') {
      pos++;
      return Collections.unmodifiableList(sequence(']'));
    }
    if (c == '(') {
      pos++;
      depth++;
      skipSpace(true);
      if (peek(')')) {
        pos++;
        depth--;
        return List.of();
      }
      Object first = expression();
      skipSpace(true);
      if (peek(')')) {
        pos++;
        depth--;
        return first;
      }
      expect(',');
      depth--;
      List<@Nullable Object> rest = sequence(')');
      rest.add(0, first);
      return Collections.unmodifiableList(rest);
    }
    if (c == '{') {
      pos++;
      return braces();
    }
    if (c == '\'' || c == '"') {
      return strings();
    }
    if (Character.isDigit(c) || (c == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)))) {
      return number();
    }
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
        pos++;
      }
      String word = s.substring(start, pos);
      if (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"')) {
        pos = start;
        return strings();
      }
      return switch (word) {
        case "True" -> true;
        case "False" -> false;
        case "None" -> null;
        default -> throw new NotLiteral();
      };
    }
    throw new NotLiteral();
  }

  /** Elements up to {@code close} (the opening bracket is consumed); a trailing comma is allowed. */
  private List<@Nullable Object> sequence(char close) {
    depth++;
    List<@Nullable Object> out = new ArrayList<>();
    skipSpace(true);
    while (!peek(close)) {
      out.add(expression());
      skipSpace(true);
      if (peek(',')) {
        pos++;
        skipSpace(true);
      } else if (!peek(close)) {
        throw new NotLiteral();
      }
    }
    pos++;
    depth--;
    return out;
  }

  private Object braces() {
    depth++;
    skipSpace(true);
    if (peek('}')) {
      pos++;
      depth--;
      return Map.of();
    }
    Object first = expression();
    skipSpace(true);
    if (!peek(':')) {
      List<@Nullable Object> set = new ArrayList<>();
      set.add(first);
      if (peek(',')) {
        pos++;
      } else if (!peek('}')) {
        throw new NotLiteral();
      }
      depth--;
      set.addAll(sequence('}'));
      return Collections.unmodifiableList(set);
    }
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    Object key = first;
    while (true) {
      if (key instanceof List<?> || key instanceof Map<?, ?>) {
        throw new NotLiteral(); // unhashable
      }
      expect(':');
      map.put(Py.str(key), expression());
      skipSpace(true);
      if (peek(',')) {
        pos++;
        skipSpace(true);
        if (!peek('}')) {
          key = expression();
          skipSpace(true);
          continue;
        }
      }
      if (!peek('}')) {
        throw new NotLiteral();
      }
      pos++;
      depth--;
      return Collections.unmodifiableMap(map);
    }
  }

  /** One or more adjacent string literals, concatenated. */
  private String strings() {
    StringBuilder out = new StringBuilder();
    do {
      string(out);
      skipSpace(depth > 0);
    } while (pos < s.length() && startsString());
    return out.toString();
  }

  private boolean startsString() {
    int p = pos;
    while (p < s.length() && p - pos < 2 && Character.isLetter(s.charAt(p))) {
      p++;
    }
    return p < s.length() && (s.charAt(p) == '\'' || s.charAt(p) == '"');
  }

  private void string(StringBuilder out) {
    boolean raw = false;
    while (Character.isLetter(s.charAt(pos))) {
      char p = Character.toLowerCase(s.charAt(pos));
      if (p == 'r') {
        raw = true;
      } else if (p != 'u') {
        throw new NotLiteral(); // bytes and f-strings are not str literals
      }
      pos++;
    }
    char q = s.charAt(pos);
    boolean triple = s.startsWith(String.valueOf(q).repeat(3), pos);
    pos += triple ? 3 : 1;
    while (true) {
      if (pos >= s.length()) {
        throw new NotLiteral();
      }
      char c = s.charAt(pos);
      if (c == q && (!triple || s.startsWith(String.valueOf(q).repeat(3), pos))) {
        pos += triple ? 3 : 1;
        return;
      }
      if (c == '\n' && !triple) {
        throw new NotLiteral();
      }
      if (c == '\\' && pos + 1 < s.length()) {
        if (raw) {
          out.append(c).append(s.charAt(pos + 1));
          pos += 2;
        } else {
          escape(out);
        }
        continue;
      }
      out.append(c);
      pos++;
    }
  }

  private void escape(StringBuilder out) {
    char c = s.charAt(pos + 1);
    pos += 2;
    switch (c) {
      case '\n' -> { }
      case '\\', '\'', '"' -> out.append(c);
      case 'a' -> out.append('\u0007');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'v' -> out.append('\u000b');
      case 'x' -> out.appendCodePoint(hex(2));
      case 'u' -> out.appendCodePoint(hex(4));
      case 'U' -> out.appendCodePoint(hex(8));
      default -> {
        if (c >= '0' && c <= '7') {
          int v = c - '0';
          for (int i = 0; i < 2 && pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7'; i++) {
            v = v * 8 + (s.charAt(pos++) - '0');
          }
          out.append((char) v);
        } else if (c == 'N') {
          throw new NotLiteral(); // named unicode escapes are not supported
        } else {
          out.append('\\').append(c);
        }
      }
    }
  }

  private int hex(int n) {
    if (pos + n > s.length()) {
      throw new NotLiteral();
    }
    try {
      int v = Integer.parseUnsignedInt(s.substring(pos, pos + n), 16);
      pos += n;
      if (!Character.isValidCodePoint(v)) {
        throw new NotLiteral();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new NotLiteral();
    }
  }

  private Object number() {
    if (s.charAt(pos) == '0' && pos + 1 < s.length() && "xXoObB".indexOf(s.charAt(pos + 1)) >= 0) {
      char kind = Character.toLowerCase(s.charAt(pos + 1));
      int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
      pos += 2;
      if (peek('_')) {
        pos++;
      }
      String digits = digitPart(radix);
      endOfNumber();
      return integer(new BigInteger(digits, radix));
    }
    String intPart = peek('.') ? "" : digitPart(10);
    boolean isFloat = false;
    StringBuilder text = new StringBuilder(intPart);
    if (peek('.')) {
      pos++;
      isFloat = true;
      text.append('.');
      if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        text.append(digitPart(10));
      }
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      int mark = pos;
      pos++;
      StringBuilder exp = new StringBuilder("e");
      if (peek('+') || peek('-')) {
        exp.append(s.charAt(pos++));
      }
      if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
        exp.append(digitPart(10));
        text.append(exp);
        isFloat = true;
      } else {
        pos = mark;
      }
    }
    endOfNumber();
    if (isFloat) {
      return Double.parseDouble(text.toString());
    }
    if (intPart.length() > 1 && intPart.charAt(0) == '0' && !intPart.chars().allMatch(ch -> ch == '0')) {
      throw new NotLiteral(); // leading zeros in a decimal integer are a SyntaxError
    }
    return integer(new BigInteger(intPart));
  }

  private static Object integer(BigInteger b) {
    return b.bitLength() < 64 ? (Object) b.longValue() : b;
  }

  /** Digits with single underscores between them. */
  private String digitPart(int radix) {
    StringBuilder sb = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (Character.digit(c, radix) >= 0) {
        sb.append(c);
        pos++;
      } else if (c == '_' && sb.length() > 0 && pos + 1 < s.length() && Character.digit(s.charAt(pos + 1), radix) >= 0) {
        pos++;
      } else {
        break;
      }
    }
    if (sb.length() == 0) {
      throw new NotLiteral();
    }
    return sb.toString();
  }

  private void endOfNumber() {
    if (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '.')) {
      throw new NotLiteral(); // 1abc, 1j (complex), 10.0.0.1
    }
  }

  private boolean peek(char c) {
    return pos < s.length() && s.charAt(pos) == c;
  }

  private void expect(char c) {
    skipSpace(true);
    if (!peek(c)) {
      throw new NotLiteral();
    }
    pos++;
  }

  /** Skips blanks and comments; newlines only inside brackets or when {@code newlines}. */
  private void skipSpace(boolean newlines) {
    boolean nl = newlines || depth > 0;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\f' || (nl && (c == '\n' || c == '\r'))) {
        pos++;
      } else if (c == '\\' && pos + 1 < s.length() && s.charAt(pos + 1) == '\n') {
        pos += 2;
      } else if (c == '#') {
        while (pos < s.length() && s.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }
}
