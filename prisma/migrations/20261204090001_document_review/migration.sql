-- The co-review of the explanatory documents (issue 28 item 6; ADR 061): review rounds of a draft consent-form
-- version and the panel's comments, each with its recorded answer.
-- CreateEnum
CREATE TYPE "DocumentReviewAnswer" AS ENUM ('accepted', 'changed', 'declined');

-- CreateTable
CREATE TABLE "DocumentReviewRound" (
    "id" UUID NOT NULL,
    "formVersionId" UUID NOT NULL,
    "openedById" UUID,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "closedAt" TIMESTAMPTZ(3),
    "closedById" UUID,

    CONSTRAINT "DocumentReviewRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentReviewComment" (
    "id" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "authorUserId" UUID NOT NULL,
    "showName" BOOLEAN NOT NULL DEFAULT false,
    "sectionId" TEXT,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "answer" "DocumentReviewAnswer",
    "answerText" TEXT,
    "answeredById" UUID,
    "answeredAt" TIMESTAMPTZ(3),

    CONSTRAINT "DocumentReviewComment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DocumentReviewRound_formVersionId_idx" ON "DocumentReviewRound"("formVersionId");

-- CreateIndex
CREATE INDEX "DocumentReviewComment_roundId_idx" ON "DocumentReviewComment"("roundId");

-- AddForeignKey
ALTER TABLE "DocumentReviewComment" ADD CONSTRAINT "DocumentReviewComment_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "DocumentReviewRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The record of a review is kept: rounds and comments are never deleted.
REVOKE DELETE, TRUNCATE ON "DocumentReviewRound", "DocumentReviewComment" FROM tsunagi_app;
-- At most one open round per form version.
CREATE UNIQUE INDEX "DocumentReviewRound_one_open_per_version" ON "DocumentReviewRound" ("formVersionId") WHERE "closedAt" IS NULL;
