package dev.apexbench.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a plain socket, for requests no HTTP client library would send. */
final class RawHttp {
  /** A response: status (0 when the server closed without one), headers (lower-case names), body. */
  record Response(int status, Map<String, String> headers, String body) {}

  private RawHttp() {}

  /** Sends {@code request} as is and reads until the server closes (or 30 s pass). */
  static Response send(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // the server may close before reading everything (a 413 does): read what it answered
      }
      return parse(readAll(s.getInputStream()));
    }
  }

  static Response send(int port, String request) throws IOException {
    return send(port, request.getBytes(StandardCharsets.UTF_8));
  }

  /** A request with {@code Connection: close}, a Host header, and the given extra header lines and body. */
  static String request(String method, String target, String headers, String body) {
    StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if (headers != null && !headers.isEmpty()) {
      sb.append(headers.replace("\n", "\r\n"));
      if (!headers.endsWith("\n")) {
        sb.append("\r\n");
      }
    }
    if (body != null) {
      sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body);
    } else {
      sb.append("\r\n");
    }
    return sb.toString();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] b = new byte[8192];
    try {
      int n;
      while ((n = in.read(b)) >= 0) {
        buf.write(b, 0, n);
      }
    } catch (IOException e) {
      // reset after the answer: keep what arrived
    }
    return buf.toByteArray();
  }

  static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/") || end < 0) {
      return new Response(0, Map.of(), text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      if (c > 0) {
        headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
      }
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, body);
  }

  private static String dechunk(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int nl = s.indexOf("\r\n", i);
      if (nl < 0) {
        break;
      }
      int size = Integer.parseInt(s.substring(i, nl).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(s, nl + 2, Math.min(s.length(), nl + 2 + size));
      i = nl + 2 + size + 2;
    }
    return out.toString();
  }
}
