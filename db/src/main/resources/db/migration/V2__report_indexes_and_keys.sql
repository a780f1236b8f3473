-- The seven indexes of the report (006_envelope_support_indexes.py) and both foreign keys.

-- 1. dashboard filtering: projects in a status, newest first
CREATE INDEX ix_projects_status_created ON projects (status, created_at DESC);
-- 2. multi-tenant queries: one account's projects in a status and date range
CREATE INDEX ix_projects_account_status_created ON projects (account_id, status, created_at DESC);
-- 3. deterministic caching: look a payload up by its content hash
CREATE INDEX ix_projects_content_sha ON projects (content_sha256);
-- 4. optimistic locking: etags are unique where set
CREATE UNIQUE INDEX ix_projects_etag ON projects (etag) WHERE etag IS NOT NULL;
-- 5. module filtering: a project's payloads for one module
CREATE INDEX ix_payloads_project_module ON project_payloads (project_id, module);
-- 6. audit queries: a project's events, newest first
CREATE INDEX ix_events_project_timestamp ON project_events (project_id, occurred_at DESC);
-- 7. hot path: a tenant's non-draft dashboard, most recently updated first (partial index).
--    The report names this index and its purpose but not its columns. The predicate is a
--    literal in the dashboard query, so the planner can use the index with generic plans too
--    (a partial index keyed on status = $1 could only be proven usable in custom plans).
CREATE INDEX ix_projects_active_status ON projects (account_id, updated_at DESC) WHERE status <> 'draft';

ALTER TABLE project_payloads
    ADD CONSTRAINT fk_payloads_project FOREIGN KEY (project_id)
    REFERENCES projects (project_id) ON DELETE CASCADE;
ALTER TABLE project_events
    ADD CONSTRAINT fk_events_project FOREIGN KEY (project_id)
    REFERENCES projects (project_id) ON DELETE CASCADE;
