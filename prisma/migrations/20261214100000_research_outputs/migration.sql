-- What came of an approved use (issue 57 item 5, ADR 139): outputs the applicant records, each with a plain-language
-- summary in three languages. Public (the register, "who used my data"); never changed once recorded.
CREATE TYPE "ResearchOutputKind" AS ENUM ('publication', 'dataset', 'trial', 'treatment');

CREATE TABLE "ResearchOutput" (
    "id" UUID NOT NULL,
    "approvalId" UUID NOT NULL,
    "kind" "ResearchOutputKind" NOT NULL,
    "title" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "publishedOn" DATE NOT NULL,
    "summaryJa" TEXT NOT NULL,
    "summaryJaEasy" TEXT NOT NULL,
    "summaryEn" TEXT NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResearchOutput_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ResearchOutput_approvalId_publishedOn_idx" ON "ResearchOutput"("approvalId", "publishedOn");

ALTER TABLE "ResearchOutput" ADD CONSTRAINT "ResearchOutput_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "DataAccessApproval"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: an output once public stays as it was published.
REVOKE UPDATE, DELETE, TRUNCATE ON "ResearchOutput" FROM tsunagi_app;
CREATE TRIGGER "ResearchOutput_append_only" BEFORE UPDATE OR DELETE ON "ResearchOutput"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "ResearchOutput_no_truncate" BEFORE TRUNCATE ON "ResearchOutput"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();

-- A participant-panel member's flag that a purpose could stigmatise a group (issue 57 item 5, ADR 139): public on the
-- register once the use is approved; never changed.
CREATE TABLE "PurposeFlag" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "flaggedById" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "flaggedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PurposeFlag_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "PurposeFlag_applicationId_flaggedAt_idx" ON "PurposeFlag"("applicationId", "flaggedAt");

ALTER TABLE "PurposeFlag" ADD CONSTRAINT "PurposeFlag_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "DataAccessApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

REVOKE UPDATE, DELETE, TRUNCATE ON "PurposeFlag" FROM tsunagi_app;
CREATE TRIGGER "PurposeFlag_append_only" BEFORE UPDATE OR DELETE ON "PurposeFlag"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "PurposeFlag_no_truncate" BEFORE TRUNCATE ON "PurposeFlag"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
