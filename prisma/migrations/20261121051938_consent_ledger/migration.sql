-- CreateEnum
CREATE TYPE "ConsentFormKind" AS ENUM ('major', 'minor');

-- CreateEnum
CREATE TYPE "ConsentFormStatus" AS ENUM ('draft', 'published');

-- CreateEnum
CREATE TYPE "SampleKind" AS ENUM ('tumour', 'blood', 'other');

-- CreateEnum
CREATE TYPE "ProxyRelationship" AS ENUM ('parent', 'legal_guardian', 'spouse', 'adult_child', 'sibling', 'other_relative', 'other');

-- CreateEnum
CREATE TYPE "InvitationRecipient" AS ENUM ('participant', 'proxy');

-- CreateEnum
CREATE TYPE "ConsentMethod" AS ENUM ('online', 'assisted', 'paper', 'phone', 'letter', 'system');

-- CreateEnum
CREATE TYPE "JourneyStatus" AS ENUM ('in_progress', 'completed', 'abandoned');

-- CreateEnum
CREATE TYPE "ConsentEventType" AS ENUM ('granted', 'choices_changed', 'reconsented', 'proxy_granted', 'assent', 'transferred_at_majority', 'reconsent_requested', 'withdrawn');

-- CreateEnum
CREATE TYPE "WithdrawalLevel" AS ENUM ('no_contact', 'no_further_use', 'destroy');

-- CreateEnum
CREATE TYPE "ConsentStatus" AS ENUM ('active', 'reconsent_required', 'withdrawn');

-- CreateTable
CREATE TABLE "ConsentFormVersion" (
    "id" UUID NOT NULL,
    "formKey" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "kind" "ConsentFormKind" NOT NULL,
    "status" "ConsentFormStatus" NOT NULL DEFAULT 'draft',
    "content" JSONB NOT NULL,
    "contentHash" TEXT,
    "effectiveDate" DATE NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "publishedAt" TIMESTAMPTZ(3),
    "publishedById" UUID,

    CONSTRAINT "ConsentFormVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Participant" (
    "id" UUID NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "userId" UUID,
    "siteCode" TEXT NOT NULL,
    "enrolledById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParticipantIdentity" (
    "participantId" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "fullNameKana" TEXT,
    "dateOfBirth" DATE NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "medicalRecordNumber" TEXT,
    "preferredLanguage" "Language" NOT NULL DEFAULT 'ja',
    "erasedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ParticipantIdentity_pkey" PRIMARY KEY ("participantId")
);

-- CreateTable
CREATE TABLE "Sample" (
    "id" UUID NOT NULL,
    "sampleCode" TEXT NOT NULL,
    "participantId" UUID NOT NULL,
    "kind" "SampleKind" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "destroyedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Sample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProxyAssignment" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "proxyUserId" UUID,
    "fullName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "relationship" "ProxyRelationship" NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),
    "endedReason" TEXT,

    CONSTRAINT "ProxyAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "participantId" UUID NOT NULL,
    "recipient" "InvitationRecipient" NOT NULL,
    "proxyAssignmentId" UUID,
    "email" TEXT NOT NULL,
    "language" "Language" NOT NULL DEFAULT 'ja',
    "tokenHash" BYTEA NOT NULL,
    "codeHash" BYTEA NOT NULL,
    "reason" TEXT NOT NULL DEFAULT 'enrolment',
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "otpHash" BYTEA,
    "otpExpiresAt" TIMESTAMPTZ(3),
    "otpFailedAttempts" INTEGER NOT NULL DEFAULT 0,
    "acceptedAt" TIMESTAMPTZ(3),
    "acceptedUserId" UUID,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentJourney" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "formVersionId" UUID NOT NULL,
    "actorUserId" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "method" "ConsentMethod" NOT NULL DEFAULT 'online',
    "witnessName" TEXT,
    "language" "Language" NOT NULL DEFAULT 'ja',
    "sectionsRead" INTEGER NOT NULL DEFAULT 0,
    "comprehension" JSONB NOT NULL DEFAULT '{}',
    "choices" JSONB NOT NULL DEFAULT '{}',
    "status" "JourneyStatus" NOT NULL DEFAULT 'in_progress',
    "completedEventId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConsentJourney_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParticipantQuestion" (
    "id" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "journeyId" UUID,
    "askedById" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "askedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "answeredById" UUID,

    CONSTRAINT "ParticipantQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentEvent" (
    "id" UUID NOT NULL,
    "globalSeq" BIGINT NOT NULL,
    "participantId" UUID NOT NULL,
    "participantSeq" INTEGER NOT NULL,
    "type" "ConsentEventType" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "actorUserId" UUID,
    "actorRole" TEXT NOT NULL,
    "method" "ConsentMethod" NOT NULL,
    "formVersionId" UUID,
    "formVersionHash" TEXT,
    "choices" JSONB NOT NULL,
    "signature" JSONB,
    "withdrawalLevel" "WithdrawalLevel",
    "detail" JSONB NOT NULL DEFAULT '{}',
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "globalPrevHash" TEXT NOT NULL,
    "chainHash" TEXT NOT NULL,
    "verificationCode" TEXT NOT NULL,

    CONSTRAINT "ConsentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentDocument" (
    "eventId" UUID NOT NULL,
    "language" "Language" NOT NULL,
    "pdf" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentDocument_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "PaperConsentScan" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaperConsentScan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentState" (
    "participantId" UUID NOT NULL,
    "status" "ConsentStatus" NOT NULL,
    "formVersionId" UUID,
    "formVersionHash" TEXT,
    "choices" JSONB NOT NULL,
    "permittedPurposes" TEXT[],
    "withdrawalLevel" "WithdrawalLevel",
    "pendingFormVersionId" UUID,
    "interimRule" TEXT,
    "consentedBy" TEXT NOT NULL,
    "lastEventId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConsentState_pkey" PRIMARY KEY ("participantId")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" BYTEA NOT NULL,
    "scopes" TEXT[],
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsentFormVersion_formKey_status_idx" ON "ConsentFormVersion"("formKey", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentFormVersion_formKey_version_key" ON "ConsentFormVersion"("formKey", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_pseudonym_key" ON "Participant"("pseudonym");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_userId_key" ON "Participant"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Sample_sampleCode_key" ON "Sample"("sampleCode");

-- CreateIndex
CREATE INDEX "Sample_participantId_idx" ON "Sample"("participantId");

-- CreateIndex
CREATE INDEX "ProxyAssignment_participantId_idx" ON "ProxyAssignment"("participantId");

-- CreateIndex
CREATE INDEX "ProxyAssignment_proxyUserId_idx" ON "ProxyAssignment"("proxyUserId");

-- CreateIndex
CREATE INDEX "Invitation_participantId_idx" ON "Invitation"("participantId");

-- CreateIndex
CREATE INDEX "ConsentJourney_participantId_status_idx" ON "ConsentJourney"("participantId", "status");

-- CreateIndex
CREATE INDEX "ParticipantQuestion_answeredAt_askedAt_idx" ON "ParticipantQuestion"("answeredAt", "askedAt");

-- CreateIndex
CREATE INDEX "ParticipantQuestion_participantId_idx" ON "ParticipantQuestion"("participantId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentEvent_globalSeq_key" ON "ConsentEvent"("globalSeq");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentEvent_hash_key" ON "ConsentEvent"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentEvent_chainHash_key" ON "ConsentEvent"("chainHash");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentEvent_verificationCode_key" ON "ConsentEvent"("verificationCode");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentEvent_participantId_participantSeq_key" ON "ConsentEvent"("participantId", "participantSeq");

-- CreateIndex
CREATE UNIQUE INDEX "PaperConsentScan_eventId_key" ON "PaperConsentScan"("eventId");

-- AddForeignKey
ALTER TABLE "ParticipantIdentity" ADD CONSTRAINT "ParticipantIdentity_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sample" ADD CONSTRAINT "Sample_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProxyAssignment" ADD CONSTRAINT "ProxyAssignment_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentJourney" ADD CONSTRAINT "ConsentJourney_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantQuestion" ADD CONSTRAINT "ParticipantQuestion_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentEvent" ADD CONSTRAINT "ConsentEvent_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentDocument" ADD CONSTRAINT "ConsentDocument_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "ConsentEvent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsentState" ADD CONSTRAINT "ConsentState_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------------
-- Written by hand (not generated from schema.prisma): the application's database role and the append-only
-- guarantees. See docs/decisions/008-consent-ledger.md.

-- The role the application runs as (app/db.server.ts sets it on every connection). It may read and write
-- everything except change or remove history. Created once per cluster; later migrations inherit the grants.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tsunagi_app') THEN
    CREATE ROLE tsunagi_app NOLOGIN;
  END IF;
  IF NOT pg_has_role(current_user, 'tsunagi_app', 'MEMBER') THEN
    EXECUTE format('GRANT tsunagi_app TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO tsunagi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tsunagi_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tsunagi_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tsunagi_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tsunagi_app;
REVOKE ALL ON "_prisma_migrations" FROM tsunagi_app;

-- History is insert-only for the application: the ledger, the copies given to signers, paper scans, the audit log.
REVOKE UPDATE, DELETE, TRUNCATE ON "ConsentEvent", "ConsentDocument", "PaperConsentScan", "AuditEvent" FROM tsunagi_app;

-- And for everyone else too, short of a superuser deliberately disabling triggers (which the verifier then catches).
CREATE FUNCTION tsunagi_refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "ConsentEvent_append_only" BEFORE UPDATE OR DELETE ON "ConsentEvent"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "ConsentEvent_no_truncate" BEFORE TRUNCATE ON "ConsentEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "ConsentDocument_append_only" BEFORE UPDATE OR DELETE ON "ConsentDocument"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();
CREATE TRIGGER "PaperConsentScan_append_only" BEFORE UPDATE OR DELETE ON "PaperConsentScan"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_history_change();

-- A published form version is what signatures bind to: it never changes and is never removed.
CREATE FUNCTION tsunagi_freeze_published_form() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'consent form version % is published and cannot be changed', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "ConsentFormVersion_frozen_when_published" BEFORE UPDATE OR DELETE ON "ConsentFormVersion"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_freeze_published_form();
