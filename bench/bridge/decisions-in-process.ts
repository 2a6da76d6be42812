/**
 * Benchmark 2: decisions per second in-process, 10,000-request batches against 100,000 subjects held in the
 * bridge's own SubjectStore. Three candidates, measured in alternating slices:
 *   - evaluate: resolve + evaluateDecision per item (the rule, with the bridge's fail-closed checks), items parsed;
 *   - per item as the route runs it: parseDecisionInput (the zod item schema) + resolve + evaluateDecision;
 *   - the whole batch path of POST /v1/decisions minus the socket: JSON.parse of the body, the batch schema, every
 *     item as above, the decision-log rows appended to a DecisionLog, JSON serialisation and one ES256 signature
 *     (sendSignedJson, into a response that only counts bytes).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BridgePool } from "../../services/pipeline-bridge/src/db/bridge-pool";
import { DecisionLog } from "../../services/pipeline-bridge/src/decisions/decision-log";
import { decisionLogEntry } from "../../services/pipeline-bridge/src/decisions/decision-log-entry";
import { DecisionBatchSchema, type BridgeDecision } from "../../services/pipeline-bridge/src/decisions/decision-request";
import { evaluateDecision, parseDecisionInput, type DecisionInput } from "../../services/pipeline-bridge/src/decisions/evaluate-decision";
import { BridgeHealth } from "../../services/pipeline-bridge/src/health/bridge-health";
import { sendSignedJson } from "../../services/pipeline-bridge/src/http/send-json";
import { SubjectStore } from "../../services/pipeline-bridge/src/projection/subject-store";
import { createJwsSigner } from "../../services/pipeline-bridge/src/signing/jws-signer";
import { loadSigningKeys } from "../../services/pipeline-bridge/src/signing/signing-keys";
import { line, perSecond } from "./figures";
import { consentVariants, sampleCode, subjectRecord } from "./synthetic-projection";
import { sized } from "../smoke";

const SUBJECTS = sized(100_000, 1_000);
/** Smoke mode's batch still signs an answer over SMALL_SIGNED_ANSWER_CHARS, so the large answer's path (corked pieces) runs. */
const BATCH = sized(10_000, 200);
const SLICES = sized(12, 1);
const BATCHES_PER_SLICE = sized(4, 1);
const GOAL_PER_SECOND = 1_000_000;

const allGates = new Set(["gate:sequence", "gate:analyze", "gate:store", "gate:share", "gate:release", "gate:distribute_specimen", "gate:return_primary", "gate:return_secondary", "gate:recontact"]);

/** A pipeline's mixed batch: mostly analysis, some sequencing and sharing, 1 % codes the bridge has never seen. */
function batchItems(): Record<string, string>[] {
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: BATCH }, (): Record<string, string> => {
    const subject = random() < 0.01 ? `S-UNKNOWN${Math.floor(random() * 1e6)}` : sampleCode(Math.floor(random() * SUBJECTS));
    const pick = random();
    if (pick < 0.6) return { subject, action: "analyze", purpose: "DUO:0000006" };
    if (pick < 0.8) return { subject, action: "sequence" };
    return { subject, action: "share", purpose: "DUO:0000006", recipient: "academia" };
  });
}


export async function benchmarkDecisionsInProcess(print: (text: string) => void): Promise<void> {
  const store = new SubjectStore();
  const variants = consentVariants();
  for (let index = 0; index < SUBJECTS; index++) store.apply(subjectRecord(index, variants));
  const keysDir = mkdtempSync(path.join(tmpdir(), "tsunagi-bench-keys-"));
  const signer = createJwsSigner(await loadSigningKeys({ dataDir: keysDir }));
  rmSync(keysDir, { recursive: true, force: true });
  const health = new BridgeHealth(600_000, Date.now);
  health.recordHeartbeat({ relayId: "bench", highWaterMark: "0", sentAt: new Date().toISOString() }, Date.now());
  const unusedPool = {} as BridgePool; // the log is never flushed here: appending is what the route pays for
  let answeredBytes = 0;
  // Stands in for the socket: counts what would be sent. sendSignedJson writes a small answer with end(text), a large
  // one (every batch here) as pieces corked into one writev (send-json.ts's sendSignedBytes), so it has each of those.
  const count = (chunk?: string | Buffer) => {
    if (chunk !== undefined) answeredBytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
  };
  const response = {
    writeHead: () => response,
    cork: () => undefined,
    uncork: () => undefined,
    write: (chunk: string | Buffer) => {
      count(chunk);
      return true;
    },
    end: (chunk?: string | Buffer) => {
      count(chunk);
      return response;
    },
  } as unknown as ServerResponse;

  const items = batchItems();
  const body = JSON.stringify({ requests: items });
  const parsedInputs: DecisionInput[] = items.map(parseDecisionInput);
  let allowed = 0; // a sink, so no candidate's work can be optimised away

  const evaluateOnly = () => {
    const evaluatedAt = new Date().toISOString();
    const state = health.current();
    for (const input of parsedInputs) {
      const subject = input.valid ? store.resolve(input.request.subject) : undefined;
      if (evaluateDecision(subject, input, state, allGates, evaluatedAt).allowed) allowed++;
    }
  };
  const parseAndEvaluate = () => {
    const evaluatedAt = new Date().toISOString();
    const state = health.current();
    for (const item of items) {
      const input = parseDecisionInput(item);
      const subject = input.valid ? store.resolve(input.request.subject) : undefined;
      if (evaluateDecision(subject, input, state, allGates, evaluatedAt).allowed) allowed++;
    }
  };
  const wholeBatch = async () => {
    const batch = DecisionBatchSchema.safeParse(JSON.parse(body));
    if (!batch.success) throw new Error("the benchmark batch does not match the schema");
    const inputs = batch.data.requests.map(parseDecisionInput);
    const evaluatedAt = new Date().toISOString();
    const decisionLog = new DecisionLog(unusedPool, health, { flushMs: 100, maxBuffered: 200_000 });
    const state = decisionLog.hasRoomFor(inputs.length) ? health.current() : ({ ready: false, reason: "database_unavailable" } as const);
    const decisions: BridgeDecision[] = new Array(inputs.length);
    for (let index = 0; index < inputs.length; index++) {
      const input = inputs[index]!;
      const subject = input.valid ? store.resolve(input.request.subject) : undefined;
      decisions[index] = evaluateDecision(subject, input, state, allGates, evaluatedAt);
    }
    const requestId = randomUUID();
    decisionLog.append(decisions.map((decision) => decisionLogEntry(decision, requestId, "bench-client")));
    // awaited: signing may run on libuv's thread pool (sendSignedJson returns a promise then)
    await sendSignedJson(response, 200, { requestId, evaluatedAt, decisions }, signer);
  };

  const candidates: (() => unknown)[] = [evaluateOnly, parseAndEvaluate, wholeBatch];
  const elapsed = candidates.map(() => 0);
  for (const run of candidates) for (let batch = 0; batch < BATCHES_PER_SLICE; batch++) await run(); // warm-up
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [which, run] of candidates.entries()) {
      const started = performance.now();
      for (let batch = 0; batch < BATCHES_PER_SLICE; batch++) await run();
      elapsed[which]! += performance.now() - started;
    }
  }
  const decisionsEach = SLICES * BATCHES_PER_SLICE * BATCH;
  const [evaluateRate, parseRate, wholeRate] = elapsed.map((total) => (decisionsEach / total) * 1000) as [number, number, number];
  const batchMs = (rate: number) => `(${((BATCH / rate) * 1000).toFixed(1)} ms a batch)`;
  const goal = (rate: number) => ({ text: `≥ ${perSecond(GOAL_PER_SECOND)}`, met: rate >= GOAL_PER_SECOND });

  const state = health.current();
  const allowedShare = parsedInputs.filter((input) => evaluateDecision(input.valid ? store.resolve(input.request.subject) : undefined, input, state, allGates, "").allowed).length / BATCH;
  const wholeBatchRuns = (SLICES + 1) * BATCHES_PER_SLICE;

  print(`2. Batch decisions in-process: ${BATCH.toLocaleString("en-US")}-request batches, ${SUBJECTS.toLocaleString("en-US")} subjects in a SubjectStore, ${SLICES} alternating slices`);
  print(line("   evaluateDecision (resolve + rule)", `${perSecond(evaluateRate)} ${batchMs(evaluateRate)}`, goal(evaluateRate)));
  print(line("   + zod item schema (as the route, per item)", `${perSecond(parseRate)} ${batchMs(parseRate)}`, goal(parseRate)));
  print(line("   whole batch: parse, log rows, JSON, 1 ES256", `${perSecond(wholeRate)} ${batchMs(wholeRate)}`, goal(wholeRate)));
  print(line("   ratio whole batch / evaluateDecision", (wholeRate / evaluateRate).toFixed(2)));
  print(
    `   (${(allowedShare * 100).toFixed(0)} % of each batch allowed${allowed > 0 ? "" : " — none allowed?!"}; request body ${(body.length / 1e6).toFixed(2)} MB, signed answer ${(answeredBytes / wholeBatchRuns / 1e6).toFixed(2)} MB)\n`,
  );
}
