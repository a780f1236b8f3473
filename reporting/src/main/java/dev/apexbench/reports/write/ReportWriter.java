package dev.apexbench.reports.write;

import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.model.Results;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the human and CI views of a run next to its results.json: {@code index.html},
 * {@code summary.md} and {@code junit.xml}. It does not write results.json itself ({@link
 * dev.apexbench.reports.ResultsIO#write} does), so {@code bench report} can rebuild the views
 * from a stored file without touching it.
 */
public final class ReportWriter {

  public static final String HTML = "index.html";
  public static final String MARKDOWN = "summary.md";
  public static final String JUNIT = "junit.xml";

  private ReportWriter() {}

  /**
   * @return the files written, in the order above
   * @throws ReportsException a file cannot be written (one line naming it)
   */
  public static List<Path> writeAll(Path runDir, Results results) {
    try {
      Files.createDirectories(runDir);
    } catch (IOException e) {
      throw new ReportsException(runDir + ": cannot create the run directory: " + e.getMessage(), e);
    }
    return List.of(
        write(runDir.resolve(HTML), HtmlReport.render(results, runDir)),
        write(runDir.resolve(MARKDOWN), MarkdownSummary.render(results)),
        write(runDir.resolve(JUNIT), JUnitXml.render(results)));
  }

  /** Writes a report file atomically ({@link dev.apexbench.reports.ResultsIO#writeAtomically}). */
  public static Path write(Path file, String content) {
    try {
      dev.apexbench.reports.ResultsIO.writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
      return file;
    } catch (IOException e) {
      throw new ReportsException(file + ": cannot write: " + e.getMessage(), e);
    }
  }
}
