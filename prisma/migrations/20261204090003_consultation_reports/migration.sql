-- CreateEnum
CREATE TYPE "ConsultationDecisionState" AS ENUM ('considered', 'adopted', 'partly', 'declined', 'done');

-- CreateTable
CREATE TABLE "ConsultationReportVersion" (
    "id" UUID NOT NULL,
    "consultationId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "ReportVersionStatus" NOT NULL DEFAULT 'draft',
    "summary" JSONB NOT NULL,
    "themeTexts" JSONB NOT NULL DEFAULT '{}',
    "quotations" JSONB NOT NULL DEFAULT '[]',
    "changeNote" JSONB,
    "document" JSONB,
    "publishedAt" TIMESTAMPTZ(3),
    "publishedById" UUID,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConsultationReportVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsultationDecision" (
    "id" UUID NOT NULL,
    "consultationId" UUID NOT NULL,
    "themeId" UUID,
    "position" INTEGER NOT NULL,
    "text" JSONB NOT NULL,
    "reason" JSONB NOT NULL,
    "links" JSONB NOT NULL DEFAULT '[]',
    "state" "ConsultationDecisionState" NOT NULL DEFAULT 'considered',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConsultationDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsultationDecisionChange" (
    "id" UUID NOT NULL,
    "decisionId" UUID NOT NULL,
    "state" "ConsultationDecisionState" NOT NULL,
    "note" JSONB NOT NULL,
    "changedById" UUID NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConsultationDecisionChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsultationReportVersion_consultationId_version_key" ON "ConsultationReportVersion"("consultationId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ConsultationDecision_consultationId_position_key" ON "ConsultationDecision"("consultationId", "position");

-- CreateIndex
CREATE INDEX "ConsultationDecisionChange_decisionId_changedAt_idx" ON "ConsultationDecisionChange"("decisionId", "changedAt");

-- AddForeignKey
ALTER TABLE "ConsultationReportVersion" ADD CONSTRAINT "ConsultationReportVersion_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationDecision" ADD CONSTRAINT "ConsultationDecision_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationDecision" ADD CONSTRAINT "ConsultationDecision_themeId_fkey" FOREIGN KEY ("themeId") REFERENCES "ConsultationTheme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationDecisionChange" ADD CONSTRAINT "ConsultationDecisionChange_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "ConsultationDecision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (ADR 063): a published report version is what readers were told, and never changes (a correction
-- is a new version); the same trigger function as the ELSI reports'. A decision stays once made (its state moves,
-- and each move is kept); its history is append-only.
CREATE TRIGGER "ConsultationReportVersion_frozen_when_published" BEFORE UPDATE OR DELETE ON "ConsultationReportVersion"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_freeze_published_report_version();
REVOKE DELETE, TRUNCATE ON "ConsultationReportVersion", "ConsultationDecision" FROM tsunagi_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "ConsultationDecisionChange" FROM tsunagi_app;
CREATE TRIGGER "ConsultationDecisionChange_append_only" BEFORE UPDATE OR DELETE ON "ConsultationDecisionChange"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "ConsultationDecisionChange_no_truncate" BEFORE TRUNCATE ON "ConsultationDecisionChange"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
