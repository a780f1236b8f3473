package dev.apexbench.dataset;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds rows in PostgreSQL's COPY text format directly as UTF-8 bytes (no intermediate
 * strings): tab-separated fields, {@code \N} for null, backslash escapes for backslash, tab,
 * newline and carriage return.
 */
final class CopyBuffer extends ByteArrayOutputStream {
  private final byte[] digits = new byte[20];

  CopyBuffer(int size) {
    super(size);
  }

  CopyBuffer tab() {
    write('\t');
    return this;
  }

  CopyBuffer newline() {
    write('\n');
    return this;
  }

  CopyBuffer nul() {
    write('\\');
    write('N');
    return this;
  }

  CopyBuffer num(long v) {
    if (v < 0) {
      write('-');
      v = -v;
    }
    int i = digits.length;
    do {
      digits[--i] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v > 0);
    write(digits, i, digits.length - i);
    return this;
  }

  /** Text known to need no escaping and to be ASCII (status, hashes, module names). */
  CopyBuffer ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      write(s.charAt(i));
    }
    return this;
  }

  /** Any text, UTF-8 encoded and escaped. */
  CopyBuffer text(String s) {
    return escaped(s.getBytes(StandardCharsets.UTF_8), 0, s.length() == 0 ? 0 : -1);
  }

  /** UTF-8 bytes, escaped; {@code len < 0} means "to the end of the array". */
  CopyBuffer escaped(byte[] b, int off, int len) {
    int end = len < 0 ? b.length : off + len;
    int from = off;
    for (int i = off; i < end; i++) {
      byte c = b[i];
      byte esc =
          switch (c) {
            case '\\' -> '\\';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\r' -> 'r';
            default -> 0;
          };
      if (esc != 0) {
        write(b, from, i - from);
        write('\\');
        write(esc);
        from = i + 1;
      }
    }
    write(b, from, end - from);
    return this;
  }

  /** A timestamptz in UTC with microseconds: {@code 2025-03-04 12:34:56.123456+00}. */
  CopyBuffer timestamp(long epochMicros) {
    long seconds = Math.floorDiv(epochMicros, 1_000_000L);
    int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
    long days = Math.floorDiv(seconds, 86_400L);
    int secOfDay = (int) Math.floorMod(seconds, 86_400L);
    java.time.LocalDate d = java.time.LocalDate.ofEpochDay(days);
    num(d.getYear()).write('-');
    two(d.getMonthValue()).write('-');
    two(d.getDayOfMonth()).write(' ');
    two(secOfDay / 3600).write(':');
    two(secOfDay / 60 % 60).write(':');
    two(secOfDay % 60).write('.');
    for (int div = 100_000; div > 0; div /= 10) {
      write('0' + micros / div % 10);
    }
    write('+');
    write('0');
    write('0');
    return this;
  }

  private CopyBuffer two(int v) {
    write('0' + v / 10);
    write('0' + v % 10);
    return this;
  }
}
