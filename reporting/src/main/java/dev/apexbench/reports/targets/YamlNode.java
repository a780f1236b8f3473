package dev.apexbench.reports.targets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every node, so validation errors can
 * name it (Jackson's JsonNode forgets locations).
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

  /** The 1-based line where the node starts. */
  int line();

  /** What the node is, for error messages. */
  String kind();

  /** A scalar; {@code text} is null for YAML null ({@code ~}, {@code null} or nothing). */
  record Scalar(String text, int line) implements YamlNode {
    @Override
    public String kind() {
      return text == null ? "an empty value" : "a value";
    }
  }

  /** A mapping in file order; each entry keeps the line of its key. */
  record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
    Mapping(int line) {
      this(new LinkedHashMap<>(), line);
    }

    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /** A key and its value; {@code keyLine} is where the key is written. */
  record Entry(String key, int keyLine, YamlNode value) {}

  record Sequence(List<YamlNode> items, int line) implements YamlNode {
    @Override
    public String kind() {
      return "a list";
    }
  }
}
