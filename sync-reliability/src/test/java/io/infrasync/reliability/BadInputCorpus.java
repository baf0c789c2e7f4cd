package io.infrasync.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The malformed {@code config.yml} corpus: mutations of every upstream example configuration in
 * {@code shared/upstream-examples} (both the 2.0 and the 1.5.7 versions), each with the line it
 * expects the error at and a word the message must contain, plus hand-written cases.
 */
final class BadInputCorpus {
  private BadInputCorpus() {}

  /**
   * One malformed configuration.
   *
   * @param line the 1-based line a problem must point at, or 0 when any line (> 0) will do, or -1
   *     when the problem concerns the whole file (no line)
   * @param expect a fragment the message must contain (case-insensitive)
   */
  record ConfigCase(String name, String yaml, int line, String expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Path shared() {
    String dir = System.getProperty("infrasync.shared.dir");
    return dir != null ? Path.of(dir) : Path.of("../../shared");
  }

  static List<Path> upstreamConfigs() {
    try (Stream<Path> s = Files.walk(shared().resolve("upstream-examples"))) {
      return s.filter(p -> p.getFileName().toString().matches("config(\\.v1\\.5\\.7)?\\.yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A line-level mutation: where it applies, what it does, what error it must give. */
  private record Mutation(String name, Pattern where, UnaryOperator<String> change, String expect, boolean atLine) {}

  private static final List<Mutation> MUTATIONS = List.of(
      new Mutation("unknown top-level key", Pattern.compile("^schema_mapping:\\s*$"),
          l -> "schema_mappings:", "unknown key", true),
      new Mutation("unknown key in an entry", Pattern.compile("^\\s+identifiers:.*$"),
          l -> l.replace("identifiers:", "identifers:"), "unknown key", true),
      new Mutation("unknown key in a field", Pattern.compile("^\\s+mapping:.*$"),
          l -> l.replace("mapping:", "maping:"), "unknown key", true),
      new Mutation("identifiers not a list", Pattern.compile("^\\s+identifiers:.*$"),
          l -> l.substring(0, l.indexOf(':') + 1) + " 42", "identifiers", true),
      new Mutation("name is a list", Pattern.compile("^name:.*$"),
          l -> "name: [a, b]", "name", true),
      new Mutation("fields is a scalar", Pattern.compile("^\\s+fields:\\s*$"),
          l -> l + " nope", "", false),
      new Mutation("unclosed flow sequence", Pattern.compile("^\\s+identifiers:.*$"),
          l -> l.substring(0, l.indexOf(':') + 1) + " [name, ", "", false),
      new Mutation("unclosed quote", Pattern.compile("^name:.*$"),
          l -> "name: \"unterminated", "", false),
      new Mutation("tab indentation", Pattern.compile("^\\s+- name:.*$"),
          l -> "\t" + l.stripLeading(), "", false),
      new Mutation("duplicate key", Pattern.compile("^name:.*$"),
          l -> l + "\n" + l, "name", false),
      new Mutation("reference to a near-miss kind", Pattern.compile("^\\s+reference:\\s*\"?([A-Za-z]+)\"?\\s*$"),
          l -> l.replaceAll("reference:\\s*\"?([A-Za-z]+)\"?", "reference: $1s"), "did you mean", true),
      new Mutation("unknown filter operation", Pattern.compile("^\\s+operation:.*$"),
          l -> l.substring(0, l.indexOf(':') + 1) + " \"equals\"", "operation", true),
      new Mutation("flags not a list", Pattern.compile("^destination:\\s*$"),
          l -> "diffsync_flags: SKIP_UNMATCHED_SRC\n" + l, "diffsync_flags", true),
      new Mutation("unknown flag", Pattern.compile("^destination:\\s*$"),
          l -> "diffsync_flags: [SKIP_UNMATCHED_SOURCE]\n" + l, "SKIP_UNMATCHED_SOURCE", true),
      new Mutation("negative full_resync_every", Pattern.compile("^destination:\\s*$"),
          l -> "incremental: {full_resync_every: -1}\n" + l, "full_resync_every", true),
      new Mutation("order names an unmapped kind", Pattern.compile("^destination:\\s*$"),
          l -> "order: [NoSuchKindAnywhere]\n" + l, "NoSuchKindAnywhere", true),
      new Mutation("unset environment variable", Pattern.compile("^\\s+url:.*$"),
          l -> l.substring(0, l.indexOf(':') + 1) + " \"${MISSING_RELIABILITY_VAR}\"", "MISSING_RELIABILITY_VAR",
          false),
      new Mutation("malformed placeholder", Pattern.compile("^\\s+url:.*$"),
          l -> l.substring(0, l.indexOf(':') + 1) + " \"${UNCLOSED\"", "${", false),
      new Mutation("document separator: two documents", Pattern.compile("^destination:\\s*$"),
          l -> "---\nname: second\n" + l, "", false));

  /** Every applicable mutation of every upstream example. */
  static List<ConfigCase> mutatedUpstreamConfigs() {
    List<ConfigCase> out = new ArrayList<>();
    for (Path file : upstreamConfigs()) {
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String label = shared().resolve("upstream-examples").relativize(file).toString();
      List<String> lines = List.of(text.split("\n", -1));
      for (Mutation m : MUTATIONS) {
        int at = find(lines, m.where());
        if (at < 0) {
          continue;
        }
        List<String> changed = new ArrayList<>(lines);
        String replaced = m.change().apply(lines.get(at));
        changed.set(at, replaced);
        int expectedLine = m.atLine() ? at + 1 : 0;
        if (m.name().equals("duplicate key")) {
          expectedLine = at + 2;
        }
        if (m.name().equals("reference to a near-miss kind")) {
          Matcher km = m.where().matcher(lines.get(at));
          if (!km.matches() || !mapsKind(lines, km.group(1))) {
            continue; // a reference to an unmapped kind only warns
          }
        }
        out.add(new ConfigCase(label + ": " + m.name(), String.join("\n", changed), expectedLine, m.expect()));
      }
    }
    return out;
  }

  private static boolean mapsKind(List<String> lines, String kind) {
    Pattern p = Pattern.compile("^\\s+- name:\\s*\"?" + Pattern.quote(kind) + "\"?\\s*$");
    int inMapping = find(lines, Pattern.compile("^schema_mapping:\\s*$"));
    return inMapping >= 0 && lines.stream().skip(inMapping).anyMatch(l -> p.matcher(l).matches()
        && (l.indexOf('-') == 2 || l.indexOf('-') == 0));
  }

  private static int find(List<String> lines, Pattern p) {
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (!l.stripLeading().startsWith("#") && p.matcher(l).matches()) {
        return i;
      }
    }
    return -1;
  }

  private static final String BASE = """
      name: hand
      source: {name: memory}
      destination: {name: memory}
      schema_mapping:
        - name: Site
          mapping: sites
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
            - {name: region, mapping: region, reference: Region}
        - name: Region
          mapping: regions
          identifiers: [name]
          fields:
            - {name: name, mapping: name}
      """;

  /** Hand-written cases the mutations do not reach. */
  static List<ConfigCase> handWritten() {
    List<ConfigCase> out = new ArrayList<>();
    out.add(new ConfigCase("empty file", "", -1, "empty"));
    out.add(new ConfigCase("only a comment", "# nothing\n", -1, ""));
    out.add(new ConfigCase("top level is a list", "- a\n- b\n", 1, "mapping"));
    out.add(new ConfigCase("top level is a scalar", "hello\n", 1, "mapping"));
    out.add(new ConfigCase("no name", BASE.replace("name: hand\n", ""), 0, "name"));
    out.add(new ConfigCase("no source", BASE.replace("source: {name: memory}\n", ""), 0, "source"));
    out.add(new ConfigCase("source without name", BASE.replace("source: {name: memory}", "source: {settings: {}}"),
        2, "name"));
    out.add(new ConfigCase("name with a slash", BASE.replace("name: hand", "name: a/b"), 1, "name"));
    out.add(new ConfigCase("name is dot-dot", BASE.replace("name: hand", "name: .."), 1, "name"));
    out.add(new ConfigCase("identifier not a field", BASE.replace("identifiers: [name]\n    fields:\n"
        + "      - {name: name, mapping: name}\n      - {name: region", "identifiers: [nome]\n    fields:\n"
        + "      - {name: name, mapping: name}\n      - {name: region"), 7, "nome"));
    out.add(new ConfigCase("repeated identifier", BASE.replaceFirst("identifiers: \\[name]",
        "identifiers: [name, name]"), 7, "name"));
    out.add(new ConfigCase("field without mapping or static", BASE.replace("{name: name, mapping: name}\n"
        + "      - {name: region", "{name: name}\n      - {name: region"), 9, "mapping"));
    out.add(new ConfigCase("reference near miss", BASE.replace("reference: Region", "reference: Regions"), 10,
        "did you mean"));
    out.add(new ConfigCase("reference is a list", BASE.replace("reference: Region", "reference: [Region]"), 10,
        "reference"));
    out.add(new ConfigCase("order repeats a kind", BASE + "order: [Region, Region]\n", 0, "Region"));
    out.add(new ConfigCase("order is a string", BASE + "order: Region\n", 0, "order"));
    out.add(new ConfigCase("order with an unknown kind", BASE + "order: [Region, Country]\n", 0, "Country"));
    out.add(new ConfigCase("order has a number", BASE + "order: [Region, 5]\n", 0, "order"));
    out.add(new ConfigCase("regex does not compile", filter("{field: name, operation: regex, value: \"([a-z\"}"),
        0, "regular expression"));
    out.add(new ConfigCase("> with a word", filter("{field: n, operation: \">\", value: many}"), 0, "integer"));
    out.add(new ConfigCase("is_ip_within with a bad CIDR", filter("{field: ip, operation: is_ip_within, value: "
        + "\"10.0.0.0/33\"}"), 12, "10.0.0.0/33"));
    out.add(new ConfigCase("is_ip_within with garbage", filter("{field: ip, operation: is_ip_within, value: "
        + "\"not-a-network\"}"), 12, "not-a-network"));
    out.add(new ConfigCase("in with a map", filter("{field: n, operation: in, value: {a: 1}}"), 0, "in"));
    out.add(new ConfigCase("contains without a value", filter("{field: n, operation: contains}"), 0, "value"));
    out.add(new ConfigCase("filter without field", filter("{operation: \"==\", value: 1}"), 0, "field"));
    out.add(new ConfigCase("filter operation is a list", filter("{field: n, operation: [\"==\"], value: 1}"), 0,
        "operation"));
    out.add(new ConfigCase("transform without expression", transform("{field: name}"), 0, "expression"));
    out.add(new ConfigCase("transform expression is a map", transform("{field: name, expression: {a: 1}}"), 0,
        "expression"));
    out.add(new ConfigCase("schema_mapping is a map", "name: x\nsource: {name: memory}\ndestination: {name: memory}\n"
        + "schema_mapping: {a: 1}\n", 4, "schema_mapping"));
    out.add(new ConfigCase("merge key with a list", "base: &b {name: memory}\nname: x\nsource:\n  <<: [*b]\n"
        + "destination: {name: memory}\n", 0, ""));
    out.add(new ConfigCase("undefined alias", "name: x\nsource: *nothing\ndestination: {name: memory}\n", 2, ""));
    out.add(new ConfigCase("deeply nested garbage", "name: x\nsource: {name: memory}\ndestination: {name: memory}\n"
        + "schema_mapping:\n  - name: A\n    fields: [[[[1]]]]\n", 6, "fields"));
    out.add(new ConfigCase("adapter settings not a map", BASE.replace("source: {name: memory}",
        "source: {name: memory, settings: [1, 2]}"), 2, "settings"));
    out.add(new ConfigCase("store without type", BASE + "store: {settings: {}}\n", 0, "type"));
    out.add(new ConfigCase("identifiers differ per kind", BASE + "  - name: Region\n    mapping: areas\n"
        + "    identifiers: [code]\n    fields:\n      - {name: code, mapping: code}\n", 0, "identifiers"));
    out.add(new ConfigCase("control character in a key", "name: x\nsour\u0001ce: {name: memory}\n", 0, ""));
    out.add(new ConfigCase("binary garbage", "\u0000\u0001\u0002\u0003 :: ]]\n", 0, ""));
    out.add(new ConfigCase("very long line of brackets", "name: " + "[".repeat(5000) + "\n", 0, ""));
    out.add(new ConfigCase("key is a map", "{a: 1}: 2\nname: x\n", 0, ""));
    return out;
  }

  private static String filter(String filter) {
    return BASE.replaceFirst("(?s)(      - \\{name: region, mapping: region, reference: Region}\n)",
        "$1    filters:\n      - " + filter.replace("$", "\\$") + "\n");
  }

  private static String transform(String transform) {
    return BASE.replaceFirst("(?s)(      - \\{name: region, mapping: region, reference: Region}\n)",
        "$1    transforms:\n      - " + transform.replace("$", "\\$") + "\n");
  }

  static List<ConfigCase> allConfigs() {
    List<ConfigCase> all = new ArrayList<>(mutatedUpstreamConfigs());
    all.addAll(handWritten());
    return all;
  }

  static String lower(@Nullable String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
