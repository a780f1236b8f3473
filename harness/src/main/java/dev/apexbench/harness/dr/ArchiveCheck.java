package dev.apexbench.harness.dr;

import dev.apexbench.reports.model.Dr;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * "Archive after a crash": recovery to the end of the archive brought back every acknowledged write
 * whose commit lies in a segment the archive held at the crash, and what it brought back has no
 * holes (every acknowledged write up to the last one recovered). A segment missing from the
 * archive fails it; the writes after the last archived segment may be lost (that is the RPO), not
 * these.
 */
final class ArchiveCheck {
  private ArchiveCheck() {}

  static Dr.Check check(List<WriteStream.Write> acknowledged, Set<Long> present, String lastArchived, double lossSeconds) {
    List<WriteStream.Write> archived = acknowledged.stream()
        .filter(w -> !lastArchived.isEmpty() && w.segment().compareTo(lastArchived) <= 0).toList();
    long archivedBack = archived.stream().filter(w -> present.contains(w.id())).count();
    long maxBack = acknowledged.stream().filter(w -> present.contains(w.id())).mapToLong(WriteStream.Write::id).max().orElse(0);
    long holes = acknowledged.stream().filter(w -> w.id() <= maxBack && !present.contains(w.id())).count();
    long back = acknowledged.stream().filter(w -> present.contains(w.id())).count();
    boolean pass = archivedBack == archived.size() && holes == 0;
    String detail = String.format(Locale.ROOT, "%d of %d acknowledged writes recovered; %d of the %d in segments archived before the crash"
        + " (up to %s)%s; %d lost, the earliest %.1f s before the crash", back, acknowledged.size(), archivedBack, archived.size(),
        lastArchived.isEmpty() ? "none" : lastArchived, holes == 0 ? ", with no holes" : ", with " + holes + " holes",
        acknowledged.size() - back, lossSeconds);
    return new Dr.Check("archive after a crash", pass, detail);
  }
}
