import { getDatabase, type Database } from "../../../db.server";

/** An applicant as the secretariat's page lists them (ADR 043): who, which institution, verified or not, refused or not. */
export interface ApplicantProfileRow {
  userId: string;
  displayName: string;
  email: string;
  institution: string;
  department: string;
  country: string;
  verifiedAt: Date | null;
  applicationsRefusedAt: Date | null;
  applicationsRefusedWhy: string | null;
  createdAt: Date;
}

/** Not yet verified first (the secretariat's queue), then newest first. */
export async function listApplicantProfiles(db: Database = getDatabase()): Promise<ApplicantProfileRow[]> {
  return db.$queryRaw<ApplicantProfileRow[]>`
    SELECT p."userId", u."displayName", u."email", p."institution", p."department", p."country", p."verifiedAt",
           p."applicationsRefusedAt", p."applicationsRefusedWhy", p."createdAt"
      FROM "ApplicantProfile" p JOIN "User" u ON u."id" = p."userId"
     ORDER BY (p."verifiedAt" IS NULL) DESC, p."createdAt" DESC, p."userId"
     LIMIT 500`;
}
