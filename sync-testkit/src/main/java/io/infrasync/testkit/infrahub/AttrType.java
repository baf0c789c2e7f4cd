package io.infrasync.testkit.infrahub;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The value families behind Infrahub attribute kinds, with their GraphQL type names. */
enum AttrType {
  TEXT("TextAttribute", "String", "TextAttribute"),
  NUMBER("NumberAttribute", "BigInt", "NumberAttribute"),
  BOOLEAN("CheckboxAttribute", "Boolean", "CheckboxAttribute"),
  DROPDOWN("Dropdown", "String", "TextAttribute"),
  IPHOST("IPHost", "String", "TextAttribute"),
  IPNETWORK("IPNetwork", "String", "TextAttribute"),
  JSON("JSONAttribute", "GenericScalar", "JSONAttribute"),
  LIST("ListAttribute", "GenericScalar", "ListAttribute"),
  ANY("AnyAttribute", "GenericScalar", "AnyAttribute");

  private static final Map<String, AttrType> BY_KIND = new TreeMap<>();

  static {
    for (String k :
        new String[] {
          "Text",
          "TextArea",
          "String",
          "ID",
          "DateTime",
          "Email",
          "Password",
          "HashedPassword",
          "URL",
          "File",
          "MacAddress",
          "Color"
        }) {
      BY_KIND.put(k, TEXT);
    }
    BY_KIND.put("Number", NUMBER);
    BY_KIND.put("Integer", NUMBER);
    BY_KIND.put("Bandwidth", NUMBER);
    BY_KIND.put("Boolean", BOOLEAN);
    BY_KIND.put("Checkbox", BOOLEAN);
    BY_KIND.put("Dropdown", DROPDOWN);
    BY_KIND.put("IPHost", IPHOST);
    BY_KIND.put("IPNetwork", IPNETWORK);
    BY_KIND.put("JSON", JSON);
    BY_KIND.put("List", LIST);
    BY_KIND.put("Any", ANY);
  }

  /** GraphQL object type of the attribute in query results. */
  final String queryType;

  /** GraphQL scalar of {@code value} in results, filters and inputs. */
  final String scalar;

  /** Prefix of the mutation input types ({@code <prefix>Create}, {@code <prefix>Update}). */
  final String inputPrefix;

  AttrType(String queryType, String scalar, String inputPrefix) {
    this.queryType = queryType;
    this.scalar = scalar;
    this.inputPrefix = inputPrefix;
  }

  static @Nullable AttrType ofKind(String kind) {
    return BY_KIND.get(kind);
  }

  static String supportedKinds() {
    return String.join(", ", BY_KIND.keySet());
  }

  boolean isStringLike() {
    return this == TEXT || this == DROPDOWN || this == IPHOST || this == IPNETWORK;
  }

  String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
