-- Schema variant report+gin: the report's next step, "add GIN indexes for JSONB if JSON queries
-- slow". jsonb_path_ops serves containment (@>) and jsonpath (@?, @@) but not key existence (?).
CREATE INDEX ix_payloads_inputs_gin ON project_payloads USING gin (inputs jsonb_path_ops);
