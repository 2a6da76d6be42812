-- A sample registered after a participant's consent is a ledger event of its own (ADR 024, "samples_changed"): it
-- takes the participant's next event number and the ledger's next position, and leaves as a `samples_changed`
-- message carrying the participant's whole state, so the bridge learns of the sample without waiting for the next
-- consent change. It changes nothing of the consent itself.
ALTER TYPE "ConsentEventType" ADD VALUE 'sample_registered';
