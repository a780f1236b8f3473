package dev.apexbench.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A killed JVM leaves zonky's postmaster running; the next start must find and stop it. Ctrl-C
 * (SIGINT) must leave no process behind. Both are checked with a real child JVM.
 */
@RealServer
class EmbeddedServerLifecycleTest {
  @TempDir Path home;
  Process child;

  @BeforeEach
  void noChild() {
    child = null;
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor();
    }
    stopIfAlive(postmasterPid());
  }

  @Test
  void aStaleServerLeftBySigkillIsStoppedByTheNextStart() throws Exception {
    startChild();
    long stalePid = postmasterPid();
    assertThat(stalePid).isPositive();

    child.destroyForcibly(); // SIGKILL: no shutdown hooks run
    child.waitFor(30, TimeUnit.SECONDS);
    assertThat(ProcessHandle.of(stalePid).map(ProcessHandle::isAlive))
        .as("zonky's postmaster survives a SIGKILL of its JVM")
        .contains(true);

    List<String> said = new ArrayList<>();
    try (EmbeddedServer s = EmbeddedServer.start(home, ServerSettings.forOwnedServer(), said::add)) {
      assertThat(said).anySatisfy(m -> assertThat(m).contains("stale embedded PostgreSQL (pid " + stalePid + ")"));
      assertThat(ProcessHandle.of(stalePid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      try (Connection c = s.connect();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void sigintStopsTheServer() throws Exception {
    startChild();
    long pid = postmasterPid();
    new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
    assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("the JVM exits on SIGINT").isTrue();
    assertThat(waitDead(pid, Duration.ofSeconds(20))).as("no postmaster left behind").isTrue();
  }

  @Test
  void aSecondCommandOnTheSameHomeIsRefusedWithoutDisturbingTheFirst() throws Exception {
    startChild();
    long pid = postmasterPid();
    assertThatThrownBy(() -> EmbeddedServer.start(home, ServerSettings.forOwnedServer(), m -> {}))
        .isInstanceOfSatisfying(BenchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("another bench command is using the embedded server");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
  }

  private void startChild() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child =
        new ProcessBuilder(ChildProcesses.interruptible(
                List.of(java, "-cp", System.getProperty("java.class.path"), StaleServerMain.class.getName(), home.toString())))
            .redirectErrorStream(true)
            .start();
    BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null && !line.startsWith("READY")) {
      // skip log lines
    }
    assertThat(line).as("child server started").startsWith("READY");
    // keep reading what the child prints (its server's log lines at shutdown): a full pipe would
    // block it and it would never exit
    Thread drain = new Thread(() -> {
      try {
        while (r.readLine() != null) {
          // discard
        }
      } catch (java.io.IOException e) {
        // the child is gone
      }
    }, "child-output");
    drain.setDaemon(true);
    drain.start();
  }

  private long postmasterPid() throws Exception {
    File pidFile = home.resolve("pgdata").resolve("postmaster.pid").toFile();
    if (!pidFile.exists()) {
      return -1;
    }
    return Long.parseLong(Files.readAllLines(pidFile.toPath()).get(0).trim());
  }

  private static boolean waitDead(long pid, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static void stopIfAlive(long pid) throws Exception {
    if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
      waitDead(pid, Duration.ofSeconds(20));
    }
  }
}
