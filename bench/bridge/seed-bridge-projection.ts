import pg from "pg";
import { consentVariants, type SubjectKind } from "./synthetic-projection";

/**
 * Writes `count` synthetic subjects (synthetic-projection.ts) straight into bridge.subject and bridge.sample, the
 * tables the bridge fills its in-memory projection from when it starts (SubjectStore.load). Ingesting 100,000
 * change messages through POST /internal/v1/consent-changes would take longer than the benchmarks themselves; the
 * rows are what ingest would have written, minus the change feed (bridge.consent_change), which decisions and
 * releases never read.
 */
export async function seedBridgeProjection(databaseUrl: string, count: number): Promise<void> {
  const variants = consentVariants();
  const json = (kind: SubjectKind) => JSON.stringify(variants[kind]);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Same slots per hundred as kindOf(): 0–3 withdrawn, 4–6 industry declined, 7–8 paused, 9 sample destroyed.
    await client.query(
      `INSERT INTO bridge.subject (pseudonym, version, event_id, global_seq, consent, occurred_at)
       SELECT 'TGP-P' || lpad(i::text, 6, '0'), CASE WHEN i % 100 < 10 THEN 2 ELSE 1 END, gen_random_uuid(), i + 1,
              CASE WHEN i % 100 < 4 THEN $2::jsonb WHEN i % 100 < 7 THEN $3::jsonb WHEN i % 100 < 9 THEN $4::jsonb ELSE $5::jsonb END,
              '2026-11-01T00:00:00Z'
         FROM generate_series(0, $1::int - 1) AS i`,
      [count, json("withdrawn"), json("industry_declined"), json("reconsent_paused"), json("consented")],
    );
    await client.query(
      `INSERT INTO bridge.sample (sample_code, pseudonym, destroyed)
       SELECT 'S-' || i || '-T', 'TGP-P' || lpad(i::text, 6, '0'), i % 100 = 9 FROM generate_series(0, $1::int - 1) AS i`,
      [count],
    );
    await client.query("COMMIT");
    await client.query("ANALYZE bridge.subject, bridge.sample");
  } finally {
    await client.end();
  }
}
