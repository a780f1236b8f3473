package dev.apexbench.harness.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/** A workspace for engine tests: home in a directory of the test's, messages kept (and echoed to stderr), nothing printed on stdout. */
public final class TestWorkspace {
  private final StringWriter messages = new StringWriter();
  private final Workspace ws;

  public TestWorkspace(Path home) {
    PrintWriter both = new PrintWriter(new java.io.Writer() {
      @Override
      public void write(char[] c, int off, int len) {
        messages.write(c, off, len);
        System.err.write(new String(c, off, len).getBytes(java.nio.charset.StandardCharsets.UTF_8), 0,
            new String(c, off, len).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      }

      @Override
      public void flush() {
        System.err.flush();
      }

      @Override
      public void close() {}
    }, true);
    this.ws = new Workspace(home, new Console(both, true), (r, dir, exit) -> { }, List.of());
  }

  public Workspace workspace() {
    return ws;
  }

  /** Everything the engine said on its console. */
  public String messages() {
    return messages.toString();
  }
}
