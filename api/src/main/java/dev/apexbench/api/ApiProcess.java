package dev.apexbench.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The api in a child JVM on this JVM's classpath ({@link ApiMain}). Its stderr goes to a log
 * file; the connection properties (password included) go through the child's standard input,
 * never a file or the command line, so nothing is left behind however this process ends. Closing
 * it stops the api gracefully (SIGTERM); the api also stops when this process's end of its standard
 * input closes.
 */
public final class ApiProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private ApiProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static ApiProcess start(String jdbcUrl, Properties connection, ApiSettings s, Path log) throws IOException {
    return start(jdbcUrl, connection, s, log, List.of());
  }

  /** As {@link #start(String, Properties, ApiSettings, Path)}, with extra JVM options (e.g. a flight recording). */
  public static ApiProcess start(String jdbcUrl, Properties connection, ApiSettings s, Path log, List<String> jvmOptions) throws IOException {
    s.validate();
    Properties p = new Properties();
    p.putAll(connection);
    p.setProperty("ApplicationName", "apex-bench-api");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ApiMain.class.getName());
    cmd.add(jdbcUrl);
    cmd.add(Integer.toString(s.port()));
    cmd.add(Integer.toString(s.poolSize()));
    cmd.add(Long.toString(s.acquireTimeoutMs()));
    cmd.add(Long.toString(s.statementTimeoutMs()));
    Process proc = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    try {
      ApiMain.writeProperties(p, proc.getOutputStream());
    } catch (IOException e) {
      proc.destroyForcibly();
      throw new IOException("the api did not start (its standard input closed); see " + log, e);
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("LISTENING ")) {
      // skip anything printed before the api is ready
    }
    if (line == null) {
      proc.destroyForcibly();
      throw new IOException("the api did not start; see " + log);
    }
    return new ApiProcess(proc, Integer.parseInt(line.substring("LISTENING ".length()).trim()));
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** CPU time the api's JVM has used so far (all its threads), or -1 where the OS does not say. */
  public long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
