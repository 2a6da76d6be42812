-- The few participants with a recorded death or loss of capacity (ADR 143), found without reading every consent: a
-- campaign's preview counts them apart from their consent shape, which does not hold the life event (ADR 144).
CREATE INDEX "ConsentState_lifeEvent_idx" ON "ConsentState" ("participantId") WHERE "lifeEvent" IS NOT NULL;
