-- Step-up before what matters (issue 58 item 5, ADR 141): a code by mail for those who sign in by link, and a mail
-- address changed by its holder only once the new address answers.
CREATE TABLE "ProofCode" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "codeHash" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProofCode_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ProofCode_sessionId_createdAt_idx" ON "ProofCode"("sessionId", "createdAt");

ALTER TABLE "ProofCode" ADD CONSTRAINT "ProofCode_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "EmailChange" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "newEmail" TEXT NOT NULL,
    "tokenHash" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "EmailChange_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "EmailChange_userId_idx" ON "EmailChange"("userId");

ALTER TABLE "EmailChange" ADD CONSTRAINT "EmailChange_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
