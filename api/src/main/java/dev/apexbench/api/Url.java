package dev.apexbench.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strict %-decoding of paths and query strings (the HTTP server hands them over undecoded, so a
 * bad escape is the api's 400, with its JSON envelope, not an empty answer from the server): every
 * {@code %} must start two hex digits, and the bytes must be UTF-8.
 */
final class Url {
  private Url() {}

  /**
   * @param plusIsSpace true in a query string (form encoding), false in a path
   * @param what the parameter (or "path") a failure names
   */
  static String decode(String s, boolean plusIsSpace, String what) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    ByteBuffer bytes = ByteBuffer.allocate(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0 || !isAsciiHex(s.charAt(i + 1)) || !isAsciiHex(s.charAt(i + 2))) {
          throw ApiException.badParameter(what, s, "a %-escape of two hex digits, e.g. %20");
        }
        bytes.put((byte) (hi * 16 + lo));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.put((byte) ' ');
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        // not sent as an escape: take the character's UTF-8 bytes as they are
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        ByteBuffer bigger = ByteBuffer.allocate(bytes.capacity() + b.length);
        bytes.flip();
        bigger.put(bytes);
        bigger.put(b);
        bytes = bigger;
      }
    }
    bytes.flip();
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer out = utf8.decode(bytes);
      return out.toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badParameter(what, s, "%-escapes of UTF-8 text");
    }
  }

  private static boolean isAsciiHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** The parameters of a raw query string, decoded, in order; a repeated name keeps every value. */
  static Map<String, Deque<String>> query(String raw) {
    Map<String, Deque<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "query");
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, name);
      out.computeIfAbsent(name, k -> new ArrayDeque<>()).add(value);
    }
    return out;
  }
}
