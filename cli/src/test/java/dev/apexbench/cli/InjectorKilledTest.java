package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apexbench.api.ApiProcess;
import dev.apexbench.db.RealServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One of three local injectors killed mid-load: the merge names it missing and the schedule fails. */
@RealServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectorKilledTest {
  private ApiProcess api;

  @BeforeAll
  void api() throws Exception {
    api = InjectorsTest.seededApi();
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void aKilledInjectorIsNamedAndFailsTheSchedule() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "finds the injector's JVM through /proc");
    List<ProcessHandle> killed = new ArrayList<>();
    Thread killer = new Thread(() -> {
      try {
        // injector 1/3 once its recorded load has begun (its --start-at has passed), wherever the machine's load put it
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline && killed.isEmpty()) {
          Optional<ProcessHandle> p = ProcessHandle.current().descendants()
              .filter(h -> String.join(" ", InjectorsTest.commandLine(h)).contains("--injector 1/3")).findFirst();
          if (p.isPresent()) {
            String[] a = InjectorsTest.commandLine(p.get());
            Instant start = null;
            for (int i = 0; i + 1 < a.length; i++) {
              if (a[i].equals("--start-at")) {
                start = Instant.parse(a[i + 1]);
              }
            }
            if (start != null && Instant.now().isAfter(start.plusSeconds(2))) {
              p.get().destroyForcibly();
              killed.add(p.get());
            }
          }
          Thread.sleep(200);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    killer.start();
    CliRun r = CliRun.of(InjectorsTest.args("load", "--target-url", api.baseUrl(), "--injectors", "3"));
    killer.join();
    assertThat(killed).as("injector 1/3 was found and killed").hasSize(1);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonNode res = InjectorsTest.results(InjectorsTest.latest());
    JsonNode injectors = res.get("load").get("injectors");
    assertThat(injectors).hasSize(3);
    assertThat(injectors.get(1).get("status").asText()).isEqualTo("missing");
    assertThat(injectors.get(0).get("status").asText()).isEqualTo("ok");
    assertThat(res.get("load").get("schedule").get("kept").asBoolean()).isFalse();
    assertThat(res.get("load").get("schedule").get("note").asText()).contains("injector 1/3 missing");
    JsonNode schedule = null;
    for (JsonNode t : res.get("targets")) {
      if (t.get("name").asText().equals("load generator schedule_kept")) {
        schedule = t;
      }
    }
    assertThat(schedule).as("the schedule target is judged").isNotNull();
    assertThat(schedule.get("pass").asBoolean()).isFalse();
  }
}
