-- CreateEnum
CREATE TYPE "ReportSchedule" AS ENUM ('monthly', 'quarterly', 'yearly');

-- CreateEnum
CREATE TYPE "ReportVersionStatus" AS ENUM ('draft', 'scheduled', 'published');

-- CreateTable
CREATE TABLE "PublishedCheckpoint" (
    "seq" BIGINT NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "ledgerCheckpointSeq" BIGINT NOT NULL,
    "globalSeq" BIGINT NOT NULL,
    "chainHash" TEXT NOT NULL,
    "auditThroughId" BIGINT NOT NULL,
    "auditRows" BIGINT NOT NULL,
    "auditDigest" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "checkpoint" JSONB NOT NULL,
    "jws" TEXT NOT NULL,

    CONSTRAINT "PublishedCheckpoint_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "TransparencySnapshot" (
    "id" UUID NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "checkpointSeq" BIGINT,
    "chainHead" JSONB NOT NULL,
    "figures" JSONB NOT NULL,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "TransparencySnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TransparencyReport" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "schedule" "ReportSchedule",
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TransparencyReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TransparencyReportVersion" (
    "id" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "ReportVersionStatus" NOT NULL DEFAULT 'draft',
    "title" JSONB NOT NULL,
    "sections" JSONB NOT NULL,
    "changeNote" JSONB,
    "publishAt" TIMESTAMPTZ(3),
    "snapshotId" UUID,
    "checkpointSeq" BIGINT,
    "publishedAt" TIMESTAMPTZ(3),
    "publishedById" UUID,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TransparencyReportVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TransparencyReportPdf" (
    "versionId" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "pdf" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "TransparencyReportPdf_pkey" PRIMARY KEY ("versionId","language")
);

-- CreateIndex
CREATE UNIQUE INDEX "PublishedCheckpoint_hash_key" ON "PublishedCheckpoint"("hash");

-- CreateIndex
CREATE INDEX "TransparencySnapshot_computedAt_idx" ON "TransparencySnapshot"("computedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TransparencyReport_slug_key" ON "TransparencyReport"("slug");

-- CreateIndex
CREATE INDEX "TransparencyReportVersion_status_publishAt_idx" ON "TransparencyReportVersion"("status", "publishAt");

-- CreateIndex
CREATE UNIQUE INDEX "TransparencyReportVersion_reportId_version_key" ON "TransparencyReportVersion"("reportId", "version");

-- AddForeignKey
ALTER TABLE "TransparencyReportVersion" ADD CONSTRAINT "TransparencyReportVersion_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "TransparencyReport"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TransparencyReportPdf" ADD CONSTRAINT "TransparencyReportPdf_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "TransparencyReportVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand below (issue 16).

-- Published checkpoints and snapshots are records: the application adds to them and reads them, never changes them.
GRANT SELECT, INSERT ON "PublishedCheckpoint", "TransparencySnapshot" TO tsunagi_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "PublishedCheckpoint", "TransparencySnapshot" FROM tsunagi_app;
CREATE TRIGGER "PublishedCheckpoint_append_only" BEFORE UPDATE OR DELETE ON "PublishedCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "PublishedCheckpoint_no_truncate" BEFORE TRUNCATE ON "PublishedCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "TransparencySnapshot_append_only" BEFORE UPDATE OR DELETE ON "TransparencySnapshot"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();

-- A published report version is what readers were told: it and its PDFs never change (a correction is a new version).
CREATE FUNCTION tsunagi_freeze_published_report_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'published' THEN
    RAISE EXCEPTION 'a published report version cannot be changed or deleted (a correction is a new version)'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "TransparencyReportVersion_frozen_when_published" BEFORE UPDATE OR DELETE ON "TransparencyReportVersion"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_freeze_published_report_version();
REVOKE DELETE, TRUNCATE ON "TransparencyReport", "TransparencyReportVersion" FROM tsunagi_app;
GRANT SELECT, INSERT ON "TransparencyReportPdf" TO tsunagi_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "TransparencyReportPdf" FROM tsunagi_app;
CREATE TRIGGER "TransparencyReportPdf_append_only" BEFORE UPDATE OR DELETE ON "TransparencyReportPdf"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();

-- The bridge's side (ADR 045). Which samples each release included, one row each, written by a trigger in the
-- release's own INSERT (so the bridge's code and its role's rights on bridge.release stay as they were), and the
-- SHA-256 of the manifest exactly as signed (the JWS payload), so anyone can match a manifest they hold to the
-- public log.
ALTER TABLE bridge.release ADD COLUMN manifest_sha256 TEXT;

CREATE FUNCTION bridge.jws_payload(jws TEXT) RETURNS BYTEA LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT decode(rpad(translate(split_part(jws, '.', 2), '-_', '+/'), ((length(split_part(jws, '.', 2)) + 3) / 4) * 4, '='), 'base64')
$$;

CREATE FUNCTION bridge.stamp_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.manifest_sha256 := encode(sha256(bridge.jws_payload(NEW.jws)), 'hex');
  RETURN NEW;
END;
$$;
CREATE TRIGGER release_stamp BEFORE INSERT ON bridge.release FOR EACH ROW EXECUTE FUNCTION bridge.stamp_release();

CREATE TABLE bridge.release_sample (
    release_id   UUID NOT NULL REFERENCES bridge.release (id),
    sample_code  TEXT NOT NULL,
    PRIMARY KEY (release_id, sample_code)
);
CREATE INDEX release_sample_code_idx ON bridge.release_sample (sample_code);

CREATE FUNCTION bridge.record_release_samples() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO bridge.release_sample (release_id, sample_code)
  SELECT NEW.id, code FROM jsonb_array_elements_text(COALESCE(NEW.manifest -> 'included', '[]'::jsonb)) AS code
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
CREATE TRIGGER release_record_samples AFTER INSERT ON bridge.release FOR EACH ROW EXECUTE FUNCTION bridge.record_release_samples();
GRANT SELECT, INSERT ON bridge.release_sample TO tsunagi_bridge;

-- Releases made before this migration.
UPDATE bridge.release SET manifest_sha256 = encode(sha256(bridge.jws_payload(jws)), 'hex') WHERE manifest_sha256 IS NULL;
INSERT INTO bridge.release_sample (release_id, sample_code)
SELECT r.id, code FROM bridge.release r, jsonb_array_elements_text(COALESCE(r.manifest -> 'included', '[]'::jsonb)) AS code
ON CONFLICT DO NOTHING;

-- The pseudonymous export the app reads (issue 16 item 3): views over the bridge's records, owned by the migration's
-- role, so the app sees these columns and nothing else of the bridge's schema. No view holds a client id, a token
-- or a purpose string a client typed; the bridge still reads no identity.
CREATE SCHEMA bridge_export;

CREATE VIEW bridge_export.release AS
SELECT r.id, r.created_at, r.dataset_id, r.recipient, r.purpose, r.approval_id, r.manifest_sha256,
       (r.manifest ->> 'requestedCount')::int AS requested_count,
       (r.manifest ->> 'includedCount')::int AS included_count,
       COALESCE(r.manifest -> 'excludedCounts', '{}'::jsonb) AS excluded_counts
  FROM bridge.release r;

CREATE VIEW bridge_export.release_sample AS
SELECT release_id, sample_code FROM bridge.release_sample;

CREATE VIEW bridge_export.decision AS
SELECT d.id, d.subject, d.action, d.allowed, d.reason, d.evaluated_at
  FROM bridge.decision_log d;

GRANT USAGE ON SCHEMA bridge_export TO tsunagi_app;
GRANT SELECT ON ALL TABLES IN SCHEMA bridge_export TO tsunagi_app;
