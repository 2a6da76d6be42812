-- Pipeline bridge (issue 4): the consent outbox in the app's schema, and the bridge's own schema and role.

-- CreateTable
CREATE TABLE "ConsentOutbox" (
    "globalSeq" BIGINT NOT NULL,
    "eventId" UUID NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "bridgeDeliveredAt" TIMESTAMPTZ(3),
    "natsDeliveredAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "ConsentOutbox_pkey" PRIMARY KEY ("globalSeq")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsentOutbox_eventId_key" ON "ConsentOutbox"("eventId");

-- CreateIndex
CREATE INDEX "ConsentOutbox_bridgeDeliveredAt_globalSeq_idx" ON "ConsentOutbox"("bridgeDeliveredAt", "globalSeq");

-- CreateIndex
CREATE INDEX "ConsentOutbox_natsDeliveredAt_globalSeq_idx" ON "ConsentOutbox"("natsDeliveredAt", "globalSeq");

-- The outbox is the record of what was handed to the pipeline: the app stamps deliveries but never deletes.
GRANT SELECT, INSERT, UPDATE ON "ConsentOutbox" TO tsunagi_app;
REVOKE DELETE, TRUNCATE ON "ConsentOutbox" FROM tsunagi_app;

-- A ledger that existed before the outbox: one message per participant, for the latest event. Each message
-- carries the whole current consent, so the latest one is all a consumer needs.
INSERT INTO "ConsentOutbox" ("globalSeq", "eventId", "pseudonym", "payload")
SELECT e."globalSeq", e."id", p."pseudonym", jsonb_build_object(
    'eventId', e."id",
    'globalSeq', e."globalSeq"::text,
    'pseudonym', p."pseudonym",
    'version', s."version",
    'type', e."type"::text,
    'occurredAt', to_char(e."occurredAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'samples', COALESCE((
        SELECT jsonb_agg(jsonb_build_object('code', sm."sampleCode", 'destroyed', sm."destroyedAt" IS NOT NULL OR s."withdrawalLevel" = 'destroy') ORDER BY sm."sampleCode")
        FROM "Sample" sm WHERE sm."participantId" = p."id"), '[]'::jsonb),
    'consent', jsonb_build_object(
        'status', s."status"::text,
        'formVersion', fv."version",
        'formVersionHash', s."formVersionHash",
        'choices', s."choices",
        'permittedPurposes', to_jsonb(s."permittedPurposes"),
        'withdrawalLevel', s."withdrawalLevel"::text,
        'interimRule', s."interimRule",
        'consentedBy', s."consentedBy"))
FROM "ConsentState" s
JOIN "ConsentEvent" e ON e."id" = s."lastEventId"
JOIN "Participant" p ON p."id" = s."participantId"
LEFT JOIN "ConsentFormVersion" fv ON fv."id" = s."formVersionId";

-- The bridge's role: its own schema, and of the app's tables only the API-token columns it needs to
-- authenticate machine clients. No identity, no participant rows, no ledger, no outbox.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tsunagi_bridge') THEN
    CREATE ROLE tsunagi_bridge NOLOGIN;
  END IF;
  -- The connecting user switches to the role with `SET ROLE`, as for tsunagi_app.
  EXECUTE format('GRANT tsunagi_bridge TO %I', current_user);
END
$$;

CREATE SCHEMA IF NOT EXISTS bridge;

-- One row per participant (pseudonym): the consent after the highest version the bridge has applied.
CREATE TABLE bridge.subject (
    pseudonym      TEXT PRIMARY KEY,
    version        INTEGER NOT NULL,
    event_id       UUID NOT NULL,
    global_seq     BIGINT NOT NULL,
    consent        JSONB NOT NULL,
    occurred_at    TIMESTAMPTZ(3) NOT NULL,
    updated_at     TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE bridge.sample (
    sample_code    TEXT PRIMARY KEY,
    pseudonym      TEXT NOT NULL REFERENCES bridge.subject (pseudonym),
    destroyed      BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX sample_pseudonym_idx ON bridge.sample (pseudonym);

-- Every change message the bridge accepted, once (event_id is the dedupe key), in arrival order: the feed
-- behind GET /v1/events?after=<cursor>.
CREATE TABLE bridge.consent_change (
    cursor         BIGSERIAL PRIMARY KEY,
    event_id       UUID NOT NULL UNIQUE,
    global_seq     BIGINT NOT NULL,
    pseudonym      TEXT NOT NULL,
    version        INTEGER NOT NULL,
    message        JSONB NOT NULL,
    received_at    TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE bridge.relay_heartbeat (
    relay_id        TEXT PRIMARY KEY,
    high_water_mark BIGINT NOT NULL,
    sent_at         TIMESTAMPTZ(3) NOT NULL,
    received_at     TIMESTAMPTZ(3) NOT NULL
);

-- Every decision answered: which client asked what about whom, and the answer.
CREATE TABLE bridge.decision_log (
    id             BIGSERIAL PRIMARY KEY,
    request_id     UUID NOT NULL,
    client_id      TEXT,
    subject        TEXT NOT NULL,
    action         TEXT NOT NULL,
    purpose        TEXT,
    recipient      TEXT,
    allowed        BOOLEAN NOT NULL,
    reason         TEXT NOT NULL,
    pseudonym      TEXT,
    consent_version INTEGER,
    event_id       UUID,
    evaluated_at   TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX decision_log_subject_idx ON bridge.decision_log (subject, evaluated_at);

-- A dataset's embargo clocks (publication moratorium for industry, move to a public database).
CREATE TABLE bridge.dataset (
    id                            TEXT PRIMARY KEY,
    title                         TEXT NOT NULL,
    clock_starts_at               TIMESTAMPTZ(3) NOT NULL,
    publication_moratorium_until  TIMESTAMPTZ(3),
    public_database_from          TIMESTAMPTZ(3),
    updated_by                    TEXT,
    updated_at                    TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- Signed release manifests, kept as issued.
CREATE TABLE bridge.release (
    id             UUID PRIMARY KEY,
    dataset_id     TEXT NOT NULL REFERENCES bridge.dataset (id),
    recipient      TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    client_id      TEXT,
    manifest       JSONB NOT NULL,
    jws            TEXT NOT NULL,
    created_at     TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

GRANT USAGE ON SCHEMA bridge TO tsunagi_bridge;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA bridge TO tsunagi_bridge;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA bridge TO tsunagi_bridge;
-- What the bridge answered and released is a record: it may add to it, never change it.
REVOKE UPDATE, DELETE, TRUNCATE ON bridge.decision_log, bridge.release FROM tsunagi_bridge;

GRANT USAGE ON SCHEMA public TO tsunagi_bridge;
GRANT SELECT ("id", "name", "secretHash", "scopes", "expiresAt", "revokedAt", "lastUsedAt") ON "ApiToken" TO tsunagi_bridge;
GRANT UPDATE ("lastUsedAt") ON "ApiToken" TO tsunagi_bridge;
