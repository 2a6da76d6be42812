-- Issue 14 items 2 and 4 (ADR 038): plain-language programme updates. An update is a row per piece of news and a
-- row per version of its text; a published version is frozen by the trigger below, so a correction is always a new
-- version and the text readers saw stays readable. Read markers and the weekly digest switch are per reader.
-- CreateEnum
CREATE TYPE "UpdateAudience" AS ENUM ('participants', 'families', 'public');

-- CreateTable
CREATE TABLE "ProgrammeUpdate" (
    "id" UUID NOT NULL,
    "audiences" "UpdateAudience"[],
    "programmeArea" "ProgrammeArea",
    "publishAt" TIMESTAMPTZ(3),
    "publishedVersion" INTEGER,
    "latestVersion" INTEGER NOT NULL DEFAULT 1,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgrammeUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgrammeUpdateVersion" (
    "id" UUID NOT NULL,
    "updateId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "titleJa" TEXT NOT NULL DEFAULT '',
    "titleJaEasy" TEXT NOT NULL DEFAULT '',
    "titleEn" TEXT NOT NULL DEFAULT '',
    "bodyJa" TEXT NOT NULL DEFAULT '',
    "bodyJaEasy" TEXT NOT NULL DEFAULT '',
    "bodyEn" TEXT NOT NULL DEFAULT '',
    "readingCorrections" JSONB NOT NULL DEFAULT '[]',
    "changeNoteJa" TEXT NOT NULL DEFAULT '',
    "changeNoteJaEasy" TEXT NOT NULL DEFAULT '',
    "changeNoteEn" TEXT NOT NULL DEFAULT '',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMPTZ(3),
    "publishedById" UUID,

    CONSTRAINT "ProgrammeUpdateVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UpdateRead" (
    "userId" UUID NOT NULL,
    "updateId" UUID NOT NULL,
    "readAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UpdateRead_pkey" PRIMARY KEY ("userId","updateId")
);

-- CreateTable
CREATE TABLE "UpdateDigestSubscription" (
    "userId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "language" "Language" NOT NULL,
    "unsubscribeTokenHash" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSentAt" TIMESTAMPTZ(3),

    CONSTRAINT "UpdateDigestSubscription_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "ProgrammeUpdate_publishAt_id_idx" ON "ProgrammeUpdate"("publishAt" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "ProgrammeUpdateVersion_updateId_number_key" ON "ProgrammeUpdateVersion"("updateId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "UpdateDigestSubscription_unsubscribeTokenHash_key" ON "UpdateDigestSubscription"("unsubscribeTokenHash");

-- CreateIndex
CREATE INDEX "UpdateDigestSubscription_enabled_lastSentAt_idx" ON "UpdateDigestSubscription"("enabled", "lastSentAt");

-- AddForeignKey
ALTER TABLE "ProgrammeUpdateVersion" ADD CONSTRAINT "ProgrammeUpdateVersion_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "ProgrammeUpdate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateRead" ADD CONSTRAINT "UpdateRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateRead" ADD CONSTRAINT "UpdateRead_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "ProgrammeUpdate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateDigestSubscription" ADD CONSTRAINT "UpdateDigestSubscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A published version is what readers saw: it never changes and is never removed (a correction is the next version).
CREATE FUNCTION tsunagi_freeze_published_update_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."publishedAt" IS NOT NULL THEN
    RAISE EXCEPTION 'programme update version % is published and cannot be changed', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "ProgrammeUpdateVersion_frozen_when_published" BEFORE UPDATE OR DELETE ON "ProgrammeUpdateVersion"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_freeze_published_update_version();

-- What was published, and who read it, is the programme's record: the app never deletes either.
REVOKE DELETE, TRUNCATE ON "ProgrammeUpdate", "ProgrammeUpdateVersion", "UpdateRead" FROM tsunagi_app;

-- The reader's list: published updates by the audiences array (public, families, participants).
CREATE INDEX "ProgrammeUpdate_audiences_idx" ON "ProgrammeUpdate" USING GIN ("audiences") WHERE "publishAt" IS NOT NULL;
