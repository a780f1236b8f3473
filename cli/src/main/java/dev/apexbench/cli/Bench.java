package dev.apexbench.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.apexbench.db.BenchException;
import dev.apexbench.harness.run.Console;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.write.Summary;
import java.nio.file.Path;
import java.util.List;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code bench} command. Exit codes: 0 pass; 1 a target breached or a regression found; 2 bad
 * usage, bad input or an environment error (one line on stderr, no stack trace unless {@code
 * --verbose}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Benchmark and load-test harness for the apex projects database.",
      "Measures the report's documented targets on a real PostgreSQL."
    },
    subcommands = {
      RunCommand.class, CalibrateCommand.class, SeedCommand.class, ExplainCommand.class, JmhCommand.class, ServeCommand.class, LoadCommand.class, CapacityCommand.class, ExperimentCommand.class, DrCommand.class, HistoryCommand.class, MergeCommand.class, ReferenceCommand.class,
      ReportCommand.class, CompareCommand.class, CommandLine.HelpCommand.class
    })
public final class Bench implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Bench());
    cl.setUsageHelpAutoWidth(true);
    cl.setParameterExceptionHandler(Bench::badParameter);
    cl.setExecutionExceptionHandler(Bench::failed);
    cl.setExecutionStrategy(Bench::execute);
    return cl;
  }

  /**
   * Runs the command picocli parsed: logging configured once (--verbose), then the command with
   * its workspace, the process's one state object (home, console, how a run is shown, how this
   * tool starts itself in a child JVM).
   */
  private static int execute(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    configureLogging(leaf.hasMatchedOption("--verbose"));
    CommandLine leafCl = leaf.commandSpec().commandLine();
    for (CommandSpec mixin : leaf.commandSpec().mixins().values()) {
      if (mixin.userObject() instanceof CommonOptions common) {
        common.workspace = workspace(leafCl, leaf.commandSpec().userObject(), leaf.hasMatchedOption("--json"));
      }
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  static Workspace workspace(CommandLine cl, Object command, boolean json) {
    Path home = Path.of(System.getProperty("apex.home", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    Console console = new Console(cl.getErr(), json && command instanceof SeedCommand); // seed --json prints no progress
    Workspace.Presenter show = (r, dir, exit) -> {
      PrintWriter out = cl.getOut();
      if (json) {
        out.println(JsonSummary.of(r, dir, exit));
      } else {
        if (command instanceof ShowsTable t && !"interrupted".equals(r.verdict())) {
          t.table(r, out);
          out.flush();
        }
        out.println();
        out.print(Summary.terminalTable(r));
      }
      out.flush();
    };
    List<String> self = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dapex.home=" + home, "-cp", System.getProperty("java.class.path"),
        Bench.class.getName());
    return new Workspace(home, console, show, self);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see the list above)");
  }

  /** Bad usage: one line naming the setting, the value and what is allowed; exit 2. */
  private static int badParameter(CommandLine.ParameterException ex, String[] args) {
    PrintWriter err = ex.getCommandLine().getErr();
    err.println(prefix(ex.getCommandLine()) + ex.getMessage());
    err.flush();
    return 2;
  }

  private static int failed(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    boolean verbose = parsed.subcommand() != null
        ? parsed.subcommand().hasMatchedOption("--verbose")
        : parsed.hasMatchedOption("--verbose");
    BenchException be = benchException(ex);
    if (be != null) {
      err.println(prefix(cl) + be.getMessage());
    } else {
      err.println(prefix(cl) + "failed: " + describe(ex) + (verbose ? "" : " (--verbose shows the stack trace)"));
    }
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return be != null ? be.exitCode() : 2;
  }

  private static String prefix(CommandLine cl) {
    return cl.getCommandSpec().qualifiedName() + ": ";
  }

  static BenchException benchException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BenchException be) {
        return be;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    String msg = t.getMessage();
    if (msg == null || msg.isBlank()) {
      msg = t.getClass().getSimpleName();
    }
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }

  /** --verbose: let the libraries speak (INFO) and show stack traces. */
  private static void configureLogging(boolean verbose) {
    if (!verbose) {
      return;
    }
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
      // with --verbose, messages keep their lines and their stack traces
      if (ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR") instanceof ch.qos.logback.core.OutputStreamAppender<?> out) {
        ch.qos.logback.classic.encoder.PatternLayoutEncoder enc = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n%ex");
        enc.start();
        @SuppressWarnings("unchecked")
        ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> a =
            (ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) out;
        a.setEncoder(enc);
      }
      ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
      ctx.getLogger("org.testcontainers").setLevel(Level.INFO);
      ctx.getLogger("io.zonky").setLevel(Level.INFO);
      ctx.getLogger("org.flywaydb").setLevel(Level.INFO);
    }
  }
}
