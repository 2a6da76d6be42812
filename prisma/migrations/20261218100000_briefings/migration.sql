-- Public sessions (issue 59 item 5; ADR 148): 説明会 and seminars with a capacity, registrations with a waiting list.
CREATE TYPE "BriefingKind" AS ENUM ('briefing', 'seminar');
CREATE TYPE "BriefingFormat" AS ENUM ('online', 'in_person');
CREATE TYPE "BriefingRegistrationState" AS ENUM ('registered', 'waitlisted', 'cancelled');

CREATE TABLE "Briefing" (
    "id" UUID NOT NULL,
    "kind" "BriefingKind" NOT NULL,
    "format" "BriefingFormat" NOT NULL,
    "title" JSONB NOT NULL,
    "description" JSONB NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "place" TEXT,
    "joinUrl" TEXT,
    "capacity" INTEGER NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "cancelledAt" TIMESTAMPTZ(3),
    "minutes" JSONB,
    "recordingUrl" TEXT,
    "minutesPublishedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Briefing_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Briefing_capacity_check" CHECK ("capacity" BETWEEN 1 AND 1000),
    CONSTRAINT "Briefing_times_check" CHECK ("endsAt" > "startsAt")
);
CREATE INDEX "Briefing_startsAt_idx" ON "Briefing"("startsAt");

CREATE TABLE "BriefingRegistration" (
    "id" UUID NOT NULL,
    "briefingId" UUID NOT NULL,
    "userId" UUID,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "tokenHash" BYTEA NOT NULL,
    "state" "BriefingRegistrationState" NOT NULL,
    "registeredAt" TIMESTAMPTZ(3) NOT NULL,
    "cancelledAt" TIMESTAMPTZ(3),
    "attendedAt" TIMESTAMPTZ(3),
    "reminderQueuedAt" TIMESTAMPTZ(3),
    CONSTRAINT "BriefingRegistration_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "BriefingRegistration_tokenHash_key" ON "BriefingRegistration"("tokenHash");
CREATE UNIQUE INDEX "BriefingRegistration_briefingId_email_key" ON "BriefingRegistration"("briefingId", "email");
CREATE INDEX "BriefingRegistration_briefingId_state_registeredAt_idx" ON "BriefingRegistration"("briefingId", "state", "registeredAt");
ALTER TABLE "BriefingRegistration" ADD CONSTRAINT "BriefingRegistration_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
