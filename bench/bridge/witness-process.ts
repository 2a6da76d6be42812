/**
 * Child process: the ledger checkpointer as `npm start` runs it (services/ledger-checkpointer/src/ledger-checkpointer.ts)
 * — the witness's look at every consent change's NOTIFY (ADR 113) and a checkpoint a settling second after — with its
 * keys, checkpoint log and witness log in BENCH_WITNESS_DIR. The propagation benchmark reads the witness log afterwards: commit → recorded.
 *
 * BENCH_WITNESS_MODE=checkpoints: the checkpointer without the look at each change (each checkpoint still looks first),
 * as it ran before ADR 113 but for that look, to tell the cost of the looks from the checkpoints'.
 */
import path from "node:path";
import { disconnectDatabase } from "../../app/db.server";
import { loadCheckpointKeys, takeLedgerCheckpoint } from "../../app/domain/consent/index.server";
import { startLedgerCheckpointer as startBare } from "@tsunagi/ledger-checkpointer/start-ledger-checkpointer";
import { startLedgerCheckpointer } from "@tsunagi/ledger-checkpointer/ledger-checkpointer";
import { stopOnRequest } from "./child-process";

const dir = process.env.BENCH_WITNESS_DIR!;
const keys = (await loadCheckpointKeys({ dataDir: dir, generate: true }))!;
const logFile = path.join(dir, "ledger-checkpoints.jsonl");
const log = (level: string, message: string, fields?: Record<string, unknown>) => {
  if (level !== "info") console.error(`[checkpointer] ${level} ${message} ${JSON.stringify(fields ?? {})}`);
};
const checkpointer =
  process.env.BENCH_WITNESS_MODE === "checkpoints"
    ? await startBare({
        keys: () => keys,
        takeCheckpoint: () => takeLedgerCheckpoint({ keys: { signing: keys.signing!, publicJwks: keys.publicJwks }, logFile }),
        databaseUrl: process.env.DATABASE_URL!,
        intervalMs: 15_000,
        log,
      })
    : await startLedgerCheckpointer({ keys, logFile, intervalMs: 15_000, log });
const startedCpu = process.cpuUsage();
stopOnRequest(async () => {
  await checkpointer.stop();
  await disconnectDatabase();
  // The process's CPU from ready to stop (the witness's looks and the checkpoints), for a figure per event.
  const used = process.cpuUsage(startedCpu);
  await new Promise<void>((resolve) => process.send!({ type: "cpu", ms: (used.user + used.system) / 1000, looks: checkpointer.status().witness.looks }, () => resolve()));
});
process.send!({ type: "ready", listening: checkpointer.status().listening });
