import pg from "pg";
import { getDatabase } from "../../app/db.server";
import { auditConsentRecorded } from "../../app/domain/consent/records/audit-consent-recorded.server";
import { completeChoices } from "../../app/domain/consent/records/validate-choices";
import { loadFormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { appendConsentEvent } from "../../app/domain/consent/ledger/append-consent-event.server";
import { lockParticipantsConsent } from "../../app/domain/consent/ledger/lock-participant-consent.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { createSession } from "../../app/domain/session/create-session.server";
import { typicalChoices } from "../bridge/synthetic-projection";

export interface WebCohort {
  participants: number;
  /** `<id>.<secret>` session tokens of the participants the load signs in as, one each. */
  sessionTokens: string[];
  /** Ledger events those participants have (a grant and a change of choices each). */
  events: number;
}

const APPENDS_PER_TRANSACTION = 50;
const benchRequest = { ipAddress: "127.0.0.1", userAgent: "tsunagi bench" };

/**
 * `count` participants, each with their own account (role participant), identity, two samples and a session, as an
 * enrolled and signed-in cohort would leave the tables: written by INSERT … SELECT from generate_series in one
 * transaction (seconds for 100,000), then ANALYZEd so the planner sees the real sizes. The first `signedIn` of them
 * also get real ledger events — a grant on the seeded form 1.0 and five changes of one choice, each the append the
 * consent verbs make (event, state, outbox row, audit row), fifty to a transaction — a survey waiting for their
 * answer, a proxy beside every tenth, and a fresh session whose token the load presents. The rest have no consent yet: nobody reads their pages, they are there for the size.
 */
export async function seedWebCohort(databaseUrl: string, count: number, signedIn: number): Promise<WebCohort> {
  const db = getDatabase();
  const version = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Facility" (id, code, "nameJa", "nameEn") VALUES (gen_random_uuid(), 'BENCHWEB', 'ベンチマーク病院', 'Benchmark Hospital') ON CONFLICT (code) DO NOTHING`,
    );
    // Index i: account web-<i>@bench.tsunagi.test, participant TGP-B<i>, samples S-B<i>-T and S-B<i>-B.
    await client.query(
      `INSERT INTO "User" (id, email, "displayName", role, "preferredLanguage", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), 'web-' || i || '@bench.tsunagi.test', '参加者 ' || i, 'participant', 'ja', now(), now()
         FROM generate_series(0, $1::int - 1) AS i`,
      [count],
    );
    await client.query(
      `INSERT INTO "Participant" (id, pseudonym, "userId", "facilityId", "createdAt")
       SELECT gen_random_uuid(), 'TGP-B' || lpad(i::text, 6, '0'), u.id, (SELECT id FROM "Facility" WHERE code = 'BENCHWEB'), now()
         FROM generate_series(0, $1::int - 1) AS i JOIN "User" u ON u.email = 'web-' || i || '@bench.tsunagi.test'`,
      [count],
    );
    await client.query(
      `INSERT INTO "ParticipantIdentity" ("participantId", "fullName", "dateOfBirth", email, "preferredLanguage", "createdAt", "updatedAt")
       SELECT p.id, '山田 花子', date '1950-01-01' + (i % 20000), u.email, 'ja', now(), now()
         FROM generate_series(0, $1::int - 1) AS i
         JOIN "User" u ON u.email = 'web-' || i || '@bench.tsunagi.test'
         JOIN "Participant" p ON p."userId" = u.id`,
      [count],
    );
    await client.query(
      `INSERT INTO "Sample" (id, "sampleCode", "participantId", kind, "createdAt")
       SELECT gen_random_uuid(), 'S-B' || lpad(i::text, 6, '0') || suffix, p.id, kind::"SampleKind", now()
         FROM generate_series(0, $1::int - 1) AS i
         JOIN "Participant" p ON p.pseudonym = 'TGP-B' || lpad(i::text, 6, '0')
         CROSS JOIN (VALUES ('-T', 'tumour'), ('-B', 'blood')) AS kinds(suffix, kind)`,
      [count],
    );
    // Every participant has a session somewhere (phones, tablets); their secrets are random and never presented.
    await client.query(
      `INSERT INTO "Session" (id, "secretHash", "userId", "createdAt", "expiresAt", "lastActiveAt", "secondFactorAt")
       SELECT substr(md5(random()::text), 1, 24), sha256(gen_random_uuid()::text::bytea), u.id, now(), now() + interval '90 days', now(), now()
         FROM "User" u WHERE u.email LIKE 'web-%@bench.tsunagi.test'`,
    );
    await client.query("COMMIT");
    await client.query(`ANALYZE "User", "Participant", "ParticipantIdentity", "Sample", "Session"`);

    const { rows } = await client.query<{ participantId: string; userId: string }>(
      `SELECT p.id AS "participantId", p."userId" AS "userId" FROM "Participant" p
        WHERE p.pseudonym = ANY($1::text[]) ORDER BY p.pseudonym`,
      [Array.from({ length: signedIn }, (_, index) => `TGP-B${String(index).padStart(6, "0")}`)],
    );
    const choices = completeChoices(version.content, typicalChoices());
    const statement = version.content.languages.ja.signatureStatement;
    // A history as years of taking part leave it (issue 60 item 1): the grant, then five changes of mind about
    // sharing with industry (no, yes, no, yes, no), each with its receipt.
    const industry = (step: number): string => (step % 2 === 1 ? "no" : "yes");
    let events = 0;
    for (let first = 0; first < rows.length; first += APPENDS_PER_TRANSACTION) {
      const batch = rows.slice(first, first + APPENDS_PER_TRANSACTION);
      for (const [step, type] of (["granted", "choices_changed", "choices_changed", "choices_changed", "choices_changed", "choices_changed"] as const).entries()) {
        await db.$transaction(
          async (tx) => {
            const turns = await lockParticipantsConsent(tx, batch.map((row) => row.participantId));
            for (const { participantId, userId } of batch) {
              const turn = turns.get(participantId)!;
              const { event } =
                type === "granted"
                  ? await appendConsentEvent(tx, turn, {
                      type: "granted",
                      actorUserId: userId,
                      actorRole: "participant",
                      method: "online",
                      formVersionId: version.id,
                      formVersionHash: version.contentHash,
                      choices,
                      signature: { printedName: "山田 花子", signedAt: turn.now.toISOString(), statement, language: "ja" },
                      detail: { formVersion: version.version, permittedPurposes: version.content.permittedPurposes },
                    })
                  : await appendConsentEvent(tx, turn, {
                      type: "choices_changed",
                      actorUserId: userId,
                      actorRole: "participant",
                      method: "online",
                      formVersionId: version.id,
                      formVersionHash: version.contentHash,
                      choices: { ...choices, "share.industry": industry(step) },
                      detail: { changed: ["share.industry"], previous: { "share.industry": step === 1 ? choices["share.industry" as keyof typeof choices] : industry(step - 1) }, language: "ja" },
                    });
              await auditConsentRecorded(tx, event, userId, benchRequest);
              events += 1;
            }
          },
          { timeout: 60_000, maxWait: 30_000 },
        );
      }
    }
    // What waits for them and who acts with them: the survey of how consent felt, asked a week ago and not answered
    // (ADR 149), for each; and for every tenth, a proxy (a parent) appointed beside them, with an account of their own.
    await client.query(
      `INSERT INTO "ConsentSurvey" (id, "participantId", "facilityId", language, respondent, "invitedAt")
       SELECT gen_random_uuid(), p.id, p."facilityId", 'ja', 'participant', now() - interval '7 days' FROM "Participant" p WHERE p.id = ANY($1::uuid[])`,
      [rows.map((row) => row.participantId)],
    );
    await client.query(
      `WITH proxied AS (SELECT p.id, p.pseudonym FROM "Participant" p WHERE p.id = ANY($1::uuid[]) AND right(p.pseudonym, 1) = '0'),
            accounts AS (
              INSERT INTO "User" (id, email, "displayName", role, "preferredLanguage", "createdAt", "updatedAt")
              SELECT gen_random_uuid(), 'web-proxy-' || pseudonym || '@bench.tsunagi.test', '保護者 ' || pseudonym, 'proxy', 'ja', now(), now() FROM proxied
              RETURNING id, email)
       INSERT INTO "ProxyAssignment" (id, "participantId", "proxyUserId", "fullName", email, relationship)
       SELECT gen_random_uuid(), proxied.id, accounts.id, '保護者', accounts.email, 'parent'
         FROM proxied JOIN accounts ON accounts.email = 'web-proxy-' || proxied.pseudonym || '@bench.tsunagi.test'`,
      [rows.map((row) => row.participantId)],
    );
    await client.query(`ANALYZE "ConsentSurvey", "ProxyAssignment"`);
    const sessionTokens: string[] = [];
    for (const { userId } of rows) {
      const { token } = await createSession(db, { userId, role: "participant", secondFactorVerified: true, ...benchRequest });
      sessionTokens.push(token);
    }
    return { participants: count, sessionTokens, events };
  } finally {
    await client.end();
  }
}
