package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C keeps what was measured: a `bench jmh` in its own JVM gets SIGINT while JMH runs; it
 * exits 130 and leaves results.json (verdict "interrupted", the explain phase's plans kept) and
 * its report, and reports/latest points at it.
 */
@RealServer
class InterruptTest {
  @TempDir Path home;

  @Test
  void sigintDuringJmhWritesAnInterruptedRun() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
    assertThat(CliRun.of("seed", "--scale", "0.1", "--db", url, "--reset").exitCode()).isZero();
    Process p = new ProcessBuilder(dev.apexbench.db.ChildProcesses.interruptible(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-Dapex.home=" + home, "-Djmh.ignoreLock=true", "-cp", System.getProperty("java.class.path"), Bench.class.getName(),
        "jmh", "--profile", "smoke", "--scale", "0.1", "--db", url)))
        .redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        output.append(line).append('\n');
        if (line.contains("jmh 3/")) {
          new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        }
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output.toString()).isEqualTo(130);
    Path latest = home.resolve("reports/latest");
    assertThat(latest).as("reports/latest points at the interrupted run").exists();
    JsonNode res = new ObjectMapper().readTree(latest.resolve("results.json").toFile());
    assertThat(res.get("verdict").asText()).isEqualTo("interrupted");
    assertThat(res.get("run").get("phases").toString()).contains("\"interrupted\"").contains("\"explain\"");
    assertThat(res.get("queries")).as("the plans explained before the interruption are kept").isNotEmpty();
    assertThat(latest.resolve("index.html")).exists();
    assertThat(Files.readString(latest.resolve("summary.md"))).contains("INTERRUPTED");
  }
}
