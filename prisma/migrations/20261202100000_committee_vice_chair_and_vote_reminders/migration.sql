-- The committee's vice-chair and its vote reminders (issue 27 item 7; ADR 040 amended 2026-12-02).
--
-- A vice-chair: one expert seat the secretariat designates, which closes the vote and records the decision on an
-- application the chair is recused from. The decision row says in which capacity it was recorded; rows before this
-- were all the chair's.
CREATE TYPE "DecisionCapacity" AS ENUM ('chair', 'vice_chair');

ALTER TABLE "DataAccessCommittee" ADD COLUMN "viceChairMemberId" UUID;
CREATE UNIQUE INDEX "DataAccessCommittee_viceChairMemberId_key" ON "DataAccessCommittee"("viceChairMemberId");
ALTER TABLE "DataAccessCommittee" ADD CONSTRAINT "DataAccessCommittee_viceChairMemberId_fkey" FOREIGN KEY ("viceChairMemberId") REFERENCES "CommitteeMember"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Adding a column with a default rewrites no row, so the append-only trigger on decisions is not asked.
ALTER TABLE "ApplicationDecision" ADD COLUMN "decidedAs" "DecisionCapacity" NOT NULL DEFAULT 'chair';

-- When the current round's vote opened, for the reminders. A vote open today gets it from its history: round 1 from
-- the secretariat's review_opened audit row, a later round from the deferral that opened it.
ALTER TABLE "DataAccessApplication" ADD COLUMN "voteOpenedAt" TIMESTAMPTZ(3);
UPDATE "DataAccessApplication" a
   SET "voteOpenedAt" = COALESCE(
         (SELECT d."decidedAt" FROM "ApplicationDecision" d WHERE d."applicationId" = a."id" AND d."round" = a."reviewRound" - 1),
         (SELECT max(e."occurredAt") FROM "AuditEvent" e
           WHERE e."type" = 'access.application_changed' AND e."detail" ->> 'applicationId' = a."id"::text AND e."detail" ->> 'change' = 'review_opened'),
         a."updatedAt")
 WHERE a."state" = 'in_review' AND a."reviewRound" > 0;
