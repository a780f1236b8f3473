package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench run --with-dr: the drill after the measured phases, on servers of its own, judged with the run. */
@RealServer
class RunWithDrTest {
  @Test
  void theDrillRunsAfterTheMeasurementAndItsTargetsJudgeTheRun(@TempDir Path out) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
    CliRun r = CliRun.of("run", "--profile", "smoke", "--queries", "simple.by_etag", "--skip-load", "--scale", "0.1", "--db", url,
        "--reset", "--with-dr", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
    JsonNode res = new ObjectMapper().readTree(out.resolve("latest/results.json").toFile());
    assertThat(res.get("run").get("phases").findValuesAsText("name")).containsSubsequence("jmh", "dr");
    assertThat(res.get("run").get("phases").findValuesAsText("status")).doesNotContain("failed");
    assertThat(res.get("dr").get("pitr").get("verified").asBoolean()).as("--with-dr: the drill ran after the measurement").isTrue();
    assertThat(res.get("targets").findValuesAsText("name")).contains("dr rto_seconds", "dr rpo_seconds", "dr integrity");
  }
}
