/**
 * Seeders of the national-cohort benchmark (issue 30 item 6), set-based SQL only: every statement an INSERT … SELECT
 * over generate_series or the rows already written, so a million participants take minutes, not hours.
 *
 * - `seedCohortConsent`: on top of bench/web/seed-web-cohort.ts's participants (accounts, identities, samples,
 *   sessions), a ledger grant for every participant who has no consent yet, spread over `months` months, and a
 *   withdrawal a few weeks later for 1 in 20, with the consent state the projection would hold; choices varied by the
 *   participant's number so an application's counts and a campaign's audience have groups to tell apart; 1 in 10
 *   contacted by an earlier campaign.
 * - `seedDecisionLog`: the bridge's decision log, `count` rows over the same months, one INSERT per month into a
 *   partition made for it, which is then attached (its indexes built once, in bulk, rather than row by row) — the same
 *   tables, indexes and rows the bridge's own writes would have left.
 */
import pg from "pg";
import { loadFormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { completeChoices } from "../../app/domain/consent/records/validate-choices";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { typicalChoices } from "../bridge/synthetic-projection";

const DAY_MS = 86_400_000;

export async function seedCohortConsent(databaseUrl: string, options: { months: number; earlierCampaignId: string }): Promise<{ granted: number; withdrawn: number }> {
  const version = await loadFormVersion(await ensurePublishedFormVersion("1.0"));
  const choices = completeChoices(version.content, typicalChoices());
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Participant n (its pseudonym's number): academia by bit 0, companies by bit 1, abroad by bit 2; findings by n % 3;
    // recontact by post for n % 10 = 5, declined for n % 10 = 0; how often by (n / 16) % 3 (the frequency allowance
    // has each rule to apply once earlier campaigns reached them).
    const variedChoices = `$1::jsonb || jsonb_build_object(
        'share.academia', CASE WHEN n % 2 = 0 THEN 'yes' ELSE 'no' END,
        'share.industry', CASE WHEN (n / 2) % 2 = 0 THEN 'yes' ELSE 'no' END,
        'share.international', CASE WHEN (n / 4) % 2 = 0 THEN 'yes' ELSE 'no' END,
        'findings.secondary.hereditary_cancer', (ARRAY['want', 'not_want', 'undecided'])[n % 3 + 1],
        'recontact.research', CASE WHEN n % 10 = 0 THEN 'no' ELSE 'yes' END,
        'recontact.channel', CASE WHEN n % 10 = 5 THEN 'post' ELSE 'email' END,
        'recontact.frequency', (ARRAY['as_needed', 'yearly', 'once_only'])[(n / 16) % 3 + 1])`;
    const granted = await client.query(
      `INSERT INTO "ConsentEvent" (id, "globalSeq", "participantId", "participantSeq", type, "occurredAt", "actorRole", method, "formVersionId", "formVersionHash", choices, "prevHash", hash, "globalPrevHash", "chainHash", "verificationCode")
       SELECT gen_random_uuid(), (SELECT coalesce(max("globalSeq"), 0) FROM "ConsentEvent") + row_number() OVER (ORDER BY x.n), x.id, 1, 'granted',
              now() - make_interval(days => (x.n % ($4::int * 30))), 'participant', 'online', $2::uuid, $3, ${variedChoices},
              repeat('0', 64), md5(x.id::text || 'g') || md5(x.id::text || 'h'), repeat('0', 64), md5(x.id::text || 'c') || md5(x.id::text || 'd'), upper(substr(md5(x.id::text || 'v'), 1, 12))
         FROM (SELECT p.id, substring(p.pseudonym FROM '[0-9]+$')::int AS n FROM "Participant" p
                WHERE NOT EXISTS (SELECT 1 FROM "ConsentState" s WHERE s."participantId" = p.id)) x`,
      [JSON.stringify(choices), version.id, version.contentHash, options.months],
    );
    const withdrawn = await client.query(
      `INSERT INTO "ConsentEvent" (id, "globalSeq", "participantId", "participantSeq", type, "occurredAt", "actorRole", method, choices, "withdrawalLevel", "prevHash", hash, "globalPrevHash", "chainHash", "verificationCode")
       SELECT gen_random_uuid(), (SELECT max("globalSeq") FROM "ConsentEvent") + row_number() OVER (ORDER BY e."participantId"), e."participantId", 2, 'withdrawn',
              e."occurredAt" + interval '20 days', 'participant', 'online', '{}'::jsonb,
              (ARRAY['no_contact', 'no_further_use', 'destroy'])[1 + abs(hashtext(e."participantId"::text)) % 3]::"WithdrawalLevel",
              repeat('0', 64), md5(e.id::text || 'wg') || md5(e.id::text || 'wh'), repeat('0', 64), md5(e.id::text || 'wc') || md5(e.id::text || 'wd'), upper(substr(md5(e.id::text || 'wv'), 1, 12))
         FROM "ConsentEvent" e
        WHERE e.type = 'granted' AND e."participantSeq" = 1 AND e."actorUserId" IS NULL
          AND abs(hashtext(e."participantId"::text)) % 20 = 7 AND e."occurredAt" < now() - interval '21 days'`,
    );
    await client.query(
      `INSERT INTO "ConsentState" ("participantId", status, "formVersionId", "formVersionHash", choices, "permittedPurposes", "withdrawalLevel", "consentedBy", "lastEventId", version, "updatedAt")
       SELECT DISTINCT ON (e."participantId") e."participantId", (CASE WHEN e.type = 'withdrawn' THEN 'withdrawn' ELSE 'active' END)::"ConsentStatus",
              $1::uuid, $2, g.choices, $3::text[], e."withdrawalLevel", 'self', e.id, e."participantSeq", e."occurredAt"
         FROM "ConsentEvent" e
         JOIN "ConsentEvent" g ON g."participantId" = e."participantId" AND g."participantSeq" = 1
        WHERE NOT EXISTS (SELECT 1 FROM "ConsentState" s WHERE s."participantId" = e."participantId")
        ORDER BY e."participantId", e."participantSeq" DESC`,
      [version.id, version.contentHash, version.content.permittedPurposes],
    );
    // Contacted three years ago by an earlier campaign: 1 in 10 (the frequency allowance has a history to read).
    await client.query(
      `INSERT INTO "RecontactDelivery" (id, "campaignId", "participantId", channel, "claimedAt")
       SELECT gen_random_uuid(), $1::uuid, p.id, 'email', now() - interval '3 years'
         FROM "Participant" p WHERE substring(p.pseudonym FROM '[0-9]+$')::int % 10 = 4`,
      [options.earlierCampaignId],
    );
    await client.query("COMMIT");
    await client.query(`VACUUM ANALYZE "ConsentEvent", "ConsentState", "RecontactDelivery", "Participant", "ParticipantIdentity", "Sample", "Session", "User"`);
    return { granted: granted.rowCount ?? 0, withdrawn: withdrawn.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

/**
 * Several national campaigns later (ADR 079): one delivery per campaign to most participants, each campaign's claimed
 * at one instant as a claim writes them — 22, 13 and 2 months ago (before and inside the rolling year) to 8, 7 and 6
 * participants in 10, by their number — so that most participants have an earlier delivery and their histories
 * differ. Written in bulk as the claim's insert is, through the triggers that keep the histories.
 */
export async function seedLaterCampaigns(databaseUrl: string, campaignIds: readonly [string, string, string]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let written = 0;
    for (const [index, [monthsAgo, share]] of ([[22, 8], [13, 7], [2, 6]] as const).entries()) {
      const result = await client.query(
        `INSERT INTO "RecontactDelivery" (id, "campaignId", "participantId", channel, "claimedAt")
         SELECT gen_random_uuid(), $1::uuid, p.id, 'email', now() - make_interval(months => $2::int)
           FROM "Participant" p WHERE (substring(p.pseudonym FROM '[0-9]+$')::int / ($4::int + 1)) % 10 < $3::int`,
        [campaignIds[index], monthsAgo, share, index],
      );
      written += result.rowCount ?? 0;
    }
    await client.query(`VACUUM ANALYZE "RecontactDelivery", "ConsentState", "CohortCount"`);
    return written;
  } finally {
    await client.end();
  }
}

/** The UTC months from the one holding `from` to the one holding `to`, each with its bounds. */
function utcMonths(from: Date, to: Date): { start: Date; end: Date; name: string }[] {
  const months: { start: Date; end: Date; name: string }[] = [];
  for (let start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); start <= to; ) {
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    months.push({ start, end, name: `decision_log_y${start.getUTCFullYear()}m${String(start.getUTCMonth() + 1).padStart(2, "0")}` });
    start = end;
  }
  return months;
}

/**
 * `count` decisions evenly over the `months` × 30 days before now, about subjects of the first `subjects` participants'
 * samples; per 12, 11 allowed and 1 denied for one of three reasons; four actions. Returns the months written.
 */
export async function seedDecisionLog(databaseUrl: string, options: { count: number; months: number; subjects: number; log?: (text: string) => void }): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const now = new Date();
    const from = new Date(now.getTime() - options.months * 30 * DAY_MS);
    const spanMs = now.getTime() - from.getTime();
    let written = 0;
    const months = utcMonths(from, now);
    for (const [index, month] of months.entries()) {
      const lo = Math.max(month.start.getTime(), from.getTime());
      const hi = Math.min(month.end.getTime(), now.getTime());
      const rows = index === months.length - 1 ? options.count - written : Math.round((options.count * (hi - lo)) / spanMs);
      const started = performance.now();
      // A month already made (this one, by a migration or a bridge) is written through the log itself.
      const exists = (await client.query<{ found: string | null }>(`SELECT to_regclass($1)::text AS found`, [`bridge.${month.name}`])).rows[0]!.found !== null;
      if (!exists) await client.query(`CREATE TABLE bridge.${month.name} (LIKE bridge.decision_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await client.query(
        `INSERT INTO bridge.${exists ? "decision_log" : month.name} (id, request_id, client_id, subject, action, purpose, recipient, allowed, reason, pseudonym, consent_version, evaluated_at)
         SELECT $1::bigint + k, gen_random_uuid(), 'bench', 'S-B' || lpad(((k * 7919) % $4::int)::text, 6, '0') || '-T',
                (ARRAY['sequence', 'analyze', 'store', 'release'])[1 + k % 4], 'DUO:0000006', 'academia',
                k % 12 <> 5, CASE WHEN k % 12 <> 5 THEN 'consented' ELSE (ARRAY['withdrawn_no_further_use', 'reconsent_pending', 'recipient_not_covered'])[1 + (k / 12) % 3] END,
                'TGP-B' || lpad(((k * 7919) % $4::int)::text, 6, '0'), 1,
                to_timestamp(($2::float8 + k * $3::float8) / 1000)
           FROM generate_series(0, $5::bigint - 1) AS k`,
        [written, lo, (hi - lo) / Math.max(rows, 1), options.subjects, rows],
      );
      if (!exists) {
        await client.query(`ALTER TABLE bridge.decision_log ATTACH PARTITION bridge.${month.name} FOR VALUES FROM ('${month.start.toISOString()}') TO ('${month.end.toISOString()}')`);
        await client.query(`REVOKE ALL ON bridge.${month.name} FROM PUBLIC`);
      }
      written += rows;
      options.log?.(`     ${month.name}: ${rows.toLocaleString("en-US")} decisions in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    await client.query(`SELECT setval('bridge.decision_log_id_seq', $1::bigint)`, [written + 1]);
    // The coming months, as the bridge makes them at its start.
    await client.query(`SELECT bridge.ensure_decision_log_partitions()`);
    return months.length;
  } finally {
    await client.end();
  }
}

/** What autovacuum would have done to rows written over months: visibility map and hint bits set, statistics taken. */
export async function vacuumDecisionLog(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`VACUUM (ANALYZE) bridge.decision_log`);
  } finally {
    await client.end();
  }
}

