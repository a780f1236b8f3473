package dev.apexbench.cli;

import dev.apexbench.reports.model.Results;
import java.io.PrintWriter;

/** A command with a table of its own, printed on stdout before the verdict table (not with --json). */
interface ShowsTable {
  void table(Results r, PrintWriter out);
}
