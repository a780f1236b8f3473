package dev.apexbench.harness.dr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.reports.model.Dr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drill's two checks that used to pass whatever happened, against cases whose answer is known. */
class DrChecksTest {
  @TempDir Path dir;

  @Test
  void aBaseBackupPassesWithItsLabelAndEverySegmentItNeedsAndFailsWithOneMissing() throws Exception {
    Path base = Files.createDirectories(dir.resolve("base"));
    Path archive = Files.createDirectories(dir.resolve("archive"));
    Files.writeString(base.resolve("backup_label"), "START WAL LOCATION: 0/2000028 (file 0000000100000000000000FE)\nCHECKPOINT LOCATION: 0/2000080\n");
    for (String s : List.of("0000000100000000000000FE", "0000000100000000000000FF", "000000010000000100000000")) {
      Files.writeString(archive.resolve(s), "wal");
    }
    Dr.Check ok = BaseBackupCheck.check(base, archive, "000000010000000100000000");
    assertThat(ok.pass()).as(ok.detail()).isTrue();
    assertThat(ok.detail()).contains("3 WAL segments");
    Files.delete(archive.resolve("0000000100000000000000FF"));
    Dr.Check gap = BaseBackupCheck.check(base, archive, "000000010000000100000000");
    assertThat(gap.pass()).isFalse();
    assertThat(gap.detail()).contains("0000000100000000000000FF");
    Files.delete(base.resolve("backup_label"));
    assertThat(BaseBackupCheck.check(base, archive, "000000010000000100000000").pass()).isFalse();
  }

  @Test
  void theArchiveFailsWhenAnArchivedWriteDidNotComeBackOrTheRecoveredOnesHaveAHole() {
    List<WriteStream.Write> acked = List.of(new WriteStream.Write(1, 0, "000000010000000000000003"),
        new WriteStream.Write(2, 0, "000000010000000000000003"), new WriteStream.Write(3, 0, "000000010000000000000004"),
        new WriteStream.Write(4, 0, "000000010000000000000005"));
    // archived up to ...04 at the crash: 1-3 must come back, 4 may be lost (the RPO)
    assertThat(ArchiveCheck.check(acked, Set.of(1L, 2L, 3L), "000000010000000000000004", 0.1).pass()).isTrue();
    assertThat(ArchiveCheck.check(acked, Set.of(1L, 2L), "000000010000000000000004", 0.1).pass()).as("write 3 was archived").isFalse();
    assertThat(ArchiveCheck.check(acked, Set.of(1L, 3L, 4L), "000000010000000000000005", 0).pass()).as("a hole at 2").isFalse();
  }
}
