package dev.apexbench.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * What a request body's JSON may hold beyond its syntax, checked before anything reaches the
 * database: no NUL character in any string or key (PostgreSQL's text and jsonb cannot hold one),
 * and numbers of at most {@value #MAX_DIGITS} digits on either side of the point (a number such as
 * {@code 1e1000000} is valid JSON, but its canonical plain form behind content_sha256 would be a
 * million characters). The first offence is a 400 naming the field by its path.
 */
final class JsonChecks {
  static final int MAX_DIGITS = 50;

  private JsonChecks() {}

  static void check(JsonNode node, String path) {
    if (node.isTextual()) {
      if (node.asText().indexOf('\0') >= 0) {
        throw ApiException.badParameter(path, node.asText(), "text without NUL characters");
      }
    } else if (node.isNumber()) {
      BigDecimal d = node.decimalValue();
      int integerDigits = d.precision() - d.scale();
      if (integerDigits > MAX_DIGITS || d.scale() > MAX_DIGITS) {
        throw ApiException.badParameter(path, node.asText(), "a number of at most " + MAX_DIGITS + " digits before and after the point");
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (e.getKey().indexOf('\0') >= 0) {
          throw ApiException.badParameter(path.isEmpty() ? "body" : path, e.getKey(), "keys without NUL characters");
        }
        check(e.getValue(), child);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), path + "[" + i + "]");
      }
    }
  }
}
