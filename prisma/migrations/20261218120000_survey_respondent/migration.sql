-- How consent felt, asked of the person who signed (ADR 149, 150): a proxy who signed for someone is asked about
-- their own experience, as the participant who signed for themselves is.
CREATE TYPE "SurveyRespondent" AS ENUM ('participant', 'proxy');

ALTER TABLE "ConsentSurvey"
  ADD COLUMN "respondent" "SurveyRespondent" NOT NULL DEFAULT 'participant',
  ADD COLUMN "respondentUserId" UUID,
  ADD CONSTRAINT "ConsentSurvey_respondent_check" CHECK (("respondent" = 'proxy') = ("respondentUserId" IS NOT NULL));

CREATE INDEX "ConsentSurvey_respondentUserId_idx" ON "ConsentSurvey"("respondentUserId");
