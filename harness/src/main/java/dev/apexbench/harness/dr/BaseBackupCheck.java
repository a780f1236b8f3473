package dev.apexbench.harness.dr;

import dev.apexbench.reports.model.Dr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a base backup taken by the low-level API can be restored: its {@code backup_label} is
 * there and names its first WAL segment, and every segment from that one to the one pg_backup_stop
 * ended in is in the archive (a restore needs them all to reach consistency). pg_verifybackup needs
 * the manifest only pg_basebackup writes, which the low-level API does not: this is the check for
 * such a backup.
 */
final class BaseBackupCheck {
  private static final Pattern START = Pattern.compile("START WAL LOCATION: \\S+ \\(file ([0-9A-F]{24})\\)");

  private BaseBackupCheck() {}

  /** The check, passing or failing with what is missing. */
  static Dr.Check check(Path base, Path archive, String stopSegment) {
    Path label = base.resolve("backup_label");
    if (!Files.isRegularFile(label)) {
      return new Dr.Check("base backup", false, "no backup_label in " + base + ": the copy cannot start recovery");
    }
    String text;
    try {
      text = Files.readString(label, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new Dr.Check("base backup", false, "backup_label unreadable: " + e.getMessage());
    }
    Matcher m = START.matcher(text);
    if (!m.find()) {
      return new Dr.Check("base backup", false, "backup_label names no START WAL LOCATION file");
    }
    List<String> range = range(m.group(1), stopSegment);
    List<String> missing = range.stream().filter(s -> !Files.isRegularFile(archive.resolve(s))).toList();
    return new Dr.Check("base backup", missing.isEmpty(), missing.isEmpty()
        ? String.format(Locale.ROOT, "backup_label present; the %d WAL segment%s it needs (%s to %s) all in the archive", range.size(),
            range.size() == 1 ? "" : "s", range.get(0), range.get(range.size() - 1))
        : "missing from the archive: " + String.join(", ", missing) + " (of " + range.get(0) + " to " + range.get(range.size() - 1)
            + "): a restore of this backup cannot reach consistency");
  }

  /** Segment names from {@code first} to {@code last} inclusive, on one timeline (16 MiB segments: 256 per log file). */
  static List<String> range(String first, String last) {
    List<String> out = new ArrayList<>();
    String tli = first.substring(0, 8);
    long log = Long.parseLong(first.substring(8, 16), 16);
    long seg = Long.parseLong(first.substring(16, 24), 16);
    for (int i = 0; i < 100_000; i++) {
      String name = String.format(Locale.ROOT, "%s%08X%08X", tli, log, seg);
      out.add(name);
      if (name.equals(last) || name.compareTo(last) > 0) {
        break;
      }
      seg++;
      if (seg > 0xFF) {
        seg = 0;
        log++;
      }
    }
    return out;
  }
}
