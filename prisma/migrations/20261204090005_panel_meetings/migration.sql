-- CreateTable
CREATE TABLE "PanelMeeting" (
    "id" UUID NOT NULL,
    "scheduledAt" TIMESTAMPTZ(3) NOT NULL,
    "place" TEXT NOT NULL,
    "titleJa" TEXT NOT NULL,
    "titleJaEasy" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "agendaJa" TEXT NOT NULL,
    "agendaJaEasy" TEXT NOT NULL,
    "agendaEn" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "cancelledAt" TIMESTAMPTZ(3),

    CONSTRAINT "PanelMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PanelMeetingMinutes" (
    "id" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "textJa" TEXT NOT NULL,
    "textJaEasy" TEXT NOT NULL,
    "textEn" TEXT NOT NULL,
    "attendees" INTEGER NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "publishedById" UUID NOT NULL,

    CONSTRAINT "PanelMeetingMinutes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PanelMeeting_scheduledAt_idx" ON "PanelMeeting"("scheduledAt");

-- CreateIndex
CREATE UNIQUE INDEX "PanelMeetingMinutes_meetingId_key" ON "PanelMeetingMinutes"("meetingId");

-- AddForeignKey
ALTER TABLE "PanelMeetingMinutes" ADD CONSTRAINT "PanelMeetingMinutes_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "PanelMeeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Minutes are final once published (ADR 065); meetings are cancelled, never deleted.
REVOKE UPDATE, DELETE, TRUNCATE ON "PanelMeetingMinutes" FROM tsunagi_app;
REVOKE DELETE, TRUNCATE ON "PanelMeeting" FROM tsunagi_app;
