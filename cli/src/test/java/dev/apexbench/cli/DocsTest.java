package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the user-facing docs and the shipped targets.yaml say about the catalog matches the catalog. */
class DocsTest {
  static final Path ROOT = Path.of("..");

  @Test
  void theReadmesQueryCountIsTheCatalogs() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher m = Pattern.compile("(\\d+) queries a dashboard would send").matcher(readme);
    assertThat(m.find()).as("README states the query count").isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(QueryCatalog.ALL.size());
  }

  @Test
  void theTargetsFilesCommentedOverrideExamplesNameRealQueries() throws Exception {
    List<String> names = QueryCatalog.ALL.stream().map(CatalogQuery::name).toList();
    Matcher m = Pattern.compile("(?m)^\\s*#\\s*([a-z]+\\.[a-z_]+):\\s*(\"|none)").matcher(Files.readString(ROOT.resolve("targets.yaml")));
    int examples = 0;
    while (m.find()) {
      assertThat(names).as("the example override " + m.group(1)).contains(m.group(1));
      examples++;
    }
    assertThat(examples).as("targets.yaml shows how to override a query").isPositive();
  }

  @Test
  void anOverrideNamingNoCatalogQueryIsOneLineWithItsFileAndLine() throws Exception {
    Path t = Files.createTempFile("targets", ".yaml");
    Files.writeString(t, "version: 1\nqueries:\n  overrides:\n    simple.status_recent: \"< 5 ms\"\n    simple.project_by_idd: \"< 5 ms\"\n");
    CliRun r = CliRun.of("explain", "--targets", t.toString(), "--db", "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines().lines()).hasSize(1);
    assertThat(r.errorLines()).contains(t + ":5").contains("simple.project_by_idd").contains("not a catalog query");
  }
}
