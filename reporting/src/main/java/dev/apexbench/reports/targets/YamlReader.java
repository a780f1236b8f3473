package dev.apexbench.reports.targets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads YAML with Jackson's streaming parser into a {@link YamlNode} tree with line numbers. */
final class YamlReader {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  private final String file;

  YamlReader(String file) {
    this.file = file;
  }

  /** The document, or null when it is empty. */
  YamlNode read(String content) {
    try (JsonParser p = FACTORY.createParser(content)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      YamlNode root = node(p, t);
      if (p.nextToken() != null) {
        throw new TargetsException(file, line(p), "more than one YAML document", "one document");
      }
      return root;
    } catch (StreamReadException e) {
      JsonLocation loc = e.getLocation();
      int line = firstMarkedLine(e.getOriginalMessage(), loc == null ? 1 : Math.max(1, loc.getLineNr()));
      throw new TargetsException(file, line, "not valid YAML: " + problem(e.getOriginalMessage()),
          "YAML key: value lines; quote limits, as in \"> 95 %\" (unquoted, a leading > starts a text block)", e);
    } catch (IOException e) {
      throw new TargetsException(file, 1, "cannot read: " + e.getMessage(), "a readable YAML file", e);
    }
  }

  private YamlNode node(JsonParser p, JsonToken t) throws IOException {
    if (t == null) {
      throw new TargetsException(file, line(p), "unexpected end of file", "a complete YAML document");
    }
    int line = line(p);
    return switch (t) {
      case START_OBJECT -> mapping(p, line);
      case START_ARRAY -> sequence(p, line);
      case VALUE_NULL -> new YamlNode.Scalar(null, line);
      default -> new YamlNode.Scalar(p.getText(), line);
    };
  }

  private YamlNode.Mapping mapping(JsonParser p, int line) throws IOException {
    YamlNode.Mapping m = new YamlNode.Mapping(line);
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      int keyLine = line(p);
      if (m.entries().containsKey(key)) {
        throw new TargetsException(
            file, keyLine, "duplicate key \"" + key + "\" (first on line " + m.entries().get(key).keyLine() + ")",
            "each key once per mapping");
      }
      YamlNode value = node(p, p.nextToken());
      m.entries().put(key, new YamlNode.Entry(key, keyLine, value));
    }
    if (t != JsonToken.END_OBJECT) {
      throw new TargetsException(file, line(p), "unexpected " + t, "a mapping");
    }
    return m;
  }

  private YamlNode.Sequence sequence(JsonParser p, int line) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      items.add(node(p, t));
    }
    return new YamlNode.Sequence(items, line);
  }

  private static int line(JsonParser p) {
    JsonLocation loc = p.currentTokenLocation();
    return loc == null ? 1 : Math.max(1, loc.getLineNr());
  }

  /**
   * SnakeYAML's message without its source excerpts: "while scanning a block scalar: expected a
   * comment or a line break, but found 9(57)".
   */
  private static String problem(String message) {
    if (message == null) {
      return "syntax error";
    }
    StringBuilder sb = new StringBuilder();
    for (String l : message.split("\\R")) {
      if (!l.isBlank() && !Character.isWhitespace(l.charAt(0))) {
        sb.append(sb.length() == 0 ? "" : ": ").append(l.strip());
      }
    }
    return sb.length() == 0 ? "syntax error" : sb.toString();
  }

  /** The first "line N" SnakeYAML marks (where the broken construct starts), else {@code dflt}. */
  private static int firstMarkedLine(String message, int dflt) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(" in '[^']*', line (\\d+)").matcher(message == null ? "" : message);
    return m.find() ? Integer.parseInt(m.group(1)) : dflt;
  }
}
