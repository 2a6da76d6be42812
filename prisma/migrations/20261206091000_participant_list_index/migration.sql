-- A coordinator's participant list (their facility, newest first, a page at a time) reads this index in order, where
-- it sorted all of the facility's participants for every page (issue 30). Its prefix serves "facilityId" alone.
DROP INDEX "Participant_facilityId_idx";

CREATE INDEX "Participant_facilityId_createdAt_id_idx" ON "Participant"("facilityId", "createdAt" DESC, "id");
