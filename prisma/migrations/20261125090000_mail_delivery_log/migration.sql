-- Issue 13 (ADR 031): the mail delivery log and the addresses a mail server refused permanently. The job queue is
-- graphile-worker's schema, installed by prisma/migrations-engine.ts after these migrations.
CREATE TYPE "MailMessageState" AS ENUM ('queued', 'sent', 'retrying', 'bounced', 'failed');

CREATE TABLE "MailMessage" (
    "id" UUID NOT NULL,
    "toAddress" TEXT NOT NULL,
    "participantId" UUID,
    "userId" UUID,
    "template" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "props" JSONB,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "sourceKey" TEXT,
    "state" "MailMessageState" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "providerMessageId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "MailMessage_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "MailMessage_sourceKey_key" ON "MailMessage"("sourceKey");
CREATE INDEX "MailMessage_participantId_createdAt_idx" ON "MailMessage"("participantId", "createdAt");
CREATE INDEX "MailMessage_state_updatedAt_idx" ON "MailMessage"("state", "updatedAt");

CREATE TABLE "UndeliverableAddress" (
    "address" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "lastError" TEXT NOT NULL,
    "mailMessageId" UUID NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UndeliverableAddress_pkey" PRIMARY KEY ("address")
);
