-- CreateTable
CREATE TABLE "ConsultationTheme" (
    "id" UUID NOT NULL,
    "consultationId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "label" JSONB NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConsultationTheme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsultationAnswerTheme" (
    "responseId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "themeId" UUID NOT NULL,
    "taggedById" UUID NOT NULL,
    "taggedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConsultationAnswerTheme_pkey" PRIMARY KEY ("responseId","questionId","themeId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsultationTheme_consultationId_position_key" ON "ConsultationTheme"("consultationId", "position");

-- CreateIndex
CREATE INDEX "ConsultationAnswerTheme_themeId_idx" ON "ConsultationAnswerTheme"("themeId");

-- AddForeignKey
ALTER TABLE "ConsultationTheme" ADD CONSTRAINT "ConsultationTheme_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationAnswerTheme" ADD CONSTRAINT "ConsultationAnswerTheme_responseId_questionId_fkey" FOREIGN KEY ("responseId", "questionId") REFERENCES "ConsultationAnswerText"("responseId", "questionId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationAnswerTheme" ADD CONSTRAINT "ConsultationAnswerTheme_themeId_fkey" FOREIGN KEY ("themeId") REFERENCES "ConsultationTheme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (ADR 062): a theme, once given, stays — the report and the counts refer to it; an answer's themes
-- are given and taken away, and go with its text.
REVOKE DELETE, TRUNCATE ON "ConsultationTheme" FROM tsunagi_app;
REVOKE TRUNCATE ON "ConsultationAnswerTheme" FROM tsunagi_app;
