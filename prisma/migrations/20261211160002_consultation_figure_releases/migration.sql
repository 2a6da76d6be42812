-- Issue 54 items 2 and 9 (ADR 115): a consultation's figures are published as releases, computed once and stored, and
-- every view reads one. Reading the counts after each response (ADR 062 recomputed them per request, and the cell key
-- method gives the same responses the same numbers) told which counts one more response had moved, and with them its
-- answer. A release is made at a fixed point only, counts only what disclosure control lets out, and never changes.

-- CreateEnum
CREATE TYPE "ConsultationReleaseKind" AS ENUM ('interim', 'closing', 'themes');

-- CreateTable
CREATE TABLE "ConsultationRelease" (
    "id" UUID NOT NULL,
    "consultationId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" "ConsultationReleaseKind" NOT NULL,
    "pointAt" TIMESTAMPTZ(3) NOT NULL,
    "countedBefore" TIMESTAMPTZ(3),
    "figures" JSONB NOT NULL,
    "releasedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConsultationRelease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsultationRelease_consultationId_number_key" ON "ConsultationRelease"("consultationId", "number");

-- CreateIndex
CREATE INDEX "ConsultationResponse_consultationId_updatedAt_idx" ON "ConsultationResponse"("consultationId", "updatedAt");

-- AddForeignKey
ALTER TABLE "ConsultationRelease" ADD CONSTRAINT "ConsultationRelease_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: a release is what staff and readers were shown, and a report version quotes it; the app may read
-- and add releases, never change or remove one (the same append-only trigger as the ledger's).
GRANT SELECT, INSERT ON "ConsultationRelease" TO tsunagi_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "ConsultationRelease" FROM tsunagi_app;
CREATE TRIGGER "ConsultationRelease_append_only" BEFORE UPDATE OR DELETE ON "ConsultationRelease"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "ConsultationRelease_no_truncate" BEFORE TRUNCATE ON "ConsultationRelease"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
