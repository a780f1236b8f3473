package dev.apexbench.db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Testcontainers {@code postgres} server. The image is configurable and accepted as a
 * compatible substitute for {@code postgres}, so a mirror or a locally built image works. The
 * container's command is replaced with the report's settings, which also removes the {@code
 * fsync=off} that Testcontainers' postgres module adds by default.
 */
public final class DockerServer implements PgServer {
  private final PostgreSQLContainer container;
  private final String image;

  private DockerServer(PostgreSQLContainer container, String image) {
    this.container = container;
    this.image = image;
  }

  public static DockerServer start(String image, Map<String, String> settings) {
    DockerImageName name;
    try {
      name = DockerImageName.parse(image).asCompatibleSubstituteFor("postgres");
    } catch (IllegalArgumentException e) {
      throw BenchException.usage(
          "--image: '" + image + "' is not a valid image name (for example postgres:18)");
    }
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw BenchException.environment(
          "--db docker: no Docker engine answers (Testcontainers found no Docker environment);"
              + " start Docker, or use --db embedded",
          null);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add("postgres");
    settings.forEach(
        (k, v) -> {
          cmd.add("-c");
          cmd.add(k + "=" + v);
        });
    PostgreSQLContainer c =
        new PostgreSQLContainer(name)
            .withDatabaseName("apex")
            .withUsername("apex")
            .withPassword("apex-bench")
            .withStartupTimeout(Duration.ofMinutes(3));
    c.setCommand(cmd.toArray(new String[0]));
    try {
      c.start();
    } catch (RuntimeException e) {
      throw BenchException.environment(
          "--db docker: the container from image '"
              + image
              + "' did not start: "
              + Connections.firstLine(String.valueOf(rootCause(e).getMessage())),
          e);
    }
    DockerServer s = new DockerServer(c, image);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close, "apex-bench-docker-stop"));
    return s;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  public String image() {
    return image;
  }

  /** What a command run inside the container printed, and its exit code. */
  public record Exec(int exitCode, String stdout, String stderr) {}

  /**
   * Runs a command inside the container (docker exec) with {@code env} added to its environment:
   * credentials travel there, never on its command line.
   */
  public Exec exec(Map<String, String> env, String... command) throws java.io.IOException, InterruptedException {
    var r = container.execInContainer(org.testcontainers.containers.ExecConfig.builder().command(command).envVars(env).build());
    return new Exec(r.getExitCode(), r.getStdout(), r.getStderr());
  }

  /** Copies a file out of the container to {@code hostFile}. */
  public void copyOut(String containerFile, java.nio.file.Path hostFile) throws java.io.IOException, InterruptedException {
    container.copyFileFromContainer(containerFile, hostFile.toString());
  }

  @Override
  public Provider provider() {
    return Provider.DOCKER;
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/apex";
  }

  @Override
  public String connectUrl() {
    return jdbcUrl();
  }

  @Override
  public Properties connectionProperties() {
    Properties p = Connections.baseProperties();
    p.setProperty("user", container.getUsername());
    p.setProperty("password", container.getPassword());
    return p;
  }

  @Override
  public boolean ownsServer() {
    return true;
  }

  @Override
  public String describe() {
    return "docker PostgreSQL (" + image + ") on " + container.getHost() + ":" + container.getMappedPort(5432);
  }

  @Override
  public synchronized void close() {
    if (container.isRunning()) {
      container.stop();
    }
  }
}
