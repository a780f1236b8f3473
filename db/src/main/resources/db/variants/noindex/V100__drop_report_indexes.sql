-- Schema variant report-indexes: the report's schema without its seven secondary indexes, to
-- show what each one buys. Primary keys, CHECKs, foreign keys and the materialized view stay.
-- Note: without ix_projects_etag, etags are no longer enforced unique.
DROP INDEX ix_projects_status_created;
DROP INDEX ix_projects_account_status_created;
DROP INDEX ix_projects_content_sha;
DROP INDEX ix_projects_etag;
DROP INDEX ix_payloads_project_module;
DROP INDEX ix_events_project_timestamp;
DROP INDEX ix_projects_active_status;
