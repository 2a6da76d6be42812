-- Ledger checkpoints (issue 10, defect 3; ADR 012): signed heads of the consent ledger and the audit log, the
-- database's copy of a log kept outside it.

-- CreateTable
CREATE TABLE "LedgerCheckpoint" (
    "seq" BIGINT NOT NULL,
    "takenAt" TIMESTAMPTZ(3) NOT NULL,
    "globalSeq" BIGINT NOT NULL,
    "chainHash" TEXT NOT NULL,
    "auditThroughId" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "checkpoint" JSONB NOT NULL,
    "jws" TEXT NOT NULL,

    CONSTRAINT "LedgerCheckpoint_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "LedgerCheckpoint_hash_key" ON "LedgerCheckpoint"("hash");

-- Written by hand: the application's role adds checkpoints and reads them, nothing more, and the same trigger as
-- the ledger's refuses a change for every role, so rewriting the copy needs a superuser to disable triggers on
-- purpose (and the log outside the database then disagrees).
GRANT SELECT, INSERT ON "LedgerCheckpoint" TO tsunagi_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "LedgerCheckpoint" FROM tsunagi_app;
CREATE TRIGGER "LedgerCheckpoint_append_only" BEFORE UPDATE OR DELETE ON "LedgerCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "LedgerCheckpoint_no_truncate" BEFORE TRUNCATE ON "LedgerCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
