-- Told when it moves (issue 59 item 2; ADR 147): notification settings per account and kind, the weekly digest's
-- waiting news, and followers of a decision by mail (double opt-in).
CREATE TYPE "NotificationKind" AS ENUM ('decision_changes', 'consultation_reports');
CREATE TYPE "NotificationFrequency" AS ENUM ('at_once', 'weekly', 'never');

CREATE TABLE "NotificationSetting" (
    "userId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "frequency" "NotificationFrequency" NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "NotificationSetting_pkey" PRIMARY KEY ("userId", "kind")
);
ALTER TABLE "NotificationSetting" ADD CONSTRAINT "NotificationSetting_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "NotificationDigestItem" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "sentAt" TIMESTAMPTZ(3),
    CONSTRAINT "NotificationDigestItem_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "NotificationDigestItem_sourceKey_key" ON "NotificationDigestItem"("sourceKey");
CREATE INDEX "NotificationDigestItem_userId_sentAt_idx" ON "NotificationDigestItem"("userId", "sentAt");
ALTER TABLE "NotificationDigestItem" ADD CONSTRAINT "NotificationDigestItem_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "DecisionFollower" (
    "id" UUID NOT NULL,
    "decisionId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "tokenHash" BYTEA NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,
    "confirmedAt" TIMESTAMPTZ(3),
    "stoppedAt" TIMESTAMPTZ(3),
    CONSTRAINT "DecisionFollower_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DecisionFollower_tokenHash_key" ON "DecisionFollower"("tokenHash");
CREATE UNIQUE INDEX "DecisionFollower_decisionId_email_key" ON "DecisionFollower"("decisionId", "email");
ALTER TABLE "DecisionFollower" ADD CONSTRAINT "DecisionFollower_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "ConsultationDecision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
