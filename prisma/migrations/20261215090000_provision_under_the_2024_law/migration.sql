-- The 2024 law (次世代医療基盤法; issue 58 items 1–2, ADR 140): the notice that medical information may go to certified
-- producers unless the person refuses, and the person's stop. Two ledger event types, the participant's standing under
-- the law on their consent state, and every showing of the notice.
ALTER TYPE "ConsentEventType" ADD VALUE 'notice_given';
ALTER TYPE "ConsentEventType" ADD VALUE 'provision_stopped';

-- Written by the ledger's append only when one of the law's events changes it (appendConsentEvent); the append
-- function's upsert leaves the column as it was otherwise, so a grant or a withdrawal carries it.
ALTER TABLE "ConsentState" ADD COLUMN "provision" JSONB NOT NULL DEFAULT '{"noticeVersion": null, "stopped": false}';

CREATE TABLE "ProvisionNotice" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "noticeVersion" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "shownAt" TIMESTAMPTZ(3) NOT NULL,
    "recordedByUserId" UUID,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProvisionNotice_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ProvisionNotice_participantId_shownAt_idx" ON "ProvisionNotice"("participantId", "shownAt");

ALTER TABLE "ProvisionNotice" ADD CONSTRAINT "ProvisionNotice_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: a notice given stays given.
ALTER TABLE "ProvisionNotice" ADD CONSTRAINT "ProvisionNotice_channel_check" CHECK ("channel" IN ('online', 'paper'));
REVOKE UPDATE, DELETE, TRUNCATE ON "ProvisionNotice" FROM tsunagi_app;
CREATE TRIGGER "ProvisionNotice_append_only" BEFORE UPDATE OR DELETE ON "ProvisionNotice"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "ProvisionNotice_no_truncate" BEFORE TRUNCATE ON "ProvisionNotice"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
