-- Versioned outbox messages (ADR 024): a message the bridge cannot read (a kind it does not know, or a newer major
-- version of the schema) is parked here, never applied and never dropped, and its participant is denied until a
-- bridge that can read it applies it. Later messages for a participant with a parked one are parked behind it, so
-- none of them is applied over it.
CREATE TABLE bridge.parked_message (
    event_id       UUID PRIMARY KEY,
    global_seq     BIGINT NOT NULL,
    pseudonym      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    -- unknown_kind, newer_major, or behind_parked (readable, but held behind an earlier parked message).
    reason         TEXT NOT NULL,
    message        JSONB NOT NULL,
    parked_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX parked_message_pseudonym_idx ON bridge.parked_message (pseudonym, global_seq);

-- Rows leave the table only when a bridge that can read them applies them.
GRANT SELECT, INSERT, DELETE ON bridge.parked_message TO tsunagi_bridge;
