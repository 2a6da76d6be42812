-- A person's requests under the APPI and the 2024 law (issue 58 items 2 and 6, ADR 142): deletion, correction and
-- stop of use, tracked to an answer within a stated deadline; every step kept and shown to the person.
CREATE TYPE "RightsRequestKind" AS ENUM ('deletion', 'correction', 'stop_use');
CREATE TYPE "RightsRequestState" AS ENUM ('received', 'in_progress', 'answered');
CREATE TYPE "RightsRequestOutcome" AS ENUM ('done', 'partly_done', 'refused');

CREATE TABLE "RightsRequest" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "participantId" UUID NOT NULL,
    "kind" "RightsRequestKind" NOT NULL,
    "details" TEXT NOT NULL,
    "requestedById" UUID NOT NULL,
    "asProxy" BOOLEAN NOT NULL,
    "language" "Language" NOT NULL,
    "state" "RightsRequestState" NOT NULL DEFAULT 'received',
    "outcome" "RightsRequestOutcome",
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "answeredAt" TIMESTAMPTZ(3),

    CONSTRAINT "RightsRequest_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "RightsRequest_reference_key" ON "RightsRequest"("reference");
CREATE INDEX "RightsRequest_participantId_receivedAt_idx" ON "RightsRequest"("participantId", "receivedAt");
CREATE INDEX "RightsRequest_state_dueAt_idx" ON "RightsRequest"("state", "dueAt");
ALTER TABLE "RightsRequest" ADD CONSTRAINT "RightsRequest_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- Written by hand: an answered request stays answered, with its outcome.
ALTER TABLE "RightsRequest" ADD CONSTRAINT "RightsRequest_answer_check" CHECK (("state" = 'answered') = ("outcome" IS NOT NULL AND "answeredAt" IS NOT NULL));

CREATE TABLE "RightsRequestStep" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "state" "RightsRequestState" NOT NULL,
    "outcome" "RightsRequestOutcome",
    "note" TEXT,
    "actorUserId" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RightsRequestStep_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "RightsRequestStep_requestId_seq_key" ON "RightsRequestStep"("requestId", "seq");
ALTER TABLE "RightsRequestStep" ADD CONSTRAINT "RightsRequestStep_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "RightsRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: every step of a request is kept as it was.
REVOKE UPDATE, DELETE, TRUNCATE ON "RightsRequestStep" FROM tsunagi_app;
CREATE TRIGGER "RightsRequestStep_append_only" BEFORE UPDATE OR DELETE ON "RightsRequestStep"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "RightsRequestStep_no_truncate" BEFORE TRUNCATE ON "RightsRequestStep"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
