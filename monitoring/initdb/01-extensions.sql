-- Runs once, when the db volume is created: the extensions the report's monitoring relies on.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE EXTENSION IF NOT EXISTS pg_prewarm;
