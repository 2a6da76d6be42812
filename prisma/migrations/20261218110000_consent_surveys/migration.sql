-- How consent felt (issue 59 item 4; ADR 149): one survey per participant two weeks after first signing.
CREATE TYPE "SurveyCommentState" AS ENUM ('pending', 'approved', 'hidden');

CREATE TABLE "ConsentSurvey" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "facilityId" UUID NOT NULL,
    "language" "Language" NOT NULL,
    "invitedAt" TIMESTAMPTZ(3) NOT NULL,
    "answeredAt" TIMESTAMPTZ(3),
    "understood" INTEGER,
    "enoughTime" INTEGER,
    "freeToDecline" INTEGER,
    "clear" INTEGER,
    "comment" TEXT,
    "commentState" "SurveyCommentState",
    "moderatedById" UUID,
    "moderatedAt" TIMESTAMPTZ(3),
    CONSTRAINT "ConsentSurvey_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ConsentSurvey_scores_check" CHECK (
      ("answeredAt" IS NULL AND "understood" IS NULL AND "enoughTime" IS NULL AND "freeToDecline" IS NULL AND "clear" IS NULL)
      OR ("answeredAt" IS NOT NULL AND "understood" BETWEEN 1 AND 5 AND "enoughTime" BETWEEN 1 AND 5 AND "freeToDecline" BETWEEN 1 AND 5 AND "clear" BETWEEN 1 AND 5))
);
CREATE UNIQUE INDEX "ConsentSurvey_participantId_key" ON "ConsentSurvey"("participantId");
CREATE INDEX "ConsentSurvey_facilityId_answeredAt_idx" ON "ConsentSurvey"("facilityId", "answeredAt");
