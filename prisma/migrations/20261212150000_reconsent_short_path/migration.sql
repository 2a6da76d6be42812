-- Issue 55, ADR 120: re-consent as people expect.
--
-- A re-consent journey remembers the version the participant had signed when it started, so its short path (only
-- what changed between the two versions) and the answers it carries over are worked out from those two versions.
-- Null on a first consent, on one's own consent at 18, and on a journey begun before this column.
ALTER TABLE "ConsentJourney" ADD COLUMN "previousFormVersionId" UUID;

-- The date by which staff ask participants to decide on a major version, set when it is published (a published
-- version's row is frozen, so the deadline lives beside it and may be moved), and the reminders sent before it: one
-- row per participant and reminder, so a reminder run twice (a retried job, two workers) mails nobody twice.
CREATE TABLE "ReconsentDeadline" (
    "formVersionId" UUID NOT NULL,
    "deadline" DATE NOT NULL,
    "setById" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReconsentDeadline_pkey" PRIMARY KEY ("formVersionId"),
    CONSTRAINT "ReconsentDeadline_formVersionId_fkey" FOREIGN KEY ("formVersionId") REFERENCES "ConsentFormVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE "ReconsentReminder" (
    "formVersionId" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "daysBefore" INTEGER NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReconsentReminder_pkey" PRIMARY KEY ("formVersionId", "participantId", "daysBefore")
);

GRANT SELECT, INSERT, UPDATE ON "ReconsentDeadline" TO tsunagi_app;
GRANT SELECT, INSERT ON "ReconsentReminder" TO tsunagi_app;
