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
    return start(image, settings, c -> { });
  }

  private static DockerServer start(String image, Map<String, String> settings,
      java.util.function.Consumer<PostgreSQLContainer> customise) {
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
    customise.accept(c);
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

  /** The uid of the {@code postgres} user in the official image (and in the offline image of scripts/docker-offline). */
  public static final int POSTGRES_UID = 999;

  /**
   * A container whose data directory {@code pgdata} lies under {@code mount}, a directory of this
   * machine bind-mounted at the same path inside the container, so that paths (an archive
   * directory, a restore_command) mean the same on both sides and the data directory can be copied
   * here like an embedded server's. An existing data directory (a restored base backup) is started
   * as it is. The caller hands the directories to {@link #POSTGRES_UID} first.
   */
  public static DockerServer startOnHostDirectory(String image, Map<String, String> settings, java.nio.file.Path mount,
      java.nio.file.Path pgdata) {
    boolean existing = java.nio.file.Files.isRegularFile(pgdata.resolve("PG_VERSION"));
    return start(image, settings, c -> {
      // the bind is set on the create command itself: Testcontainers' own file binds first probe mounting with a helper
      // image, which is minutes of retries where no registry answers
      c.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(
          new com.github.dockerjava.api.model.Bind(mount.toString(), new com.github.dockerjava.api.model.Volume(mount.toString()))));
      c.withEnv("PGDATA", pgdata.toString());
      if (existing) {
        // no initialisation, so the server says it is ready once (and only after a recovery has ended)
        c.waitingFor(org.testcontainers.containers.wait.strategy.Wait
            .forLogMessage(".*database system is ready to accept connections.*\\s", 1).withStartupTimeout(Duration.ofMinutes(10)));
      }
    });
  }

  /** Kills the server like a power loss: SIGKILL to the container's postmaster, no shutdown checkpoint. */
  public void kill() {
    container.getDockerClient().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
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
    if (container.getContainerId() != null) {
      container.stop(); // also removes an exited (killed) container and its volume
    }
  }
}
