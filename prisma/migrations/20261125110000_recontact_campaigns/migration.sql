-- Recontact campaigns (issue 13 item 5, ADR 033): campaigns, one delivery per participant reached, and the
-- programme area participants are filtered by.

-- CreateEnum
CREATE TYPE "ProgrammeArea" AS ENUM ('cancer', 'rare_disease');

-- CreateEnum
CREATE TYPE "RecontactCampaignKind" AS ENUM ('new_study', 'clinical_trial', 'findings_reinterpretation', 'survey');

-- CreateEnum
CREATE TYPE "RecontactCampaignState" AS ENUM ('draft', 'sending', 'sent');

-- CreateEnum
CREATE TYPE "RecontactChannel" AS ENUM ('email', 'post');

-- CreateEnum
CREATE TYPE "RecontactAnswer" AS ENUM ('interested', 'not_interested', 'stop_contacting');

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "programmeArea" "ProgrammeArea";

-- CreateTable
CREATE TABLE "RecontactCampaign" (
    "id" UUID NOT NULL,
    "kind" "RecontactCampaignKind" NOT NULL,
    "title" TEXT NOT NULL,
    "messageJa" TEXT NOT NULL,
    "messageJaEasy" TEXT NOT NULL,
    "messageEn" TEXT NOT NULL,
    "facilityIds" UUID[],
    "programmeArea" "ProgrammeArea",
    "enrolmentAgeMin" INTEGER,
    "enrolmentAgeMax" INTEGER,
    "state" "RecontactCampaignState" NOT NULL DEFAULT 'draft',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentById" UUID,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "RecontactCampaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecontactDelivery" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "channel" "RecontactChannel" NOT NULL,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL,
    "sentAt" TIMESTAMPTZ(3),
    "responseTokenHash" BYTEA,
    "tokenUsedAt" TIMESTAMPTZ(3),
    "answer" "RecontactAnswer",
    "answeredAt" TIMESTAMPTZ(3),

    CONSTRAINT "RecontactDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecontactCampaign_state_createdAt_idx" ON "RecontactCampaign"("state", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RecontactDelivery_responseTokenHash_key" ON "RecontactDelivery"("responseTokenHash");

-- CreateIndex
CREATE INDEX "RecontactDelivery_participantId_claimedAt_idx" ON "RecontactDelivery"("participantId", "claimedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RecontactDelivery_campaignId_participantId_key" ON "RecontactDelivery"("campaignId", "participantId");

-- AddForeignKey
ALTER TABLE "RecontactDelivery" ADD CONSTRAINT "RecontactDelivery_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "RecontactCampaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecontactDelivery" ADD CONSTRAINT "RecontactDelivery_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Not expressible in the Prisma schema: an age band reads low to high, and an answer comes with its time and a used
-- token (the response link is single-use).
ALTER TABLE "RecontactCampaign" ADD CONSTRAINT "RecontactCampaign_enrolmentAge_check"
    CHECK ("enrolmentAgeMin" IS NULL OR "enrolmentAgeMax" IS NULL OR "enrolmentAgeMin" <= "enrolmentAgeMax");
ALTER TABLE "RecontactCampaign" ADD CONSTRAINT "RecontactCampaign_enrolmentAgeRange_check"
    CHECK (("enrolmentAgeMin" IS NULL OR "enrolmentAgeMin" BETWEEN 0 AND 150) AND ("enrolmentAgeMax" IS NULL OR "enrolmentAgeMax" BETWEEN 0 AND 150));
ALTER TABLE "RecontactDelivery" ADD CONSTRAINT "RecontactDelivery_answer_check"
    CHECK (("answer" IS NULL) = ("answeredAt" IS NULL) AND ("answer" IS NULL OR "tokenUsedAt" IS NOT NULL));

-- A delivery is the record that a participant was contacted, and what the frequency cap counts: the app may add and
-- update deliveries but never delete one, nor a campaign that has them.
REVOKE DELETE, TRUNCATE ON "RecontactDelivery", "RecontactCampaign" FROM tsunagi_app;
