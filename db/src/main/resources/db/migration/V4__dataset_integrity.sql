-- What the seeded dataset looked like when it was verified (row counts, a checksum of the seeded
-- projects, the objects of the harness schema), so that a later command can tell a reused dataset
-- that was changed since (writes through `bench serve`, an object someone added) from the seeded one.
ALTER TABLE dataset_info ADD COLUMN integrity TEXT;
