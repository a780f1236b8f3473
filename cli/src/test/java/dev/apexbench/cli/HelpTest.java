package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help renders as written: picocli formats descriptions, so a lone % breaks them. */
class HelpTest {

  @Test
  void everyCommandsHelpRendersWithoutAFormattingWarning() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StringBuilder usage = new StringBuilder();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      CommandLine root = Bench.commandLine();
      usage.append(root.getUsageMessage(CommandLine.Help.Ansi.OFF));
      for (Map.Entry<String, CommandLine> c : root.getSubcommands().entrySet()) {
        usage.append(c.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF));
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).as("picocli's warnings").doesNotContain("Could not format");
    assertThat(usage.toString()).contains("fall below 100 %.").contains("reaches 10 %)").doesNotContain("%%");
  }
}
