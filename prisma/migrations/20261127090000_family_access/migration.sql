-- Issue 14 item 1 (ADR 036): family access, owned by the participant. An access row is read on every request of the
-- family member, so ending or narrowing it takes effect on their next page.
-- CreateEnum
CREATE TYPE "FamilyScope" AS ENUM ('updates', 'updates_and_summary');

-- CreateEnum
CREATE TYPE "FamilyRelationship" AS ENUM ('spouse', 'partner', 'parent', 'child', 'sibling', 'grandparent', 'grandchild', 'other_relative', 'friend', 'carer', 'other');

-- CreateTable
CREATE TABLE "FamilyInvitation" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "relationship" "FamilyRelationship" NOT NULL,
    "scope" "FamilyScope" NOT NULL,
    "language" "Language" NOT NULL,
    "tokenHash" BYTEA NOT NULL,
    "invitedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "acceptedUserId" UUID,
    "withdrawnAt" TIMESTAMPTZ(3),

    CONSTRAINT "FamilyInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FamilyAccess" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "familyUserId" UUID NOT NULL,
    "invitationId" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "relationship" "FamilyRelationship" NOT NULL,
    "scope" "FamilyScope" NOT NULL,
    "grantedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scopeChangedAt" TIMESTAMPTZ(3),
    "pausedAt" TIMESTAMPTZ(3),
    "pausedReason" TEXT,
    "endedAt" TIMESTAMPTZ(3),
    "endedById" UUID,
    "lastViewedAt" TIMESTAMPTZ(3),

    CONSTRAINT "FamilyAccess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FamilyInvitation_tokenHash_key" ON "FamilyInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "FamilyInvitation_participantId_idx" ON "FamilyInvitation"("participantId");

-- CreateIndex
CREATE UNIQUE INDEX "FamilyAccess_invitationId_key" ON "FamilyAccess"("invitationId");

-- CreateIndex
CREATE INDEX "FamilyAccess_participantId_idx" ON "FamilyAccess"("participantId");

-- CreateIndex
CREATE INDEX "FamilyAccess_familyUserId_idx" ON "FamilyAccess"("familyUserId");

-- AddForeignKey
ALTER TABLE "FamilyInvitation" ADD CONSTRAINT "FamilyInvitation_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FamilyAccess" ADD CONSTRAINT "FamilyAccess_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FamilyAccess" ADD CONSTRAINT "FamilyAccess_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "FamilyInvitation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One live access per participant and follower: a second invitation accepted by the same person changes nothing.
CREATE UNIQUE INDEX "FamilyAccess_live_key" ON "FamilyAccess"("participantId", "familyUserId") WHERE "endedAt" IS NULL;

ALTER TABLE "FamilyAccess" ADD CONSTRAINT "FamilyAccess_familyUserId_fkey" FOREIGN KEY ("familyUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Who could see what, and when, is the participant's record: ended access is kept, never deleted by the app.
REVOKE DELETE, TRUNCATE ON "FamilyAccess", "FamilyInvitation" FROM tsunagi_app;

-- The participant's view lists every look at their summary: found by participant without reading the whole log.
CREATE INDEX "AuditEvent_family_summary_read_idx" ON "AuditEvent" ((detail->>'participantId'), "occurredAt") WHERE type = 'family.summary_read';
