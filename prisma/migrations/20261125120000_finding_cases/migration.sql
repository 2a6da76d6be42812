-- Counselling cases (issue 13 items 4 and 6; ADR 034).
CREATE TYPE "FindingCaseEventType" AS ENUM ('claimed', 'released', 'appointment_scheduled', 'counselling_recorded', 'disclosure_recorded', 'relatives_wishes_recorded', 'closed', 'reopened', 'sealed_content_opened');

CREATE TABLE "FindingCaseEvent" (
    "id" UUID NOT NULL,
    "findingId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" "FindingCaseEventType" NOT NULL,
    "actorUserId" UUID,
    "payload" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FindingCaseEvent_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "FindingCaseEvent_findingId_seq_key" ON "FindingCaseEvent"("findingId", "seq");

ALTER TABLE "FindingCaseEvent" ADD CONSTRAINT "FindingCaseEvent_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: a case's history is a clinical record, kept like the ledger and the audit log. The application
-- may add events, never change or remove one.
REVOKE UPDATE, DELETE, TRUNCATE ON "FindingCaseEvent" FROM tsunagi_app;
CREATE TRIGGER "FindingCaseEvent_append_only" BEFORE UPDATE OR DELETE ON "FindingCaseEvent"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "FindingCaseEvent_no_truncate" BEFORE TRUNCATE ON "FindingCaseEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
