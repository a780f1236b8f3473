-- Per-tenant, per-status counts and mean confidence (migrations/refresh_stats_view.sql in the
-- report). The unique index is what REFRESH MATERIALIZED VIEW CONCURRENTLY requires.
CREATE MATERIALIZED VIEW project_stats AS
SELECT account_id,
       status,
       COUNT(*)        AS project_count,
       AVG(confidence) AS avg_confidence
FROM projects
GROUP BY account_id, status;

CREATE UNIQUE INDEX ux_project_stats_account_status ON project_stats (account_id, status);
