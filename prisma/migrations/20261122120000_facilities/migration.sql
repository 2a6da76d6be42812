-- Facilities (issue 10, ADR 015): staff belong to one or more facilities, each participant is enrolled at one,
-- and coordinators and counsellors reach only their own facilities' participants.

-- CreateEnum
CREATE TYPE "FacilityKind" AS ENUM ('cancer_genomics_core', 'cancer_genomics_base', 'cancer_genomics_cooperating', 'rare_disease', 'other');

-- CreateTable
CREATE TABLE "Facility" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "nameJa" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "kind" "FacilityKind" NOT NULL DEFAULT 'other',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Facility_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FacilityMembership" (
    "userId" UUID NOT NULL,
    "facilityId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,

    CONSTRAINT "FacilityMembership_pkey" PRIMARY KEY ("userId","facilityId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Facility_code_key" ON "Facility"("code");

-- CreateIndex
CREATE INDEX "FacilityMembership_facilityId_idx" ON "FacilityMembership"("facilityId");

-- AddForeignKey
ALTER TABLE "FacilityMembership" ADD CONSTRAINT "FacilityMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FacilityMembership" ADD CONSTRAINT "FacilityMembership_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: every existing participant keeps working. Each site code already in use becomes a facility
-- of that code (named after it until an administrator says otherwise), and its participants are enrolled there.
-- No staff account becomes a member of anything here: who may see whom is for an administrator to decide.
INSERT INTO "Facility" ("id", "code", "nameJa", "nameEn", "kind")
SELECT gen_random_uuid(), sites."siteCode", sites."siteCode", sites."siteCode", 'other'
FROM (SELECT DISTINCT "siteCode" FROM "Participant") AS sites;

ALTER TABLE "Participant" ADD COLUMN "facilityId" UUID;
UPDATE "Participant" p SET "facilityId" = f."id" FROM "Facility" f WHERE f."code" = p."siteCode";
ALTER TABLE "Participant" ALTER COLUMN "facilityId" SET NOT NULL;
ALTER TABLE "Participant" DROP COLUMN "siteCode";

-- CreateIndex
CREATE INDEX "Participant_facilityId_idx" ON "Participant"("facilityId");

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The application's role (default privileges cover new tables only when the same user created the first
-- migration; say it explicitly). Memberships are granted and removed by admins; facilities are never deleted
-- by the app, since participants and the audit trail refer to them.
GRANT SELECT, INSERT, UPDATE ON "Facility" TO tsunagi_app;
REVOKE DELETE, TRUNCATE ON "Facility" FROM tsunagi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "FacilityMembership" TO tsunagi_app;
