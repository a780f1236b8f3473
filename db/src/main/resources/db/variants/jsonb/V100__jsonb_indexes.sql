-- Schema variant report+jsonb: indexes that serve all three JSONB queries of the catalog.
-- GIN with the default jsonb_ops serves containment (@>) and key existence (?), which
-- jsonb_path_ops (report+gin) cannot; an expression B-tree serves the range over the extracted
-- building size, which no GIN index can.
CREATE INDEX ix_payloads_inputs_gin_ops ON project_payloads USING gin (inputs);
CREATE INDEX ix_payloads_gross_sqft ON project_payloads (((inputs #>> '{site,gross_sqft}')::int));
