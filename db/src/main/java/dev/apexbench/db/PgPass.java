package dev.apexbench.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The password file as libpq reads it: {@code PGPASSFILE}, else {@code ~/.pgpass} (on Windows
 * {@code %APPDATA%\postgresql\pgpass.conf}); lines {@code hostname:port:database:username:password},
 * {@code *} matching anything in the first four fields, {@code \:} and {@code \\} escaping, {@code #}
 * starting a comment line, the first matching line winning. As libpq does on Unix, a file that is
 * not a plain file, or that grants any access to group or others, is ignored with a warning.
 */
public final class PgPass {

  /**
   * A password found, or why the file was not used.
   *
   * @param password the password, or null
   * @param source "~/.pgpass line 3" (where it came from), or null
   * @param warning a one-line warning (file ignored for its permissions), or null
   */
  public record Lookup(String password, String source, String warning) {}

  private PgPass() {}

  /** The file libpq would read for {@code env} (PGPASSFILE, HOME or APPDATA). */
  public static Path file(Map<String, String> env) {
    String explicit = env.get("PGPASSFILE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows") && env.get("APPDATA") != null) {
      return Path.of(env.get("APPDATA"), "postgresql", "pgpass.conf");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".pgpass");
  }

  /** Looks up the password for a connection; an absent file is simply no password. */
  public static Lookup lookup(Path file, String host, int port, String database, String user) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
      return new Lookup(null, null, null);
    }
    if (!Files.isRegularFile(file)) {
      return new Lookup(null, null, "password file " + file + " is not a plain file; ignored");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
        return new Lookup(null, null, "password file " + file + " has group or world access; permissions should be u=rw (0600)"
            + " or less; ignored (as libpq does)");
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): libpq does not check there either
    } catch (IOException e) {
      return new Lookup(null, null, "password file " + file + " cannot be read: " + e.getMessage() + "; ignored");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new Lookup(null, null, "password file " + file + " cannot be read: " + e.getMessage() + "; ignored");
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Optional<List<String>> fields = fields(line);
      if (fields.isEmpty()) {
        continue; // fewer than five fields: libpq skips the line
      }
      List<String> f = fields.get();
      if (matches(f.get(0), host) && matches(f.get(1), Integer.toString(port)) && matches(f.get(2), database)
          && matches(f.get(3), user)) {
        return new Lookup(f.get(4), file.getFileName() + " line " + (i + 1), null);
      }
    }
    return new Lookup(null, null, null);
  }

  private static boolean matches(String field, String value) {
    return field.equals("*") || field.equals(value);
  }

  /** Splits on unescaped colons: four fields, then the password (the rest of the line). */
  static Optional<List<String>> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (c == ':') {
        if (out.size() == 4) {
          break; // libpq: the password ends at the next unescaped colon
        }
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (out.size() < 4) {
      return Optional.empty();
    }
    out.add(cur.toString());
    return Optional.of(out);
  }
}
