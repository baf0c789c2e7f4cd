package io.infrasync.internal.config;

import io.infrasync.Values;
import io.infrasync.config.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLAnchorReplayingFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLSchema;

/**
 * Reads YAML 1.2 (core schema, via Jackson 3 and snakeyaml-engine) into a {@link YamlNode} tree that
 * keeps the line and column of every key and value. Anchors and aliases are replayed, and the merge
 * key {@code <<} (one mapping, as PyYAML supports it) is applied; duplicate keys are errors.
 */
public final class YamlTreeReader {
  /** A bound on nodes, so that alias expansion ("billion laughs") cannot exhaust memory. */
  static final int MAX_NODES = 1_000_000;

  private static final YAMLFactory FACTORY =
      YAMLAnchorReplayingFactory.builder().yamlSchema(YAMLSchema.CORE).build();
  private static final Pattern MARK = Pattern.compile("line (\\d+), column (\\d+)");

  private final Problems problems;
  private int nodes;
  /** Where the last token started, for errors that carry no position of their own. */
  private int lastLine;
  private int lastColumn;

  private YamlTreeReader(Problems problems) {
    this.problems = problems;
  }

  /**
   * Parses one YAML document. Returns null (with the reason in {@code problems}) when the text is
   * not valid YAML, is empty, or holds more than one document.
   */
  public static @Nullable YamlNode read(String text, Problems problems) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    YamlTreeReader reader = new YamlTreeReader(problems);
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), body)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        problems.error(problems.at(1, 1), "", "the file is empty; expected a mapping with `name`, `source`, `destination` and `schema_mapping`");
        return null;
      }
      YamlNode root = reader.value(p, first, "");
      if (p.nextToken() != null) {
        problems.error(reader.loc(p), "", "more than one YAML document; a configuration file holds exactly one");
        return null;
      }
      return root;
    } catch (JacksonException e) {
      SourceLocation at = syntaxLocation(e, problems);
      if (at.line() == 0 && reader.lastLine > 0) {
        at = problems.at(reader.lastLine, reader.lastColumn); // e.g. a nesting limit: no mark of its own
      }
      problems.error(at, "", "YAML syntax error: " + syntaxMessage(e));
      return null;
    } catch (TooLarge e) {
      problems.error(problems.at(0, 0), "", "the document expands to more than " + MAX_NODES + " nodes (aliases?)");
      return null;
    }
  }

  private YamlNode value(JsonParser p, JsonToken token, String path) {
    if (++nodes > MAX_NODES) {
      throw new TooLarge();
    }
    SourceLocation at = loc(p);
    return switch (token) {
      case START_OBJECT -> mapping(p, at, path);
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          items.add(value(p, t, Paths.index(path, items.size())));
        }
        yield new YamlNode.Sequence(items, at);
      }
      case VALUE_STRING -> new YamlNode.Scalar(p.getString(), at);
      case VALUE_NUMBER_INT -> new YamlNode.Scalar(Values.normalize(p.getNumberValue()), at);
      case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(p.getDoubleValue(), at);
      case VALUE_TRUE -> new YamlNode.Scalar(true, at);
      case VALUE_FALSE -> new YamlNode.Scalar(false, at);
      case VALUE_NULL -> new YamlNode.Scalar(null, at);
      default -> {
        problems.error(at, path, "unsupported YAML value (" + token + "); use a string, number, boolean, list or mapping");
        yield new YamlNode.Scalar(null, at);
      }
    };
  }

  /**
   * The anchor-replaying parser inlines a merged mapping ({@code <<: *base}) with the locations of
   * the anchor, which precede this mapping. A key replayed that way yields to an explicit key of the
   * same name (YAML merge semantics); any other repeated key is an error.
   */
  private YamlNode mapping(JsonParser p, SourceLocation at, String path) {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      SourceLocation keyAt = loc(p);
      YamlNode v = value(p, p.nextToken(), Paths.key(path, key));
      YamlNode.Entry entry = new YamlNode.Entry(key, keyAt, v);
      YamlNode.Entry previous = entries.putIfAbsent(key, entry);
      if (previous == null) {
        continue;
      }
      boolean previousMerged = before(previous.keyLocation(), at);
      boolean merged = before(keyAt, at);
      if (previousMerged && !merged) {
        entries.put(key, entry);
      } else if (previousMerged == merged) {
        problems.error(keyAt, Paths.key(path, key), "duplicate key `" + key + "` (first at line " + previous.keyLocation().line() + ")");
      }
    }
    return new YamlNode.Mapping(entries, at);
  }

  private static boolean before(SourceLocation a, SourceLocation b) {
    return a.line() < b.line() || (a.line() == b.line() && a.column() < b.column());
  }

  private SourceLocation loc(JsonParser p) {
    TokenStreamLocation l = p.currentTokenLocation();
    lastLine = Math.max(l.getLineNr(), 0);
    lastColumn = Math.max(l.getColumnNr(), 0);
    return problems.at(lastLine, lastColumn);
  }

  /** snakeyaml's messages name the problem mark last ("line 2, column 4"); Jackson's location is its own. */
  private static SourceLocation syntaxLocation(JacksonException e, Problems problems) {
    Matcher m = MARK.matcher(e.getOriginalMessage());
    int line = 0;
    int column = 0;
    while (m.find()) {
      line = Integer.parseInt(m.group(1));
      column = Integer.parseInt(m.group(2));
    }
    if (line == 0 && e.getLocation() != null) {
      line = Math.max(e.getLocation().getLineNr(), 0);
      column = Math.max(e.getLocation().getColumnNr(), 0);
    }
    return problems.at(line, column);
  }

  /** The message without snakeyaml's source excerpt and marks. */
  private static String syntaxMessage(JacksonException e) {
    List<String> parts = new ArrayList<>();
    for (String line : e.getOriginalMessage().split("\n", -1)) {
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        parts.add(line.strip());
      }
    }
    return parts.isEmpty() ? e.getOriginalMessage().strip() : String.join("; ", parts);
  }

  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }
}
