/**
 * What a pending release costs "who used my data" (ADR 082): the page's release query (readReleases in
 * load-data-use.server.ts, through bridge_export.release_sample) for one participant's two sample codes, against a
 * database holding earlier releases' written rows and one release of N samples committed but not yet written; then
 * the same once the bridge's step has written it, and how long that step took.
 *
 *   DATABASE_URL=postgresql://… npx tsx bench/bridge/pending-release-read.ts [--samples N] [--earlier N]
 */
import pg from "pg";
import { withBenchDatabase } from "../bench-database";

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("DATABASE_URL is not set");
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const samples = Number(argument("--samples") ?? 900_000);
const earlier = Number(argument("--earlier") ?? 3);
const name = `${process.env.BENCH_RELEASE_DATABASE_PREFIX ?? "tsunagi_bench_release_"}pending`;

const code = (i: string) => `'S-BENCH-' || lpad((${i})::text, 7, '0')`;
async function insertRelease(client: pg.Client, at: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `WITH m AS (SELECT gen_random_uuid() AS id, jsonb_build_object('included', (SELECT jsonb_agg(${code("i")}) FROM generate_series(0, $1 - 1) AS i)) AS manifest)
     INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at)
     SELECT id, 'bench-2026', 'industry', 'DUO:0000006', 'bench', convert_to(manifest::text, 'UTF8'), 'e30..c2ln', $2::timestamptz FROM m
     RETURNING id::text`,
    [samples, at],
  );
  return rows[0]!.id;
}

await withBenchDatabase(adminUrl, name, async ({ databaseUrl }) => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`INSERT INTO bridge.dataset (id, title, clock_starts_at) VALUES ('bench-2026', 'Bench', now())`);
    for (let i = 0; i < earlier; i++) {
      const id = await insertRelease(client, `2026-0${i + 1}-01`);
      await client.query("SELECT bridge.record_release_samples($1)", [id]);
    }
    await client.query("VACUUM ANALYZE bridge.release_sample");
    const pending = await insertRelease(client, "2026-11-01");
    const participant = [`S-BENCH-0123456`, `S-BENCH-0999999`];
    const read = async () => {
      const times: number[] = [];
      let found = 0;
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        const { rows } = await client.query(
          `SELECT r.id FROM bridge_export.release r WHERE r.id IN (SELECT s.release_id FROM bridge_export.release_sample s WHERE s.sample_code = ANY($1::text[])) ORDER BY r.created_at DESC, r.id`,
          [participant],
        );
        times.push(performance.now() - started);
        found = rows.length;
      }
      return `${found} releases found, median ${[...times].sort((a, b) => a - b)[2]!.toFixed(1)} ms of 5`;
    };
    console.log(`${samples.toLocaleString("en-US")}-sample release pending, ${earlier} earlier releases written: ${await read()}`);
    const started = performance.now();
    await client.query("SELECT bridge.record_release_samples($1)", [pending]);
    console.log(`bridge.record_release_samples of the pending release: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    console.log(`the same once written: ${await read()}`);
  } finally {
    await client.end();
  }
});
