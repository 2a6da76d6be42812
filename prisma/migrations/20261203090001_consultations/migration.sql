-- Patient and public involvement (issue 28; ADR 059): consultations, their questions, the answers people give, and
-- free-text answers held for moderation.
-- CreateEnum
CREATE TYPE "ConsultationAudience" AS ENUM ('public', 'participants', 'families', 'panel');

-- CreateEnum
CREATE TYPE "ConsultationQuestionKind" AS ENUM ('single_choice', 'multiple_choice', 'scale', 'ranked', 'free_text');

-- CreateEnum
CREATE TYPE "ConsultationModeration" AS ENUM ('pending', 'approved', 'hidden');

-- CreateTable
CREATE TABLE "Consultation" (
    "id" UUID NOT NULL,
    "title" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "readingCorrections" JSONB NOT NULL DEFAULT '[]',
    "audiences" "ConsultationAudience"[],
    "allowsProxy" BOOLEAN NOT NULL DEFAULT false,
    "opensAt" TIMESTAMPTZ(3) NOT NULL,
    "closesAt" TIMESTAMPTZ(3) NOT NULL,
    "publishedAt" TIMESTAMPTZ(3),
    "publishedById" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Consultation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsultationQuestion" (
    "id" UUID NOT NULL,
    "consultationId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "ConsultationQuestionKind" NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "prompt" JSONB NOT NULL,
    "options" JSONB NOT NULL DEFAULT '[]',
    "maxLength" INTEGER,

    CONSTRAINT "ConsultationQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsultationResponse" (
    "id" UUID NOT NULL,
    "consultationId" UUID NOT NULL,
    "responderKey" TEXT NOT NULL,
    "userId" UUID,
    "capacity" "ConsultationAudience" NOT NULL,
    "answers" JSONB NOT NULL,
    "receiptCode" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "withdrawnAt" TIMESTAMPTZ(3),

    CONSTRAINT "ConsultationResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsultationAnswerText" (
    "responseId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "redactedText" TEXT NOT NULL,
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "moderation" "ConsultationModeration" NOT NULL DEFAULT 'pending',
    "moderatedById" UUID,
    "moderatedAt" TIMESTAMPTZ(3),
    "hiddenReason" TEXT,

    CONSTRAINT "ConsultationAnswerText_pkey" PRIMARY KEY ("responseId","questionId")
);

-- CreateIndex
CREATE INDEX "Consultation_publishedAt_opensAt_idx" ON "Consultation"("publishedAt", "opensAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsultationQuestion_consultationId_position_key" ON "ConsultationQuestion"("consultationId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ConsultationResponse_receiptCode_key" ON "ConsultationResponse"("receiptCode");

-- CreateIndex
CREATE INDEX "ConsultationResponse_consultationId_withdrawnAt_idx" ON "ConsultationResponse"("consultationId", "withdrawnAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsultationResponse_consultationId_responderKey_key" ON "ConsultationResponse"("consultationId", "responderKey");

-- CreateIndex
CREATE INDEX "ConsultationAnswerText_moderation_idx" ON "ConsultationAnswerText"("moderation");

-- AddForeignKey
ALTER TABLE "ConsultationQuestion" ADD CONSTRAINT "ConsultationQuestion_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationResponse" ADD CONSTRAINT "ConsultationResponse_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationAnswerText" ADD CONSTRAINT "ConsultationAnswerText_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "ConsultationResponse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Consultations and responses are never deleted: a response is withdrawn (withdrawnAt), a consultation closes. A
-- draft's questions are replaced while it is a draft, and a responder's free-text answer goes when they clear it.
REVOKE DELETE, TRUNCATE ON "Consultation", "ConsultationResponse" FROM tsunagi_app;
REVOKE TRUNCATE ON "ConsultationQuestion", "ConsultationAnswerText" FROM tsunagi_app;

-- A published consultation's questions are what its answers refer to: frozen from publication on, whatever the app does.
CREATE FUNCTION "ConsultationQuestion_frozen_when_published"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."consultationId" ELSE NEW."consultationId" END;
BEGIN
  IF EXISTS (SELECT 1 FROM "Consultation" WHERE "id" = target AND "publishedAt" IS NOT NULL)
     OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM "Consultation" WHERE "id" = OLD."consultationId" AND "publishedAt" IS NOT NULL)) THEN
    RAISE EXCEPTION 'the questions of a published consultation cannot change' USING ERRCODE = 'P0001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER "ConsultationQuestion_frozen_when_published" BEFORE INSERT OR UPDATE OR DELETE ON "ConsultationQuestion"
  FOR EACH ROW EXECUTE FUNCTION "ConsultationQuestion_frozen_when_published"();
