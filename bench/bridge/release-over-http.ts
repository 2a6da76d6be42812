/**
 * Benchmark 4: POST /v1/releases with 100,000 samples over HTTP against the bridge child holding the 100,000-subject
 * projection: the request sent, the bridge filtering every sample by consent now and the dataset's clocks, signing
 * the manifest, storing it, and the whole answer read back. Wall time per release; median of the measured runs. Each
 * run releases in both forms of the answer (ADR 160), side by side: their times and their bytes.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { ApprovalChangeMessageSchema } from "@tsunagi/consent-rules/approval-change-message";
import { line, ms, spreadOf } from "./figures";
import { sampleCode } from "./synthetic-projection";
import { sized } from "../smoke";

const WARM_UP_RUNS = sized(1, 0);
const MEASURED_RUNS = sized(5, 1);
const GOAL_MS = 1_000;
const DATASET = "bench-wgs-2026";

export interface Manifest {
  releaseId: string;
  requestedCount: number;
  includedCount: number;
  excludedCounts: Record<string, number>;
  jws?: string;
}

/**
 * Puts the benchmark's dataset on the bridge (clocks long past) and delivers an active industry approval for it, as the
 * relay would: what a release to industry needs. Returns the request body of a release of `samples` samples.
 */
export async function prepareRelease(options: { bridgeUrl: string; gateToken: string; ingestToken: string; samples: number }): Promise<string> {
  const { bridgeUrl, gateToken, ingestToken, samples } = options;
  const headers = { Authorization: `Bearer ${gateToken}`, "Content-Type": "application/json" };
  // Clocks long past: an industry release is allowed and carries the moratorium's end as its terms.
  const dataset = await fetch(`${bridgeUrl}/v1/datasets/${DATASET}`, {
    method: "PUT",
    headers,
    body: JSON.stringify({ title: "Benchmark cohort", clockStartsAt: "2020-01-01T00:00:00Z", publicationMoratoriumMonths: 24, publicDatabaseAfterMonths: 30 }),
  });
  if (dataset.status !== 200) throw new Error(`PUT /v1/datasets answered ${dataset.status}: ${(await dataset.text()).slice(0, 300)}`);

  // An industry release names the data-access approval it is made under (ADR 041), delivered as the relay delivers it.
  const approvalId = await deliverBenchApproval({ bridgeUrl, ingestToken, seq: "1", reference: "DA-BENCH-0001", institution: "Benchmark Pharma K.K.", recipientType: "industry", datasets: [DATASET] });
  return JSON.stringify({ dataset: DATASET, samples: Array.from({ length: samples }, (_, index) => sampleCode(index)), recipient: "industry", purpose: "DUO:0000006", approval: approvalId });
}

/** An active approval (a year from an hour ago, HMB) delivered to the bridge as the relay delivers it; its id. */
export async function deliverBenchApproval(options: { bridgeUrl: string; ingestToken: string; seq: string; reference: string; institution: string; recipientType: "industry" | "academia"; datasets: string[] }): Promise<string> {
  const approvalId = randomUUID();
  const approval = ApprovalChangeMessageSchema.parse({
    schemaVersion: "1.0",
    kind: "approval_changed",
    eventId: randomUUID(),
    seq: options.seq,
    approvalId,
    version: 1,
    change: "granted",
    occurredAt: new Date().toISOString(),
    approval: {
      status: "active",
      applicationReference: options.reference,
      recipientInstitution: options.institution,
      recipientType: options.recipientType,
      recipientCountry: "JP",
      datasets: options.datasets,
      dataKinds: ["genome"],
      purposeCodes: ["HMB"],
      purposeDiseases: [],
      commercial: options.recipientType === "industry",
      startsAt: new Date(Date.now() - 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 365 * 24 * 3600_000).toISOString(),
    },
  });
  const delivered = await fetch(`${options.bridgeUrl}/internal/v1/approval-changes`, {
    method: "POST",
    headers: { Authorization: `Bearer ${options.ingestToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ changes: [approval] }),
  });
  if (delivered.status !== 200) throw new Error(`POST /internal/v1/approval-changes answered ${delivered.status}: ${(await delivered.text()).slice(0, 300)}`);
  return approvalId;
}

/**
 * The two forms a release is answered in (ADR 160): `attached`, today's default, the manifest with a `jws` member
 * holding the compact JWS (the manifest again, in base64url); `detached`, asked for by its media type, the manifest's
 * bytes as the body and an RFC 7797 signature in `Tsunagi-Jws`.
 */
export type ReleaseForm = "attached" | "detached";
const acceptOf: Record<ReleaseForm, string> = { attached: "application/json", detached: "application/vnd.tsunagi.release.v2+json" };

/**
 * One POST /v1/releases in the form asked, answered whole: its wall time, the manifest, and the answer's body in
 * bytes (`answerChars`: the same count, the answer is ASCII) and with its signature header (`answerBytes`).
 */
export async function releaseOnce(bridgeUrl: string, gateToken: string, body: string, form: ReleaseForm = "attached"): Promise<{ ms: number; manifest: Manifest; answerChars: number; answerBytes: number }> {
  const started = performance.now();
  const response = await fetch(`${bridgeUrl}/v1/releases`, { method: "POST", headers: { Authorization: `Bearer ${gateToken}`, "Content-Type": "application/json", Accept: acceptOf[form] }, body });
  const bytes = Buffer.from(await response.arrayBuffer());
  const elapsed = performance.now() - started;
  const text = bytes.toString("utf8");
  if (response.status !== 201) throw new Error(`POST /v1/releases answered ${response.status}: ${text.slice(0, 300)}`);
  const signature = response.headers.get("tsunagi-jws");
  // An older checkout answers the attached form whatever is asked: counted as what it is.
  if (form === "detached" && signature === null) throw new Error("POST /v1/releases asked for the detached form answered without Tsunagi-Jws (a checkout from before ADR 160?)");
  return { ms: elapsed, manifest: JSON.parse(text) as Manifest, answerChars: text.length, answerBytes: bytes.length + (signature === null ? 0 : `Tsunagi-Jws: ${signature}\r\n`.length) };
}

/**
 * Waits until the release's per-sample rows are written, when the bridge writes them after the commit (ADR 082):
 * true then; false at once when the schema has no such step (an older checkout, which writes them inside the release).
 */
export async function waitUntilRecorded(databaseUrl: string, releaseId: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string | null }>("SELECT to_regclass('bridge.release_samples_recorded')::text AS table");
    if (!rows[0]?.table) return false;
    for (;;) {
      const { rowCount } = await client.query("SELECT 1 FROM bridge.release_samples_recorded WHERE release_id = $1", [releaseId]);
      if (rowCount) return true;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

/** The longest a release waits for the database to come to rest before it is sent anyway. */
const REST_TIMEOUT_MS = 120_000;

/**
 * Brings the database to rest before a release is measured: no autovacuum worker left in it (a release's 900,000
 * recorded rows, a bulk seed or the roll-ups set one off on the tables they filled), then a CHECKPOINT, so the
 * release's commit does not queue behind the flush of what came before it. Back to back, each release would otherwise
 * be measured in the wake of the last one's bookkeeping, and the national bench's first one in the wake of the
 * seeds and part 4, which no release in production follows. Returns the time it took (not part of the release's).
 */
export async function bringDatabaseToRest(databaseUrl: string): Promise<number> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    while (performance.now() - started < REST_TIMEOUT_MS) {
      const { rows } = await client.query<{ workers: number }>("SELECT count(*)::int AS workers FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()");
      if (rows[0]!.workers === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await client.query("CHECKPOINT");
  } finally {
    await client.end();
  }
  return performance.now() - started;
}

export function excludedText(manifest: Manifest): string {
  return Object.entries(manifest.excludedCounts)
    .map(([reason, count]) => `${reason} ${count.toLocaleString("en-US")}`)
    .join(", ");
}

/**
 * `databaseUrl` given: after each release, waits until its per-sample rows are written after the commit (ADR 082), so
 * that no run is measured while the previous one's rows are being written, and prints how long after the answer; and
 * before each release, brings the database to rest (bringDatabaseToRest).
 */
export async function benchmarkReleaseOverHttp(options: { bridgeUrl: string; gateToken: string; ingestToken: string; samples: number; print: (text: string) => void; goalMs?: number; databaseUrl?: string }): Promise<number> {
  const { bridgeUrl, gateToken, ingestToken, samples, print, goalMs = GOAL_MS, databaseUrl } = options;
  const body = await prepareRelease({ bridgeUrl, gateToken, ingestToken, samples });
  // Both forms side by side (ADR 160): each run releases in each, the order swapped every other run, so a busy moment
  // of a shared machine falls on both.
  const forms: ReleaseForm[] = ["attached", "detached"];
  const times: Record<ReleaseForm, number[]> = { attached: [], detached: [] };
  const bytes: Record<ReleaseForm, number> = { attached: 0, detached: 0 };
  const recorded: number[] = [];
  const rests: number[] = [];
  let manifest: Manifest | undefined;
  for (let run = 0; run < WARM_UP_RUNS + MEASURED_RUNS; run++) {
    for (const form of run % 2 === 0 ? forms : [...forms].reverse()) {
      if (databaseUrl) rests.push(await bringDatabaseToRest(databaseUrl));
      const release = await releaseOnce(bridgeUrl, gateToken, body, form);
      const answered = performance.now();
      if (run >= WARM_UP_RUNS) times[form].push(release.ms);
      manifest = release.manifest;
      bytes[form] = release.answerBytes;
      if (databaseUrl && (await waitUntilRecorded(databaseUrl, release.manifest.releaseId)) && run >= WARM_UP_RUNS) recorded.push(performance.now() - answered);
    }
  }
  const spread = { attached: spreadOf(times.attached), detached: spreadOf(times.detached) };
  print(`4. Release: POST /v1/releases, ${samples.toLocaleString("en-US")} samples to industry, filtered by consent and clocks, signed (ES256), stored; bridge child with ${samples.toLocaleString("en-US")} subjects`);
  for (const form of forms) {
    const label = form === "attached" ? "attached form (v1, jws member)" : "detached form (v2, RFC 7797)";
    print(line(`   ${label}, median of ${MEASURED_RUNS}`, `${ms(spread[form].p50, 0)}  (fastest ${ms(Math.min(...times[form]), 0)}, slowest ${ms(spread[form].max, 0)})`, { text: `< ${goalMs} ms`, met: spread[form].p50 < goalMs }));
  }
  print(line(`   ratio of medians, detached / attached`, (spread.detached.p50 / spread.attached.p50).toFixed(2)));
  print(line(`   answer's bytes, attached / detached`, `${(bytes.attached / 1e6).toFixed(1)} MB / ${(bytes.detached / 1e6).toFixed(1)} MB (body and signature header)`));
  const ratio = bytes.detached / bytes.attached;
  print(line(`   ratio of bytes, detached / attached`, ratio.toFixed(3), { text: "≤ 0.5 (issue 60)", met: ratio <= 0.5 }));
  if (recorded.length > 0) print(`   (its per-sample rows written after the commit, ADR 082: median ${ms(spreadOf(recorded).p50, 0)} after the answer; the next release waited for them)`);
  if (rests.length > 0) print(`   (before each release the database was brought to rest, no autovacuum worker and a CHECKPOINT: ${rests.map((rest) => ms(rest, 0)).join(", ")})`);
  print(`   (${manifest!.includedCount.toLocaleString("en-US")} included; excluded: ${excludedText(manifest!)}; request ${(body.length / 1e6).toFixed(1)} MB)\n`);
  return spread.attached.p50;
}
