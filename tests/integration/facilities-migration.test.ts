// The facilities migration (ADR 015) on a database that already has participants: every site code in use becomes
// a facility, every participant is enrolled at its site's facility, and nobody gains a membership by it.
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../prisma/migrations-engine";
import { useTestDatabase } from "../support/database";
import { databaseBeforeMigration } from "../support/database-before-migration";
import { queryRows } from "../support/sql";

const facilitiesMigration = "20261122120000_facilities";
const db = useTestDatabase();
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const query = queryRows;

describe("the facilities migration", () => {
  it("moves each site code into a facility of that code, keeps every participant reachable by it, and grants no one anything", async () => {
    // A database as it stood before facilities: the migrations that precede this one.
    const { url, cleanup } = await databaseBeforeMigration(db, facilitiesMigration);
    cleanups.push(cleanup);

    const [coordinator] = await query<{ id: string }>(
      url,
      `INSERT INTO "User" ("id", "email", "displayName", "role", "updatedAt") VALUES (gen_random_uuid(), 'c@example.test', 'C', 'coordinator', now()) RETURNING "id"`,
    );
    const participants = await query<{ id: string; siteCode: string }>(
      url,
      `INSERT INTO "Participant" ("id", "pseudonym", "siteCode") VALUES
         (gen_random_uuid(), 'TGP-AAAA-0001', 'SITE01'), (gen_random_uuid(), 'TGP-AAAA-0002', 'SITE01'), (gen_random_uuid(), 'TGP-AAAA-0003', 'DEMO01')
       RETURNING "id", "siteCode"`,
    );
    await query(url, `INSERT INTO "ParticipantIdentity" ("participantId", "fullName", "dateOfBirth", "updatedAt") SELECT "id", '山田 花子', '1960-01-01', now() FROM "Participant"`);

    const applied = await applyMigrations(url);
    expect(applied).toContain(facilitiesMigration);

    const facilities = await query<{ id: string; code: string; nameJa: string; nameEn: string; kind: string }>(url, `SELECT "id", "code", "nameJa", "nameEn", "kind"::text FROM "Facility" ORDER BY "code"`);
    expect(facilities.map(({ code, nameJa, nameEn, kind }) => ({ code, nameJa, nameEn, kind }))).toEqual([
      { code: "DEMO01", nameJa: "DEMO01", nameEn: "DEMO01", kind: "other" },
      { code: "SITE01", nameJa: "SITE01", nameEn: "SITE01", kind: "other" },
    ]);
    const codeOf = new Map(facilities.map((facility) => [facility.id, facility.code]));
    const after = await query<{ id: string; facilityId: string }>(url, `SELECT "id", "facilityId" FROM "Participant"`);
    expect(Object.fromEntries(after.map((row) => [row.id, codeOf.get(row.facilityId)]))).toEqual(Object.fromEntries(participants.map((row) => [row.id, row.siteCode])));
    expect(await query(url, `SELECT 1 FROM information_schema.columns WHERE table_name = 'Participant' AND column_name = 'siteCode'`)).toEqual([]);
    // Least privilege: who may see whom is for an administrator to decide, not for a migration.
    expect(await query(url, `SELECT * FROM "FacilityMembership"`)).toEqual([]);
    expect(coordinator).toBeDefined();

    const privileges = await query<{ facility: boolean; facilityDelete: boolean; membership: boolean }>(
      url,
      `SELECT has_table_privilege('tsunagi_app', '"Facility"', 'SELECT, INSERT, UPDATE') AS "facility",
              has_table_privilege('tsunagi_app', '"Facility"', 'DELETE') AS "facilityDelete",
              has_table_privilege('tsunagi_app', '"FacilityMembership"', 'SELECT, INSERT, DELETE') AS "membership"`,
    );
    expect(privileges).toEqual([{ facility: true, facilityDelete: false, membership: true }]);
  }, 120_000);
});
