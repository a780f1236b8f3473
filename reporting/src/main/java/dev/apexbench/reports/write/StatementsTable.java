package dev.apexbench.reports.write;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.DbWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The statements that cost the most server time (pg_stat_statements), per measured window. */
final class StatementsTable {

  static final int TOP = 10;

  private StatementsTable() {}

  static void render(Html h, Map<String, DbWindow> windows) {
    List<Row> rows = new ArrayList<>();
    windows.forEach((name, w) -> {
      if (w.topStatements() != null) {
        w.topStatements().forEach(s -> rows.add(new Row(name, s)));
      }
    });
    if (rows.isEmpty()) {
      return;
    }
    rows.sort(Comparator.comparingDouble((Row r) -> r.s().totalMs()).reversed());
    h.h3("Top statements by total time (pg_stat_statements)");
    h.tableStart("statements", "window", "statement", "#calls", "#total", "#mean", "#stddev", "#rows");
    for (Row r : rows.subList(0, Math.min(TOP, rows.size()))) {
      DbWindow.StatementStats s = r.s();
      h.tr("", Html.td(r.window()), Html.cell("<pre class=\"sql\">" + Html.esc(s.query()) + "</pre>"),
          Html.num(String.valueOf(s.calls())), Html.num(Fmt.ms(s.totalMs())), Html.num(Fmt.ms(s.meanMs())),
          Html.num(Fmt.ms(s.stddevMs())), Html.num(String.valueOf(s.rows())));
    }
    h.tableEnd();
  }

  private record Row(String window, DbWindow.StatementStats s) {}
}
