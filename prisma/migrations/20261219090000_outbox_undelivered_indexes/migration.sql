-- ADR 164: each destination's undelivered rows in an index of their own. The relay reads "the lowest undelivered rows,
-- in position order" after every commit; with an index of (deliveredAt, position) the planner, on statistics taken
-- while a backlog was undelivered, walked the primary key past every delivered row instead (23,766 of them, 16-180 ms
-- a read, in the propagation bench). A partial index holds only the rows still to deliver, so the read and the
-- heartbeat's lag and mark cost the rows waiting, whatever the statistics say. The old indexes served nothing else.
DROP INDEX "ConsentOutbox_bridgeDeliveredAt_globalSeq_idx";
DROP INDEX "ConsentOutbox_natsDeliveredAt_globalSeq_idx";
DROP INDEX "ApprovalOutbox_bridgeDeliveredAt_seq_idx";
DROP INDEX "ApprovalOutbox_natsDeliveredAt_seq_idx";

CREATE INDEX "ConsentOutbox_bridge_undelivered_idx" ON "ConsentOutbox" ("globalSeq") WHERE "bridgeDeliveredAt" IS NULL;
CREATE INDEX "ConsentOutbox_nats_undelivered_idx" ON "ConsentOutbox" ("globalSeq") WHERE "natsDeliveredAt" IS NULL;
CREATE INDEX "ApprovalOutbox_bridge_undelivered_idx" ON "ApprovalOutbox" ("seq") WHERE "bridgeDeliveredAt" IS NULL;
CREATE INDEX "ApprovalOutbox_nats_undelivered_idx" ON "ApprovalOutbox" ("seq") WHERE "natsDeliveredAt" IS NULL;
