/**
 * Benchmark 4: POST /v1/releases with 100,000 samples over HTTP against the bridge child holding the 100,000-subject
 * projection: the request sent, the bridge filtering every sample by consent now and the dataset's clocks, signing
 * the manifest, storing it, and the whole answer read back. Wall time per release; median of the measured runs.
 */
import { line, ms, spreadOf } from "./figures";
import { sampleCode } from "./synthetic-projection";

const WARM_UP_RUNS = 1;
const MEASURED_RUNS = 5;
const GOAL_MS = 1_000;
const DATASET = "bench-wgs-2026";

interface Manifest {
  requestedCount: number;
  includedCount: number;
  excludedCounts: Record<string, number>;
  jws?: string;
}

export async function benchmarkReleaseOverHttp(options: { bridgeUrl: string; gateToken: string; samples: number; print: (text: string) => void }): Promise<void> {
  const { bridgeUrl, gateToken, samples, print } = options;
  const headers = { Authorization: `Bearer ${gateToken}`, "Content-Type": "application/json" };
  // Clocks long past: an industry release is allowed and carries the moratorium's end as its terms.
  const dataset = await fetch(`${bridgeUrl}/v1/datasets/${DATASET}`, {
    method: "PUT",
    headers,
    body: JSON.stringify({ title: "Benchmark cohort", clockStartsAt: "2020-01-01T00:00:00Z", publicationMoratoriumMonths: 24, publicDatabaseAfterMonths: 30 }),
  });
  if (dataset.status !== 200) throw new Error(`PUT /v1/datasets answered ${dataset.status}: ${(await dataset.text()).slice(0, 300)}`);

  const body = JSON.stringify({ dataset: DATASET, samples: Array.from({ length: samples }, (_, index) => sampleCode(index)), recipient: "industry", purpose: "DUO:0000006" });
  const times: number[] = [];
  let manifest: Manifest | undefined;
  let answerBytes = 0;
  for (let run = 0; run < WARM_UP_RUNS + MEASURED_RUNS; run++) {
    const started = performance.now();
    const response = await fetch(`${bridgeUrl}/v1/releases`, { method: "POST", headers, body });
    const text = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 201) throw new Error(`POST /v1/releases answered ${response.status}: ${text.slice(0, 300)}`);
    if (run >= WARM_UP_RUNS) times.push(elapsed);
    manifest = JSON.parse(text) as Manifest;
    answerBytes = text.length;
  }
  const spread = spreadOf(times);
  const excluded = Object.entries(manifest!.excludedCounts)
    .map(([reason, count]) => `${reason} ${count.toLocaleString("en-US")}`)
    .join(", ");
  print(`4. Release: POST /v1/releases, ${samples.toLocaleString("en-US")} samples to industry, filtered by consent and clocks, signed (ES256), stored; bridge child with ${samples.toLocaleString("en-US")} subjects`);
  print(line(`   median of ${MEASURED_RUNS} (after ${WARM_UP_RUNS} warm-up)`, `${ms(spread.p50, 0)}  (fastest ${ms(Math.min(...times), 0)}, slowest ${ms(spread.max, 0)})`, { text: `< ${GOAL_MS} ms`, met: spread.p50 < GOAL_MS }));
  print(`   (${manifest!.includedCount.toLocaleString("en-US")} included; excluded: ${excluded}; request ${(body.length / 1e6).toFixed(1)} MB, signed manifest ${(answerBytes / 1e6).toFixed(1)} MB)\n`);
}
