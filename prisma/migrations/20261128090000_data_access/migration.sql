-- The committee's expert members (issue 15).
ALTER TYPE "Role" ADD VALUE 'dac_expert' BEFORE 'admin';

-- CreateEnum
CREATE TYPE "ApplicationState" AS ENUM ('draft', 'submitted', 'returned', 'in_review', 'approved', 'rejected', 'withdrawn');

-- CreateEnum
CREATE TYPE "CommitteeSeat" AS ENUM ('chair', 'expert', 'panel');

-- CreateEnum
CREATE TYPE "MemberSex" AS ENUM ('female', 'male', 'other', 'undisclosed');

-- CreateEnum
CREATE TYPE "VoteChoice" AS ENUM ('approve', 'approve_with_conditions', 'reject', 'abstain');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('approved', 'rejected', 'deferred');

-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('active', 'suspended', 'revoked');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "additionalRoles" "Role"[] DEFAULT ARRAY[]::"Role"[];

-- CreateTable
CREATE TABLE "ApplicantProfile" (
    "userId" UUID NOT NULL,
    "institution" TEXT NOT NULL,
    "department" TEXT NOT NULL DEFAULT '',
    "country" TEXT NOT NULL,
    "verifiedAt" TIMESTAMPTZ(3),
    "verifiedById" UUID,
    "applicationsRefusedAt" TIMESTAMPTZ(3),
    "applicationsRefusedWhy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicantProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "DataAccessApplication" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "applicantId" UUID NOT NULL,
    "state" "ApplicationState" NOT NULL DEFAULT 'draft',
    "submittedVersion" INTEGER,
    "latestVersion" INTEGER NOT NULL DEFAULT 1,
    "reviewRound" INTEGER NOT NULL DEFAULT 0,
    "voteClosedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataAccessApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataAccessApplicationVersion" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMPTZ(3),
    "returnedAt" TIMESTAMPTZ(3),
    "returnedById" UUID,
    "returnNote" TEXT,

    CONSTRAINT "DataAccessApplicationVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataAccessCommittee" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "quorumPercent" INTEGER NOT NULL DEFAULT 50,
    "majorityPercent" INTEGER NOT NULL DEFAULT 50,
    "majorityInclusive" BOOLEAN NOT NULL DEFAULT false,
    "requirePanelVote" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataAccessCommittee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitteeMember" (
    "id" UUID NOT NULL,
    "committeeId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "seat" "CommitteeSeat" NOT NULL,
    "expertise" TEXT NOT NULL DEFAULT '',
    "sex" "MemberSex" NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "endedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommitteeMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConflictDeclaration" (
    "applicationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "conflicted" BOOLEAN NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "declaredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConflictDeclaration_pkey" PRIMARY KEY ("applicationId","userId")
);

-- CreateTable
CREATE TABLE "ApplicationComment" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationVote" (
    "applicationId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "userId" UUID NOT NULL,
    "seat" "CommitteeSeat" NOT NULL,
    "choice" "VoteChoice" NOT NULL,
    "rationale" TEXT NOT NULL,
    "conditions" TEXT NOT NULL DEFAULT '',
    "castAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationVote_pkey" PRIMARY KEY ("applicationId","round","userId")
);

-- CreateTable
CREATE TABLE "ApplicationDecision" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "outcome" "DecisionOutcome" NOT NULL,
    "conditions" TEXT NOT NULL DEFAULT '',
    "rationale" TEXT NOT NULL DEFAULT '',
    "tally" JSONB NOT NULL,
    "decidedById" UUID NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataAccessApproval" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "decisionId" UUID NOT NULL,
    "recipientInstitution" TEXT NOT NULL,
    "recipientName" TEXT NOT NULL,
    "recipientType" TEXT NOT NULL,
    "recipientCountry" TEXT NOT NULL,
    "datasets" TEXT[],
    "dataKinds" TEXT[],
    "purposeCodes" TEXT[],
    "purposeDiseases" TEXT[],
    "commercial" BOOLEAN NOT NULL,
    "conditions" TEXT NOT NULL DEFAULT '',
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "ApprovalStatus" NOT NULL DEFAULT 'active',
    "statusReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "outputs" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataAccessApproval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecondFactorReset" (
    "id" UUID NOT NULL,
    "targetUserId" UUID NOT NULL,
    "requestedById" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedById" UUID,
    "approvedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelledById" UUID,

    CONSTRAINT "SecondFactorReset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DataAccessApplication_reference_key" ON "DataAccessApplication"("reference");

-- CreateIndex
CREATE INDEX "DataAccessApplication_applicantId_idx" ON "DataAccessApplication"("applicantId");

-- CreateIndex
CREATE INDEX "DataAccessApplication_state_idx" ON "DataAccessApplication"("state");

-- CreateIndex
CREATE UNIQUE INDEX "DataAccessApplicationVersion_applicationId_number_key" ON "DataAccessApplicationVersion"("applicationId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "DataAccessCommittee_name_key" ON "DataAccessCommittee"("name");

-- CreateIndex
CREATE INDEX "CommitteeMember_committeeId_idx" ON "CommitteeMember"("committeeId");

-- CreateIndex
CREATE INDEX "CommitteeMember_userId_idx" ON "CommitteeMember"("userId");

-- CreateIndex
CREATE INDEX "ApplicationComment_applicationId_createdAt_idx" ON "ApplicationComment"("applicationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApplicationDecision_applicationId_round_key" ON "ApplicationDecision"("applicationId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "DataAccessApproval_applicationId_key" ON "DataAccessApproval"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "DataAccessApproval_decisionId_key" ON "DataAccessApproval"("decisionId");

-- CreateIndex
CREATE INDEX "DataAccessApproval_status_endsAt_idx" ON "DataAccessApproval"("status", "endsAt");

-- CreateIndex
CREATE INDEX "SecondFactorReset_targetUserId_idx" ON "SecondFactorReset"("targetUserId");

-- AddForeignKey
ALTER TABLE "DataAccessApplicationVersion" ADD CONSTRAINT "DataAccessApplicationVersion_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "DataAccessApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitteeMember" ADD CONSTRAINT "CommitteeMember_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "DataAccessCommittee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConflictDeclaration" ADD CONSTRAINT "ConflictDeclaration_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "DataAccessApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationComment" ADD CONSTRAINT "ApplicationComment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "DataAccessApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationVote" ADD CONSTRAINT "ApplicationVote_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "DataAccessApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationDecision" ADD CONSTRAINT "ApplicationDecision_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "DataAccessApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataAccessApproval" ADD CONSTRAINT "DataAccessApproval_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "DataAccessApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A submitted version is what the committee read: its text never changes. The secretariat may stamp it once as
-- returned for changes (the applicant then writes the next version); nothing else is ever written to it.
CREATE FUNCTION tsunagi_freeze_submitted_application_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."submittedAt" IS NULL THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD."returnedAt" IS NULL AND NEW."returnedAt" IS NOT NULL
     AND NEW.content = OLD.content AND NEW."contentHash" = OLD."contentHash" AND NEW.number = OLD.number
     AND NEW."submittedAt" = OLD."submittedAt" AND NEW."applicationId" = OLD."applicationId" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'application version % is submitted and cannot be changed', OLD.id USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "DataAccessApplicationVersion_frozen_when_submitted" BEFORE UPDATE OR DELETE ON "DataAccessApplicationVersion"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_freeze_submitted_application_version();

-- A vote, a decision and a conflict declaration are the committee's record: cast once, never edited or removed.
CREATE FUNCTION tsunagi_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "ApplicationVote_append_only" BEFORE UPDATE OR DELETE ON "ApplicationVote"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_change();
CREATE TRIGGER "ApplicationDecision_append_only" BEFORE UPDATE OR DELETE ON "ApplicationDecision"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_change();
CREATE TRIGGER "ConflictDeclaration_append_only" BEFORE UPDATE OR DELETE ON "ConflictDeclaration"
  FOR EACH ROW EXECUTE FUNCTION tsunagi_refuse_change();

REVOKE DELETE, TRUNCATE ON "DataAccessApplication", "DataAccessApplicationVersion", "ApplicationComment",
  "ApplicationVote", "ApplicationDecision", "ConflictDeclaration", "DataAccessApproval", "SecondFactorReset" FROM tsunagi_app;

-- The one committee this programme has; its tally rule is edited by the secretariat (ADR 040).
INSERT INTO "DataAccessCommittee" ("id", "name") VALUES ('6b1d0f5e-6c39-4d7c-9f8e-2a1c0d7b3e41', 'data-use-committee');
