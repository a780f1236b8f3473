package dev.apexbench.db.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.catalog.Intended;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan guard's rules, on plan facts (no server needed). */
class PlanGuardTest {
  static final Map<String, String> INDEX_TABLES = Map.of(
      "projects_pkey", "projects", "ix_events_project_timestamp", "project_events", "ix_payloads_project_module", "project_payloads",
      "ux_project_stats_account_status", "project_stats");
  static final Explainer.ParamSet SET = new Explainer.ParamSet("sample 1", new Object[] {42L});

  static PlanAnalyzer.Facts facts(List<String> indexes, List<String> seqScans) {
    return new PlanAnalyzer.Facts(List.of("Nested Loop"), indexes, List.of(), seqScans, 1, 1, 0, 0.1, 0.2, false);
  }

  @Test
  void theRightIndexBesideASeqScanOfAnIndexedRelationFails() {
    Set<String> guarded = Explainer.guardedRelations(SchemaVariant.REPORT, INDEX_TABLES);
    assertThat(guarded).contains("projects", "project_events", "project_payloads", "project_stats");
    PlanSummary.Check c = Explainer.judge(Explainer.GENERIC, SET, facts(List.of("ix_events_project_timestamp"), List.of("projects")),
        new Intended.Index("ix_events_project_timestamp"), guarded, INDEX_TABLES);
    assertThat(c.pass()).isFalse();
    assertThat(c.reason()).isEqualTo("Seq Scan on projects");
    PlanSummary.Check ok = Explainer.judge(Explainer.GENERIC, SET, facts(List.of("ix_events_project_timestamp", "projects_pkey"), List.of()),
        new Intended.Index("ix_events_project_timestamp"), guarded, INDEX_TABLES);
    assertThat(ok.pass()).isTrue();
  }

  @Test
  void aQueryWithNoIntendedIndexMaySeqScan() {
    PlanSummary.Check c = Explainer.judge(Explainer.CUSTOM, SET, facts(List.of(), List.of("project_payloads")),
        new Intended.None("no index serves it"), Set.of("project_payloads"), INDEX_TABLES);
    assertThat(c.pass()).isTrue();
  }

  @Test
  void theViewNeedsItsIndexNotJustItsName() {
    Intended mv = new Intended.Relation("project_stats", "materialized view", "ux_project_stats_account_status");
    PlanSummary.Check scan = Explainer.judge(Explainer.CUSTOM, SET, facts(List.of(), List.of("project_stats")), mv,
        Set.of("project_stats"), INDEX_TABLES);
    assertThat(scan.pass()).isFalse();
    assertThat(scan.reason()).contains("does not use project_stats through ux_project_stats_account_status").contains("Seq Scan on project_stats");
  }

  @Test
  void aOnePageViewMayBeReadWhole() {
    Intended mv = new Intended.Relation("project_stats", "materialized view", "ux_project_stats_account_status");
    PlanAnalyzer.Facts scan = new PlanAnalyzer.Facts(List.of("Seq Scan"), List.of(), List.of("project_stats"), List.of("project_stats"),
        1, 1, 0, 0.1, 0.2, false);
    assertThat(Explainer.judge(Explainer.CUSTOM, SET, scan, mv, Set.of(), INDEX_TABLES).pass())
        .as("not guarded: one page, read whole").isTrue();
  }

  @Test
  void argumentsAreCastToTheStatementsParameterTypes() {
    assertThat(Explainer.args(new Object[] {7L, "draft"}, List.of("bigint", "character varying"))).isEqualTo("(7::bigint, 'draft'::character varying)");
    assertThat(Explainer.args(new Object[0], List.of())).isEmpty();
  }
}
