-- Issue 30 item 6 (a release of 1,000,000 samples filtered, signed and stored in under 2 s; ADR 082). The trigger
-- release_record_samples wrote one bridge.release_sample row and index entry per included sample inside the
-- release's own INSERT: 900,000 of them were 5-7 s of an 8.5 s release. The release now commits with its signed
-- manifest alone; the rows are written after the commit, in one statement per release, by the bridge
-- (bridge.record_release_samples, called after each release, at the bridge's start and every minute, so a crash
-- between the commit and the rows is made good by the next start or check).
--
-- A release whose rows are not yet written is *pending*: it has no row in bridge.release_samples_recorded. The marker
-- and the rows are committed by one transaction, so a statement sees either both or neither. What the app reads,
-- bridge_export.release_sample, answers a pending release from its stored manifest's `included` array, so a reader
-- is never told that a release left a sample out when its manifest included it.

CREATE TABLE bridge.release_samples_recorded (
    release_id   UUID PRIMARY KEY,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- How many rows were written (the manifest's `included` count, which anyone can check against it).
    samples      INTEGER NOT NULL
);
GRANT SELECT ON bridge.release_samples_recorded TO tsunagi_bridge;

-- Every release made before this migration had its rows written by the trigger.
INSERT INTO bridge.release_samples_recorded (release_id, recorded_at, samples)
SELECT r.id, r.created_at, (SELECT count(*) FROM bridge.release_sample s WHERE s.release_id = r.id) FROM bridge.release r;

DROP TRIGGER release_record_samples ON bridge.release;
DROP FUNCTION bridge.record_release_samples();

-- Writes one release's rows and its marker in the caller's transaction, once: the marker is inserted first, so a
-- second call at the same time waits on it and then writes nothing (or, if the first rolled back, writes them
-- itself). Returns the rows written, or NULL when the release is unknown or was recorded already. SECURITY DEFINER:
-- the bridge's role no longer inserts into release_sample itself, so the rows can only be what the manifest says.
CREATE FUNCTION bridge.record_release_samples(target UUID) RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = bridge, pg_temp AS $$
DECLARE
  written INTEGER;
BEGIN
  INSERT INTO release_samples_recorded (release_id, samples)
  SELECT r.id, 0 FROM release r WHERE r.id = target
  ON CONFLICT (release_id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO release_sample (release_id, sample_code)
  SELECT target, code FROM release r, jsonb_array_elements_text(COALESCE(r.manifest -> 'included', '[]'::jsonb)) AS code
   WHERE r.id = target;
  GET DIAGNOSTICS written = ROW_COUNT;
  UPDATE release_samples_recorded SET samples = written WHERE release_id = target;
  -- The stamp (ADR 045), moved here from the INSERT with the rows: decoding and hashing a national cohort's JWS is
  -- most of what the database still did in the release. Readers compute it while it is NULL (bridge_export.release).
  UPDATE release SET manifest_sha256 = encode(sha256(jws_payload(jws)), 'hex') WHERE id = target AND manifest_sha256 IS NULL;
  RETURN written;
END;
$$;
REVOKE ALL ON FUNCTION bridge.record_release_samples(UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bridge.record_release_samples(UUID) TO tsunagi_bridge;
REVOKE INSERT ON bridge.release_sample FROM tsunagi_bridge;

-- The SHA-256 of the manifest as signed is no longer computed in the release's INSERT (up to ~0.9 s of decoding and
-- hashing for 1,000,000 samples under load); record_release_samples stamps it after the commit, and
-- bridge_export.release computes it on the fly until then. The INSERT still clears whatever the bridge might put
-- there, so the stamp is only ever the database's own.
CREATE OR REPLACE FUNCTION bridge.stamp_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.manifest_sha256 := NULL;
  RETURN NEW;
END;
$$;

-- The manifest's jsonb compressed with lz4 rather than pglz: measured on a 900,000-code manifest under load, its
-- INSERT (parse and compression) 175-207 ms against 300-385 ms, stored 20 % larger; read back faster too. New values only.
-- A server built without lz4 (the embedded PostgreSQL of a user's machine) keeps pglz: the same data, a slower INSERT.
DO $$
BEGIN
  ALTER TABLE bridge.release ALTER COLUMN manifest SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available here; bridge.release.manifest keeps pglz';
END $$;

-- The releases still pending, oldest first (the bridge's loop; a handful at most, usually none).
CREATE FUNCTION bridge.releases_awaiting_samples() RETURNS SETOF UUID
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = bridge, pg_temp AS $$
  SELECT r.id FROM release r
   WHERE NOT EXISTS (SELECT 1 FROM release_samples_recorded d WHERE d.release_id = r.id)
   ORDER BY r.created_at, r.id
$$;
REVOKE ALL ON FUNCTION bridge.releases_awaiting_samples() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bridge.releases_awaiting_samples() TO tsunagi_bridge;

-- What the app reads: the written rows, and for a pending release its manifest's codes. Same columns and meaning as
-- before; a pending release costs its reader a pass over that manifest until its rows are written.
CREATE OR REPLACE VIEW bridge_export.release_sample AS
SELECT s.release_id, s.sample_code FROM bridge.release_sample s
UNION ALL
SELECT r.id, code.value
  FROM bridge.release r
  CROSS JOIN LATERAL jsonb_array_elements_text(COALESCE(r.manifest -> 'included', '[]'::jsonb)) AS code(value)
 WHERE NOT EXISTS (SELECT 1 FROM bridge.release_samples_recorded d WHERE d.release_id = r.id);

CREATE OR REPLACE VIEW bridge_export.release AS
SELECT r.id, r.created_at, r.dataset_id, r.recipient, r.purpose, r.approval_id,
       COALESCE(r.manifest_sha256, encode(sha256(bridge.jws_payload(r.jws)), 'hex')) AS manifest_sha256,
       (r.manifest ->> 'requestedCount')::int AS requested_count,
       (r.manifest ->> 'includedCount')::int AS included_count,
       COALESCE(r.manifest -> 'excludedCounts', '{}'::jsonb) AS excluded_counts
  FROM bridge.release r;
