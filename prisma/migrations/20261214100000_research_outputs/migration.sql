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
