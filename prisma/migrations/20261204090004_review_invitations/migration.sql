-- AlterTable
ALTER TABLE "DocumentReviewComment" ADD COLUMN     "invitationId" UUID,
ALTER COLUMN "authorUserId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "DocumentReviewInvitation" (
    "id" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "tokenHash" BYTEA NOT NULL,
    "invitedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "withdrawnAt" TIMESTAMPTZ(3),
    "withdrawnById" UUID,

    CONSTRAINT "DocumentReviewInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DocumentReviewInvitation_tokenHash_key" ON "DocumentReviewInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "DocumentReviewInvitation_roundId_idx" ON "DocumentReviewInvitation"("roundId");

-- AddForeignKey
ALTER TABLE "DocumentReviewInvitation" ADD CONSTRAINT "DocumentReviewInvitation_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "DocumentReviewRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentReviewComment" ADD CONSTRAINT "DocumentReviewComment_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "DocumentReviewInvitation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A comment names exactly one reviewer: a panel member's account or an invited patient's invitation (ADR 064).
ALTER TABLE "DocumentReviewComment" ADD CONSTRAINT "DocumentReviewComment_one_author" CHECK (num_nonnulls("authorUserId", "invitationId") = 1);

-- An invitation is withdrawn, never deleted: the record says who was invited to which round (as the rounds themselves).
REVOKE DELETE, TRUNCATE ON "DocumentReviewInvitation" FROM tsunagi_app;
