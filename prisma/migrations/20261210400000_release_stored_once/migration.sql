-- Issue 30 item 6 (a release of 1,000,000 samples filtered, signed and stored in under 2 s; ADR 094). A release was
-- stored twice over: its manifest as jsonb (11.7 MB of JSON parsed and compressed by the INSERT, for a million
-- 10-character codes) and its compact JWS as text (15.6 MB: the same manifest again, in base64url), 27 MB sent,
-- written and logged in the answer's path, where 560-1,400 ms of a 2.3-3.5 s release went. Now the manifest's bytes exactly as signed are stored once
-- (`payload`, uncompressed: the INSERT does no work on them), and `jws` is the signature with a detached payload
-- (RFC 7515 appendix F: `header..signature`); the compact JWS the client was given is `header.base64url(payload).signature`,
-- the same bytes every time it is rebuilt.
--
-- The counts the public log shows (requested, included, excluded by reason) are the database's own, read from the
-- signed bytes by bridge.record_release_samples after the commit with the per-sample rows and the SHA-256 (ADR 082):
-- the INSERT clears whatever the bridge puts there, and until they are written the export reads them from the payload.

ALTER TABLE bridge.release
  ADD COLUMN payload BYTEA,
  ADD COLUMN requested_count INTEGER,
  ADD COLUMN included_count INTEGER,
  ADD COLUMN excluded_counts JSONB;
ALTER TABLE bridge.release ALTER COLUMN payload SET STORAGE EXTERNAL;

-- The manifest's figures, read from its signed bytes (as stored, or as a JWS's payload).
CREATE FUNCTION bridge.manifest_of(payload BYTEA) RETURNS JSONB LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT convert_from(payload, 'UTF8')::jsonb
$$;

-- Releases stored before: the payload decoded from their JWS, the figures from the manifest they were stored with.
UPDATE bridge.release
   SET payload = bridge.jws_payload(jws),
       requested_count = (manifest ->> 'requestedCount')::int,
       included_count = (manifest ->> 'includedCount')::int,
       excluded_counts = COALESCE(manifest -> 'excludedCounts', '{}'::jsonb),
       jws = split_part(jws, '.', 1) || '..' || split_part(jws, '.', 3);

CREATE OR REPLACE FUNCTION bridge.stamp_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.manifest_sha256 := NULL;
  NEW.requested_count := NULL;
  NEW.included_count := NULL;
  NEW.excluded_counts := NULL;
  RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION bridge.record_release_samples(target UUID) RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = bridge, pg_temp AS $$
DECLARE
  written INTEGER;
  manifest JSONB;
BEGIN
  INSERT INTO release_samples_recorded (release_id, samples)
  SELECT r.id, 0 FROM release r WHERE r.id = target
  ON CONFLICT (release_id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT manifest_of(r.payload) INTO manifest FROM release r WHERE r.id = target;
  INSERT INTO release_sample (release_id, sample_code)
  SELECT target, code FROM jsonb_array_elements_text(COALESCE(manifest -> 'included', '[]'::jsonb)) AS code;
  GET DIAGNOSTICS written = ROW_COUNT;
  UPDATE release_samples_recorded SET samples = written WHERE release_id = target;
  UPDATE release
     SET manifest_sha256 = COALESCE(manifest_sha256, encode(sha256(payload), 'hex')),
         requested_count = COALESCE(requested_count, (manifest ->> 'requestedCount')::int),
         included_count = COALESCE(included_count, (manifest ->> 'includedCount')::int),
         excluded_counts = COALESCE(excluded_counts, COALESCE(manifest -> 'excludedCounts', '{}'::jsonb))
   WHERE id = target;
  RETURN written;
END;
$$;

CREATE OR REPLACE VIEW bridge_export.release_sample AS
SELECT s.release_id, s.sample_code FROM bridge.release_sample s
UNION ALL
SELECT r.id, code.value
  FROM bridge.release r
  CROSS JOIN LATERAL jsonb_array_elements_text(COALESCE(bridge.manifest_of(r.payload) -> 'included', '[]'::jsonb)) AS code(value)
 WHERE NOT EXISTS (SELECT 1 FROM bridge.release_samples_recorded d WHERE d.release_id = r.id);

-- A pending release's figures are read from its payload (parsed once per row, only while its counts are unwritten).
CREATE OR REPLACE VIEW bridge_export.release AS
SELECT r.id, r.created_at, r.dataset_id, r.recipient, r.purpose, r.approval_id,
       COALESCE(r.manifest_sha256, encode(sha256(r.payload), 'hex')) AS manifest_sha256,
       COALESCE(r.requested_count, (pending.manifest ->> 'requestedCount')::int) AS requested_count,
       COALESCE(r.included_count, (pending.manifest ->> 'includedCount')::int) AS included_count,
       COALESCE(r.excluded_counts, pending.manifest -> 'excludedCounts', '{}'::jsonb) AS excluded_counts
  FROM bridge.release r
  LEFT JOIN LATERAL (SELECT bridge.manifest_of(r.payload) AS manifest WHERE r.included_count IS NULL) AS pending ON true;

ALTER TABLE bridge.release DROP COLUMN manifest;
ALTER TABLE bridge.release ALTER COLUMN payload SET NOT NULL;
-- The signature alone: a payload in it would be a second copy of the manifest.
ALTER TABLE bridge.release ADD CONSTRAINT release_jws_detached CHECK (jws ~ '^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$');
