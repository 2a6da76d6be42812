-- A release of 100,000 samples took 2.4 s (issue 4's goal: under 1 s) once issue 16 added bridge.release_sample, filled
-- by the release's own INSERT. Timed in PostgreSQL alone, nearly all of it was per-row work that buys nothing here:
-- a foreign-key check per sample (the rows are written by the trigger on that very release, and the bridge can delete
-- no release), a primary key and ON CONFLICT (a manifest's codes are unique: the release schema refuses duplicates,
-- and "who used my data" asks only whether a release holds a code). One index serves that question, with the release
-- id in the index so it is answered from the index alone.
ALTER TABLE bridge.release_sample DROP CONSTRAINT release_sample_release_id_fkey;
ALTER TABLE bridge.release_sample DROP CONSTRAINT release_sample_pkey;
DROP INDEX bridge.release_sample_code_idx;
CREATE INDEX release_sample_code_idx ON bridge.release_sample (sample_code) INCLUDE (release_id);

CREATE OR REPLACE FUNCTION bridge.record_release_samples() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO bridge.release_sample (release_id, sample_code)
  SELECT NEW.id, code FROM jsonb_array_elements_text(COALESCE(NEW.manifest -> 'included', '[]'::jsonb)) AS code;
  RETURN NULL;
END;
$$;
