-- CreateTable
CREATE TABLE "ApprovalOutbox" (
    "seq" BIGSERIAL NOT NULL,
    "eventId" UUID NOT NULL,
    "approvalId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "bridgeDeliveredAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "ApprovalOutbox_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalOutbox_eventId_key" ON "ApprovalOutbox"("eventId");

-- CreateIndex
CREATE INDEX "ApprovalOutbox_bridgeDeliveredAt_seq_idx" ON "ApprovalOutbox"("bridgeDeliveredAt", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalOutbox_approvalId_version_key" ON "ApprovalOutbox"("approvalId", "version");

-- The outbox is the record of what was handed to the bridge: the app stamps deliveries but never deletes.
GRANT SELECT, INSERT, UPDATE ON "ApprovalOutbox" TO tsunagi_app;
GRANT USAGE, SELECT ON SEQUENCE "ApprovalOutbox_seq_seq" TO tsunagi_app;
REVOKE DELETE, TRUNCATE ON "ApprovalOutbox" FROM tsunagi_app;

-- The bridge's copy of the approvals (issue 15 item 5; ADR 041): one row per approval, the scope and status after the
-- highest version it has applied. Loaded into memory at start; a release naming an approval is decided from memory.
CREATE TABLE bridge.approval (
    approval_id    UUID PRIMARY KEY,
    version        INTEGER NOT NULL,
    event_id       UUID NOT NULL,
    seq            BIGINT NOT NULL,
    scope          JSONB NOT NULL,
    occurred_at    TIMESTAMPTZ(3) NOT NULL,
    updated_at     TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- Every approval message the bridge accepted, once (event_id is the dedupe key), superseded versions included.
CREATE TABLE bridge.approval_change (
    event_id       UUID PRIMARY KEY,
    seq            BIGINT NOT NULL,
    approval_id    UUID NOT NULL,
    version        INTEGER NOT NULL,
    message        JSONB NOT NULL,
    received_at    TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX approval_change_approval_idx ON bridge.approval_change (approval_id, version);

-- As bridge.parked_message (ADR 024), per approval: a message of a kind or major this bridge cannot read, and every
-- later one for the same approval, waits here; a release naming that approval is denied until it is applied.
CREATE TABLE bridge.parked_approval_message (
    event_id       UUID PRIMARY KEY,
    seq            BIGINT NOT NULL,
    approval_id    UUID NOT NULL,
    kind           TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    reason         TEXT NOT NULL,
    message        JSONB NOT NULL,
    parked_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX parked_approval_message_approval_idx ON bridge.parked_approval_message (approval_id, seq);

-- The relay's heartbeat over the approval outbox: every row with seq at or below the mark was acknowledged.
CREATE TABLE bridge.approval_heartbeat (
    relay_id        TEXT PRIMARY KEY,
    high_water_mark BIGINT NOT NULL,
    sent_at         TIMESTAMPTZ(3) NOT NULL,
    received_at     TIMESTAMPTZ(3) NOT NULL
);

-- A release made under an approval names it (null for public releases and those made before approvals).
ALTER TABLE bridge.release ADD COLUMN approval_id UUID;

GRANT SELECT, INSERT, UPDATE ON bridge.approval TO tsunagi_bridge;
GRANT SELECT, INSERT ON bridge.approval_change TO tsunagi_bridge;
GRANT SELECT, INSERT, DELETE ON bridge.parked_approval_message TO tsunagi_bridge;
GRANT SELECT, INSERT, UPDATE ON bridge.approval_heartbeat TO tsunagi_bridge;
