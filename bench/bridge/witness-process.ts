/**
 * Child process: the ledger checkpointer as `npm start` runs it (server/ledger-checkpointer.ts) — the witness's look at
 * every consent change's NOTIFY (ADR 113) and a checkpoint a settling second after — with its keys, checkpoint log and
 * witness log in BENCH_WITNESS_DIR. The propagation benchmark reads the witness log afterwards: commit → recorded.
 */
import path from "node:path";
import { disconnectDatabase } from "../../app/db.server";
import { loadCheckpointKeys } from "../../app/domain/consent/index.server";
import { startLedgerCheckpointer } from "../../server/ledger-checkpointer";
import { stopOnRequest } from "./child-process";

const dir = process.env.BENCH_WITNESS_DIR!;
const keys = (await loadCheckpointKeys({ dataDir: dir, generate: true }))!;
const checkpointer = await startLedgerCheckpointer({
  keys,
  logFile: path.join(dir, "ledger-checkpoints.jsonl"),
  intervalMs: process.env.BENCH_WITNESS_ONLY === "1" ? 40_000 : 15_000,
  // BENCH_WITNESS_ONLY=1: the witness's looks without the checkpoints after them, to tell their costs apart.
  ...(process.env.BENCH_WITNESS_ONLY === "1" ? { settleMs: 600_000 } : {}),
  log: (level, message, fields) => {
    if (level !== "info") console.error(`[checkpointer] ${level} ${message} ${JSON.stringify(fields ?? {})}`);
  },
});
const startedCpu = process.cpuUsage();
stopOnRequest(async () => {
  await checkpointer.stop();
  await disconnectDatabase();
  // The process's CPU from ready to stop (the witness's looks and the checkpoints), for a figure per event.
  const used = process.cpuUsage(startedCpu);
  await new Promise<void>((resolve) => process.send!({ type: "cpu", ms: (used.user + used.system) / 1000, looks: checkpointer.status().witness.looks }, () => resolve()));
});
process.send!({ type: "ready", listening: checkpointer.status().listening });
