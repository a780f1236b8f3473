package dev.apexbench.harness.experiment;

import dev.apexbench.harness.run.Session;
import dev.apexbench.reports.model.Experiment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The harness tables' indexes on a variant: size, and the time to rebuild each (REINDEX), as its build cost. */
final class Indexes {
  private Indexes() {}

  static List<Experiment.Index> measure(Session s) throws Exception {
    List<Experiment.Index> out = new ArrayList<>();
    try (Connection c = s.server.connect(); Statement st = c.createStatement()) {
      Map<String, String> tables = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT i.relname, t.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
          + " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
          + " WHERE n.nspname = current_schema() AND t.relname IN ('projects', 'project_payloads', 'project_events')"
          + " ORDER BY t.relname, i.relname")) {
        while (rs.next()) {
          tables.put(rs.getString(1), rs.getString(2));
        }
      }
      for (Map.Entry<String, String> e : tables.entrySet()) {
        long t0 = System.nanoTime();
        st.execute("REINDEX INDEX \"" + e.getKey().replace("\"", "\"\"") + "\"");
        double ms = (System.nanoTime() - t0) / 1e6;
        long bytes;
        try (ResultSet rs = st.executeQuery("SELECT pg_relation_size('\"" + e.getKey().replace("'", "''").replace("\"", "\"\"") + "\"')")) {
          rs.next();
          bytes = rs.getLong(1);
        }
        out.add(new Experiment.Index(e.getKey(), e.getValue(), bytes, Math.round(ms * 10) / 10.0));
      }
    }
    return out;
  }
}
