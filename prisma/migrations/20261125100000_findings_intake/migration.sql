-- Findings intake (issue 13, ADR 032): secondary findings submitted by the analysis team, one row per lab finding
-- id, one version per distinct content the lab sent under it. Findings carry pseudonymous ids only; the bridge's
-- role is granted nothing here.
CREATE TYPE "FindingCategory" AS ENUM ('hereditary_cancer', 'other_actionable');

CREATE TYPE "FindingClassification" AS ENUM ('P', 'LP');

CREATE TABLE "Finding" (
    "id" UUID NOT NULL,
    "labId" TEXT NOT NULL,
    "labFindingId" TEXT NOT NULL,
    "sampleId" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "category" "FindingCategory" NOT NULL,
    "gene" TEXT NOT NULL,
    "geneListVersion" TEXT NOT NULL,
    "latestVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "FindingVersion" (
    "id" UUID NOT NULL,
    "findingId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "variantHgvs" TEXT NOT NULL,
    "classification" "FindingClassification" NOT NULL,
    "evidenceSummary" TEXT NOT NULL,
    "reportPdf" BYTEA NOT NULL,
    "reportSha256" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "reinterpretation" BOOLEAN NOT NULL DEFAULT false,
    "submittedByTokenId" TEXT NOT NULL,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FindingVersion_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Finding_participantId_idx" ON "Finding"("participantId");

CREATE INDEX "Finding_category_createdAt_idx" ON "Finding"("category", "createdAt");

CREATE UNIQUE INDEX "Finding_labId_labFindingId_key" ON "Finding"("labId", "labFindingId");

CREATE UNIQUE INDEX "FindingVersion_findingId_version_key" ON "FindingVersion"("findingId", "version");

CREATE UNIQUE INDEX "FindingVersion_findingId_contentHash_key" ON "FindingVersion"("findingId", "contentHash");

ALTER TABLE "Finding" ADD CONSTRAINT "Finding_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "Sample"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Finding" ADD CONSTRAINT "Finding_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "FindingVersion" ADD CONSTRAINT "FindingVersion_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: a finding's versions are the lab's clinical record as received, kept like the ledger and the
-- audit log. The application may add versions, never change or remove one; the finding row itself may only move its
-- latest version on, never go away.
REVOKE UPDATE, DELETE, TRUNCATE ON "FindingVersion" FROM tsunagi_app;
REVOKE DELETE, TRUNCATE ON "Finding" FROM tsunagi_app;
CREATE TRIGGER "FindingVersion_append_only" BEFORE UPDATE OR DELETE ON "FindingVersion"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "FindingVersion_no_truncate" BEFORE TRUNCATE ON "FindingVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
