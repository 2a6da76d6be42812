-- Data-access approvals reach bridge replicas over NATS JetStream too (issue 27 item 3; ADR 051 amended): the approval
-- outbox gets a second delivered-at column, as the consent outbox has, so the relay's NATS lane keeps its own position.
-- Existing rows stay unpublished: a replica learns every approval from the stream, the old ones first.
ALTER TABLE "ApprovalOutbox" ADD COLUMN "natsDeliveredAt" TIMESTAMPTZ(3);
CREATE INDEX "ApprovalOutbox_natsDeliveredAt_seq_idx" ON "ApprovalOutbox" ("natsDeliveredAt", "seq");
GRANT UPDATE ("natsDeliveredAt") ON "ApprovalOutbox" TO tsunagi_relay;
