/**
 * The public transparency dashboard at national scale (issue 16; ADR 045): 100,000 participants enrolled over two
 * years with their ledger events and consent, 200,000 samples, 10 million decisions in the bridge's log and 48
 * releases, written in bulk. Measured in one run: the snapshot refresh (every figure computed and protected in one
 * REPEATABLE READ transaction), then `/transparency` under 50 concurrent readers beside `/sign-in` (the least a
 * Remix page costs here) and `/healthz`, in alternating rounds, as one app process and as the cluster `npm start` runs.
 */
import { availableParallelism, cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { createFacility } from "../../tests/factories/facility-factory";
import { ensurePostgres } from "../../scripts/lib/postgres";
import { BENCH_POSTGRES_PORT, withBenchDatabase } from "../bench-database";
import { startChild, type BenchChild } from "../bridge/child-process";
import { line, ms, perSecond } from "../bridge/figures";
import { buildApp, freePort, load, summary, type Round } from "../web/run-web-benchmarks";
import { sized, sizedFromEnv } from "../smoke";

const DATABASE = "tsunagi_bench_transparency";
const PARTICIPANTS = sized(100_000, 1_000);
const DECISIONS = sizedFromEnv("BENCH_TRANSPARENCY_DECISIONS", 10_000_000, 10_000);
const RELEASES = sized(48, 4);
const MONTHS = 24;
// Smoke mode: a few readers, not fifty: a round of 0.3 s ends with its requests in flight, which the server still answers.
const CONNECTIONS = sized(50, 4);
const REFRESHES = sized(3, 1);
const WARM_UP_SECONDS = sized(2, 0.1);
const ROUND_SECONDS = sized(5, 0.3);
const ROUNDS = sized(3, 1);
const GOAL_P95_MS = 50;

const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

/** Participants, events, states and samples over MONTHS months, as set-based SQL (minutes by the app's own verbs). */
async function seedCohort(client: pg.Client, facilityId: string): Promise<void> {
  await client.query("BEGIN");
  await client.query(
    `INSERT INTO "Participant" (id, pseudonym, "facilityId", "programmeArea", "createdAt")
     SELECT gen_random_uuid(), 'TGP-T' || lpad(i::text, 6, '0'), $2::uuid, (CASE WHEN i % 4 = 0 THEN 'rare_disease' ELSE 'cancer' END)::"ProgrammeArea",
            now() - make_interval(days => (i % ($3::int * 30)))
       FROM generate_series(0, $1::int - 1) AS i`,
    [PARTICIPANTS, facilityId, MONTHS],
  );
  // One grant per participant, and a withdrawal for 1 in 20 a few weeks later: dummy hashes (the figures never read them).
  await client.query(
    `INSERT INTO "ConsentEvent" (id, "globalSeq", "participantId", "participantSeq", type, "occurredAt", "actorRole", method, choices, "prevHash", hash, "globalPrevHash", "chainHash", "verificationCode")
     SELECT gen_random_uuid(), row_number() OVER (ORDER BY p."createdAt", p.id), p.id, 1, 'granted', p."createdAt", 'participant', 'online',
            '{"core.wgs":"yes","share.academia":"yes","share.industry":"no","findings.secondary.hereditary_cancer":"want"}'::jsonb,
            repeat('0', 64), md5(p.id::text || 'g') || md5(p.id::text || 'h'), repeat('0', 64), md5(p.id::text || 'c') || md5(p.id::text || 'd'), upper(substr(md5(p.id::text || 'v'), 1, 12))
       FROM "Participant" p WHERE p.pseudonym LIKE 'TGP-T%'`,
  );
  await client.query(
    `INSERT INTO "ConsentEvent" (id, "globalSeq", "participantId", "participantSeq", type, "occurredAt", "actorRole", method, choices, "withdrawalLevel", "prevHash", hash, "globalPrevHash", "chainHash", "verificationCode")
     SELECT gen_random_uuid(), $1::bigint + row_number() OVER (ORDER BY p.id), p.id, 2, 'withdrawn', p."createdAt" + interval '20 days', 'participant', 'online', '{}'::jsonb,
            (ARRAY['no_contact','no_further_use','destroy'])[1 + abs(hashtext(p.id::text)) % 3]::"WithdrawalLevel",
            repeat('0', 64), md5(p.id::text || 'wg') || md5(p.id::text || 'wh'), repeat('0', 64), md5(p.id::text || 'wc') || md5(p.id::text || 'wd'), upper(substr(md5(p.id::text || 'wv'), 1, 12))
       FROM "Participant" p WHERE p.pseudonym LIKE 'TGP-T%' AND abs(hashtext(p.pseudonym)) % 20 = 7 AND p."createdAt" < now() - interval '21 days'`,
    [PARTICIPANTS],
  );
  await client.query(
    `INSERT INTO "ConsentState" ("participantId", status, choices, "permittedPurposes", "withdrawalLevel", "consentedBy", "lastEventId", version, "updatedAt")
     SELECT DISTINCT ON (e."participantId") e."participantId",
            (CASE WHEN e.type = 'withdrawn' THEN 'withdrawn' ELSE 'active' END)::"ConsentStatus",
            '{"core.wgs":"yes","share.academia":"yes","share.industry":"no","findings.secondary.hereditary_cancer":"want"}'::jsonb,
            ARRAY['DUO:0000006'], e."withdrawalLevel", 'self', e.id, e."participantSeq", e."occurredAt"
       FROM "ConsentEvent" e ORDER BY e."participantId", e."participantSeq" DESC`,
  );
  await client.query(
    `INSERT INTO "Sample" (id, "sampleCode", "participantId", kind, "createdAt")
     SELECT gen_random_uuid(), p.pseudonym || '-' || k, p.id, (CASE WHEN k = 1 THEN 'tumour' ELSE 'blood' END)::"SampleKind", p."createdAt"
       FROM "Participant" p CROSS JOIN generate_series(1, 2) AS k WHERE p.pseudonym LIKE 'TGP-T%'`,
  );
  await client.query("COMMIT");
}

/** DECISIONS rows in the bridge's decision log over MONTHS months; 1 in 12 denied, by one of three reasons. */
async function seedDecisions(client: pg.Client): Promise<void> {
  const batch = 1_000_000;
  for (let start = 0; start < DECISIONS; start += batch) {
    await client.query(
      `INSERT INTO bridge.decision_log (request_id, client_id, subject, action, purpose, recipient, allowed, reason, pseudonym, consent_version, evaluated_at)
       SELECT gen_random_uuid(), 'bench', 'TGP-T' || lpad((i % $3::int)::text, 6, '0') || '-' || (1 + i % 2),
              (ARRAY['sequence','analyze','store','release'])[1 + i % 4], 'DUO:0000006', 'academia',
              i % 12 <> 5, CASE WHEN i % 12 <> 5 THEN 'consent_covers_action' ELSE (ARRAY['withdrawn','reconsent_required','recipient_not_permitted'])[1 + (i / 12) % 3] END,
              'TGP-T' || lpad((i % $3::int)::text, 6, '0'), 1, now() - make_interval(secs => (i % ($4::int * 30 * 86400)))
         FROM generate_series($1::bigint, $2::bigint - 1) AS i`,
      [start, Math.min(DECISIONS, start + batch), PARTICIPANTS, MONTHS],
    );
  }
}

/** RELEASES signed-looking releases of 5,000 samples each (the trigger records their samples and the manifest's hash). */
async function seedReleases(client: pg.Client): Promise<void> {
  await client.query(`INSERT INTO bridge.dataset (id, title, clock_starts_at) VALUES ('wgs-bench', 'Bench WGS', now() - interval '3 years') ON CONFLICT DO NOTHING`);
  for (let index = 0; index < RELEASES; index++) {
    const included = Array.from({ length: 5_000 }, (_, sample) => `TGP-T${String((index * 2_000 + sample) % PARTICIPANTS).padStart(6, "0")}-1`);
    const manifest = JSON.stringify({ releaseId: crypto.randomUUID(), recipient: "academia", includedCount: included.length, requestedCount: included.length + 40, excludedCounts: { withdrawn: 40 }, included });
    // As the bridge stores one (ADR 094): the manifest's bytes, the signature detached.
    const jws = `${base64url('{"alg":"ES256"}')}..c2lnbmF0dXJl`;
    await client.query(
      `INSERT INTO bridge.release (id, dataset_id, recipient, purpose, client_id, payload, jws, created_at)
       VALUES ($1, 'wgs-bench', 'academia', 'DUO:0000006', 'bench', convert_to($2, 'UTF8'), $3, now() - make_interval(days => $4::int))`,
      [JSON.parse(manifest).releaseId, manifest, jws, Math.floor((index * MONTHS * 30) / RELEASES)],
    );
  }
}

async function dashboardRounds(child: BenchChild<{ url: string; processes: number }>, print: (text: string) => void): Promise<void> {
  const { url, processes } = child.ready;
  const page = await fetch(`${url}/transparency`);
  const html = await page.text();
  const figures = html.match(/data-figure="/g)?.length ?? 0;
  if (page.status !== 200 || figures === 0) throw new Error(`/transparency answered ${page.status} with ${figures} figures`);
  const pages = ["/transparency", "/sign-in", "/healthz"];
  for (const pathname of pages) await load(url, pathname, null, WARM_UP_SECONDS, CONNECTIONS);
  const rounds = new Map<string, Round[]>(pages.map((pathname) => [pathname, []]));
  for (let round = 0; round < ROUNDS; round++) for (const pathname of pages) rounds.get(pathname)!.push(await load(url, pathname, null, ROUND_SECONDS, CONNECTIONS));
  print(`   ${processes === 1 ? "one app process" : `cluster of ${processes} app processes (npm start, WEB_CONCURRENCY)`}; ${CONNECTIONS} concurrent readers`);
  const signIn = summary(rounds.get("/sign-in")!);
  for (const pathname of pages) {
    const result = summary(rounds.get(pathname)!);
    print(
      line(
        `     ${pathname}`,
        `${perSecond(result.perSecond)}  p50 ${ms(result.p50, 1)}  p95 ${ms(result.p95, 1)}  p99 ${ms(result.p99, 1)}  failed ${result.failures}`,
        pathname === "/transparency" ? { text: `p95 < ${GOAL_P95_MS} ms`, met: result.p95 < GOAL_P95_MS } : undefined,
      ),
    );
  }
  const dashboard = summary(rounds.get("/transparency")!);
  print(line("     ratio /transparency / /sign-in (req/s)", (dashboard.perSecond / signIn.perSecond).toFixed(2)));
}

export async function runTransparencyBenchmarks(adminUrl: string, print: (text: string) => void = (text) => console.log(text)): Promise<void> {
  print("Transparency: snapshot refresh and the public dashboard");
  print("--------------------------------------------------------");
  await buildApp();
  await withBenchDatabase(adminUrl, DATABASE, async ({ databaseUrl, dataDir }) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const children: BenchChild<unknown>[] = [];
    try {
      const facility = await createFacility();
      const seedStarted = performance.now();
      await seedCohort(client, facility.id);
      await seedDecisions(client);
      await seedReleases(client);
      await client.query(`ANALYZE`);
      print(
        `   (${PARTICIPANTS.toLocaleString("en-US")} participants over ${MONTHS} months with ledger events and consent, ${(PARTICIPANTS * 2).toLocaleString("en-US")} samples, ${DECISIONS.toLocaleString("en-US")} decisions, ${RELEASES} releases of 5,000 samples: seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s)`,
      );
      const times: number[] = [];
      for (let run = 0; run < REFRESHES; run++) {
        const started = performance.now();
        await refreshTransparencySnapshot({ reason: "schedule" });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      print(line("   snapshot refresh (every figure, one transaction)", `median ${ms(times[Math.floor(times.length / 2)]!, 0)} of ${REFRESHES} (min ${ms(times[0]!, 0)}, max ${ms(times[times.length - 1]!, 0)})`, { text: "< 1 h (the schedule)", met: times[times.length - 1]! < 3_600_000 }));
      // Smoke mode: a cluster of two, the least that is one.
      const clustered = sizedFromEnv("BENCH_WEB_CLUSTER", availableParallelism(), 2);
      for (const processes of [...new Set([1, clustered])]) {
        const port = await freePort();
        const child = await startChild<{ url: string; processes: number }>("../web/app-process.ts", {
          BENCH_WEB_DATABASE_URL: databaseUrl,
          BENCH_WEB_DATA_DIR: dataDir,
          BENCH_WEB_PORT: String(port),
          BENCH_WEB_PROCESSES: String(processes),
        });
        children.push(child);
        await dashboardRounds(child, print);
        await child.stop();
      }
      print("");
    } finally {
      await Promise.all(children.map((child) => child.stop()));
      await client.end();
    }
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const postgres = await ensurePostgres({ dataDir: path.resolve(".data/bench"), port: BENCH_POSTGRES_PORT });
  console.log(`Tsunagi transparency benchmarks — ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Node ${process.version}\n`);
  try {
    await runTransparencyBenchmarks(postgres.adminUrl);
  } finally {
    await postgres.stop();
  }
}
