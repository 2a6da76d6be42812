import pg from "pg";
import { getDatabase } from "../../app/db.server";
import { createSession } from "../../app/domain/session/create-session.server";

export interface UpdatesCohort {
  updates: number;
  /** Session tokens of the family members the load signs in as, one each. */
  sessionTokens: string[];
}

const benchRequest = { ipAddress: "127.0.0.1", userAgent: "tsunagi bench" };

/**
 * For the updates page (ADR 038): `updates` published programme updates (a version each, every language), their
 * audiences and areas in turn (public; families; participants; families and public; each for every area, cancer or
 * rare disease), published an hour apart; programme areas for the web cohort's participants (cancer and rare disease
 * in turn); and `followers` family accounts, each following one of the first participants through a live access,
 * with a session, and half of the updates read. Written by INSERT … SELECT, then ANALYZEd.
 */
export async function seedUpdatesCohort(databaseUrl: string, updates: number, followers: number): Promise<UpdatesCohort> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(`UPDATE "Participant" SET "programmeArea" = CASE WHEN right(pseudonym, 1)::int % 2 = 0 THEN 'cancer'::"ProgrammeArea" ELSE 'rare_disease'::"ProgrammeArea" END WHERE pseudonym LIKE 'TGP-B%'`);
    await client.query(
      `INSERT INTO "User" (id, email, "displayName", role, "preferredLanguage", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), 'web-family-' || i || '@bench.tsunagi.test', 'Family ' || i, 'family', 'ja', now(), now() FROM generate_series(0, $1 - 1) AS i`,
      [followers],
    );
    await client.query(
      `INSERT INTO "FamilyInvitation" (id, "participantId", "fullName", email, relationship, scope, language, "tokenHash", "invitedById", "createdAt", "expiresAt", "acceptedAt", "acceptedUserId")
       SELECT gen_random_uuid(), p.id, 'Family ' || i, u.email, 'child', 'updates', 'ja', sha256(gen_random_uuid()::text::bytea), p."userId", now(), now() + interval '14 days', now(), u.id
         FROM generate_series(0, $1 - 1) AS i
         JOIN "User" u ON u.email = 'web-family-' || i || '@bench.tsunagi.test'
         JOIN "Participant" p ON p.pseudonym = 'TGP-B' || lpad(i::text, 6, '0')`,
      [followers],
    );
    await client.query(
      `INSERT INTO "FamilyAccess" (id, "participantId", "familyUserId", "invitationId", "fullName", relationship, scope, "grantedAt")
       SELECT gen_random_uuid(), i."participantId", i."acceptedUserId", i.id, i."fullName", i.relationship, i.scope, now()
         FROM "FamilyInvitation" i WHERE i.email LIKE 'web-family-%@bench.tsunagi.test'`,
    );
    const author = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE email LIKE 'web-%@bench.tsunagi.test' LIMIT 1`);
    await client.query(
      `INSERT INTO "ProgrammeUpdate" (id, audiences, "programmeArea", "publishAt", "publishedVersion", "latestVersion", "createdById", "createdAt")
       SELECT gen_random_uuid(),
              (CASE n % 4 WHEN 0 THEN '{public}' WHEN 1 THEN '{families}' WHEN 2 THEN '{participants}' ELSE '{families,public}' END)::"UpdateAudience"[],
              (ARRAY[NULL, 'cancer', 'rare_disease'])[1 + n % 3]::"ProgrammeArea",
              now() - make_interval(hours => n + 1), 1, 1, $2::uuid, now()
         FROM generate_series(0, $1 - 1) AS n`,
      [updates, author.rows[0]!.id],
    );
    await client.query(
      `INSERT INTO "ProgrammeUpdateVersion" (id, "updateId", number, "titleJa", "titleJaEasy", "titleEn", "bodyJa", "bodyJaEasy", "bodyEn", "createdById", "createdAt", "updatedAt", "publishedAt", "publishedById")
       SELECT gen_random_uuid(), u.id, 1, 'お知らせ ' || u."publishAt", 'おしらせ ' || u."publishAt", 'Update ' || u."publishAt",
              repeat('解析が進みました。', 40), repeat('しらべる ことが すすみました。', 40), repeat('The analysis has moved on. ', 40),
              u."createdById", now(), now(), u."publishAt", u."createdById"
         FROM "ProgrammeUpdate" u WHERE u."createdById" = $1::uuid`,
      [author.rows[0]!.id],
    );
    await client.query(
      `INSERT INTO "UpdateRead" ("userId", "updateId", "readAt")
       SELECT f.id, u.id, now() FROM "User" f CROSS JOIN "ProgrammeUpdate" u
        WHERE f.email LIKE 'web-family-%@bench.tsunagi.test' AND u."createdById" = $1::uuid AND get_byte(uuid_send(u.id), 0) % 2 = 0`,
      [author.rows[0]!.id],
    );
    await client.query("COMMIT");
    await client.query(`ANALYZE "User", "Participant", "FamilyAccess", "FamilyInvitation", "ProgrammeUpdate", "ProgrammeUpdateVersion", "UpdateRead"`);
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE email LIKE 'web-family-%@bench.tsunagi.test' ORDER BY email`);
    const sessionTokens: string[] = [];
    for (const { id } of rows) sessionTokens.push((await createSession(getDatabase(), { userId: id, role: "family", secondFactorVerified: true, ...benchRequest })).token);
    return { updates, sessionTokens };
  } finally {
    await client.end();
  }
}
