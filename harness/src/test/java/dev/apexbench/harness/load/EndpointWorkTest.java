package dev.apexbench.harness.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.db.catalog.ServerSql;
import dev.apexbench.db.catalog.WriteStatements;
import dev.apexbench.db.metrics.StatsWindow.StatementDelta;
import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attribution of the server's work to endpoints, against counts and blocks set by hand. */
class EndpointWorkTest {
  static final String BEFORE = """
      # HELP apex_api_statements_total statements executed
      apex_api_statements_total{request="GET /projects/{id}",statement="simple.project_by_id"} 5.0
      apex_api_statements_total{request="GET /projects/{id}",statement="composite.project_timeline"} 5.0
      apex_api_work_requests_total{request="GET /projects/{id}"} 5.0
      """;
  static final String AFTER = """
      apex_api_statements_total{request="GET /projects/{id}",statement="simple.project_by_id"} 15.0
      apex_api_statements_total{request="GET /projects/{id}",statement="composite.project_timeline"} 15.0
      apex_api_statements_total{request="GET /projects/{id}",statement="simple.payloads_for_module"} 20.0
      apex_api_statements_total{request="POST /projects",statement="insert_project"} 4.0
      apex_api_work_requests_total{request="GET /projects/{id}"} 15.0
      apex_api_work_requests_total{request="POST /projects"} 4.0
      apex_api_work_requests_total{request="a \\"quoted\\" name"} 1.0
      """;

  static StatementDelta delta(String sql, long calls, long blocks, long wal) {
    return new StatementDelta(ServerSql.toServer(sql), calls, 1, 0.1, 0, calls, blocks, 0, 0, wal);
  }

  static Load load() {
    return Fixtures.load(10, 10, List.of(Fixtures.endpoint("GET /projects/{id}", "composite", 10, 0, 5, null),
        Fixtures.endpoint("POST /projects", "write", 4, 0, 5, null)));
  }

  @Test
  void eachStatementsBlocksPerCallTimesTheRequestsCountOverTheWindow() {
    List<StatementDelta> executed = List.of(
        delta(QueryCatalog.get("simple.project_by_id").sql(), 12, 36, 0), // 3 blocks per call; 2 calls not the api's
        delta(QueryCatalog.get("composite.project_timeline").sql(), 10, 90, 0), // 9 per call
        delta(QueryCatalog.get("simple.payloads_for_module").sql(), 20, 60, 0), // 3 per call
        delta(WriteStatements.INSERT_PROJECT, 4, 40, 4000)); // 10 per call, 1000 WAL bytes
    EndpointWork.Counts before = EndpointWork.parse(BEFORE);
    EndpointWork.Counts after = EndpointWork.parse(AFTER);
    assertThat(after.requests()).containsEntry("a \"quoted\" name", 1.0);
    Load l = EndpointWork.attach(load(), before, after, executed);
    Endpoint.Work detail = l.endpoints().get(0).work();
    // 10 requests in the window: 10 + 10 + 20 statements; 10 x 3 + 10 x 9 + 20 x 3 blocks
    assertThat(detail.requests()).isEqualTo(10);
    assertThat(detail.statementsPerRequest()).isEqualTo(4.0);
    assertThat(detail.blocksPerRequest()).isEqualTo((30 + 90 + 60) / 10.0);
    Endpoint.Work post = l.endpoints().get(1).work();
    assertThat(post.statementsPerRequest()).isEqualTo(1.0);
    assertThat(post.blocksPerRequest()).isEqualTo(10.0);
    assertThat(post.walBytesPerRequest()).isEqualTo(1000.0);
    assertThat(l.total().work().requests()).isEqualTo(14);
    assertThat(l.total().work().statementsPerRequest()).isCloseTo(44 / 14.0, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void withoutPgStatStatementsTheStatementsPerRequestStillHoldAndBlocksAreUnknown() {
    Load l = EndpointWork.attach(load(), EndpointWork.parse(BEFORE), EndpointWork.parse(AFTER), List.of());
    assertThat(l.endpoints().get(0).work().statementsPerRequest()).isEqualTo(4.0);
    assertThat(l.endpoints().get(0).work().blocksPerRequest()).isNull();
    Load none = EndpointWork.attach(load(), EndpointWork.parse(""), EndpointWork.parse(""), List.of());
    assertThat(none.endpoints().get(0).work()).as("an api without the counters").isNull();
  }
}
