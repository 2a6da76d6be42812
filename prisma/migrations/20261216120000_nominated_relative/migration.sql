-- The relative a participant names to be told if they die or lose capacity (issue 58 item 4, ADR 143).
ALTER TABLE "FamilyAccess" ADD COLUMN "nominatedAt" TIMESTAMPTZ(3);

-- Written by hand: one named relative per participant among the accesses that have not ended.
CREATE UNIQUE INDEX "FamilyAccess_one_nominated_per_participant" ON "FamilyAccess"("participantId") WHERE "nominatedAt" IS NOT NULL AND "endedAt" IS NULL;
