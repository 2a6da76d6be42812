-- Analysis reports returned to the participant (issue 57 items 1–3, ADR 137): the report as the analysis centre sent
-- it, a version per distinct content, and the record that a version was explained, which releases it. Pseudonymous
-- ids only; the bridge's role is granted nothing here.
CREATE TYPE "ReportExplanationMode" AS ENUM ('face_to_face', 'video', 'phone');

CREATE TABLE "AnalysisReport" (
    "id" UUID NOT NULL,
    "senderId" TEXT NOT NULL,
    "senderReportId" TEXT NOT NULL,
    "participantId" UUID NOT NULL,
    "latestVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalysisReport_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AnalysisReportVersion" (
    "id" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "pdf" BYTEA NOT NULL,
    "pdfSha256" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "expertPanelDate" DATE NOT NULL,
    "submittedByTokenId" TEXT NOT NULL,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalysisReportVersion_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AnalysisReportExplanation" (
    "id" UUID NOT NULL,
    "reportVersionId" UUID NOT NULL,
    "explainedByUserId" UUID NOT NULL,
    "explainedOn" DATE NOT NULL,
    "mode" "ReportExplanationMode" NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalysisReportExplanation_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "AnalysisReport_participantId_idx" ON "AnalysisReport"("participantId");

CREATE UNIQUE INDEX "AnalysisReport_senderId_senderReportId_key" ON "AnalysisReport"("senderId", "senderReportId");

CREATE UNIQUE INDEX "AnalysisReportVersion_reportId_version_key" ON "AnalysisReportVersion"("reportId", "version");

CREATE UNIQUE INDEX "AnalysisReportVersion_reportId_contentHash_key" ON "AnalysisReportVersion"("reportId", "contentHash");

CREATE UNIQUE INDEX "AnalysisReportExplanation_reportVersionId_key" ON "AnalysisReportExplanation"("reportVersionId");

ALTER TABLE "AnalysisReport" ADD CONSTRAINT "AnalysisReport_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "AnalysisReportVersion" ADD CONSTRAINT "AnalysisReportVersion_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "AnalysisReport"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "AnalysisReportExplanation" ADD CONSTRAINT "AnalysisReportExplanation_reportVersionId_fkey" FOREIGN KEY ("reportVersionId") REFERENCES "AnalysisReportVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: a report's versions are the clinical record as received, and an explanation once recorded is what
-- the participant was shown on its strength; kept like the ledger. The application may add either, never change or
-- remove one; the report row may only move its latest version on.
REVOKE UPDATE, DELETE, TRUNCATE ON "AnalysisReportVersion" FROM tsunagi_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "AnalysisReportExplanation" FROM tsunagi_app;
REVOKE DELETE, TRUNCATE ON "AnalysisReport" FROM tsunagi_app;
CREATE TRIGGER "AnalysisReportVersion_append_only" BEFORE UPDATE OR DELETE ON "AnalysisReportVersion"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "AnalysisReportVersion_no_truncate" BEFORE TRUNCATE ON "AnalysisReportVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "AnalysisReportExplanation_append_only" BEFORE UPDATE OR DELETE ON "AnalysisReportExplanation"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "AnalysisReportExplanation_no_truncate" BEFORE TRUNCATE ON "AnalysisReportExplanation"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
