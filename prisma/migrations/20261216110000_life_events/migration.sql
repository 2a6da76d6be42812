-- Death and loss of capacity (issue 58 item 4, ADR 143): two ledger event types the clinic records with their source,
-- and the recorded event on the participant's consent state, written by the ledger's append only for those events.
ALTER TYPE "ConsentEventType" ADD VALUE 'death_recorded';
ALTER TYPE "ConsentEventType" ADD VALUE 'incapacity_recorded';

ALTER TABLE "ConsentState" ADD COLUMN "lifeEvent" JSONB;
