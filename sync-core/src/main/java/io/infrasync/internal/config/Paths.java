package io.infrasync.internal.config;

import java.util.regex.Pattern;

/** Key paths as shown in problems: {@code schema_mapping[3].fields[1].reference}. */
public final class Paths {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_\\-]+");

  private Paths() {}

  public static String key(String parent, String key) {
    if (!PLAIN.matcher(key).matches()) {
      return parent + "[\"" + key.replace("\"", "\\\"") + "\"]";
    }
    return parent.isEmpty() ? key : parent + "." + key;
  }

  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
