/**
 * The signed ledger checkpoints' test set-up (ADR 012), shared by ledger-checkpoints.test.ts and
 * ledger-checkpoint-attacks.test.ts: a data folder of checkpoint keys and log per database, and a ledger of thirteen
 * events in three checkpointed windows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { readCheckpointLog } from "../../app/domain/consent/ledger/checkpoints/checkpoint-log.server";
import type { LedgerCheckpoint } from "../../app/domain/consent/ledger/checkpoints/ledger-checkpoint";
import { loadCheckpointKeys, type CheckpointKeys } from "../../app/domain/consent/ledger/checkpoints/load-checkpoint-keys.server";
import { takeLedgerCheckpoint, type CheckpointOutcome } from "../../app/domain/consent/ledger/checkpoints/take-ledger-checkpoint.server";
import { verifyCheckpointedLedger } from "../../app/domain/consent/ledger/checkpoints/verify-checkpointed-ledger.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { createUser, requestFrom } from "../factories/user-factory";
import { readLedger } from "./ledger-attacks";
import { commitConsentChange } from "./outbox-fixtures";

/** A data folder of its own for each database: the checkpoint keys and the log outside the database. */
export function useCheckpointFolder() {
  let dir = "";
  let keys: CheckpointKeys;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "tsunagi-checkpoints-"));
    keys = (await loadCheckpointKeys({ dataDir: dir, generate: true }))!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const logFile = () => path.join(dir, "ledger-checkpoints.jsonl");
  return {
    get dir() {
      return dir;
    },
    get logFile() {
      return logFile();
    },
    get keys() {
      return keys;
    },
    /** What the checkpointer in `npm start` does each time it looks. */
    take: (options: { auditSettleMs?: number } = {}): Promise<CheckpointOutcome> =>
      takeLedgerCheckpoint({ keys: { signing: keys.signing!, publicJwks: keys.publicJwks }, logFile: logFile(), ...options }),
    /**
     * What the checkpoint log alone proves, in process: `npm run ledger:verify` without the witness log (ADR 113), which
     * names most of these attacks first, at the event (the scripts' runs below show that).
     */
    verify: () => verifyCheckpointedLedger({ logFile: logFile(), publicJwks: keys.publicJwks, witnessFile: null }),
    /** Everything `npm run ledger:verify` checks, in process: the checkpoints and the witness. */
    verifyAll: () => verifyCheckpointedLedger({ logFile: logFile(), publicJwks: keys.publicJwks }),
    lines: async () => (await readCheckpointLog(logFile())) ?? [],
  };
}

export async function taken(outcome: Promise<CheckpointOutcome>): Promise<LedgerCheckpoint> {
  const result = await outcome;
  if (result.outcome !== "taken") throw new Error(`expected a checkpoint, got ${JSON.stringify(result)}`);
  return result.checkpoint.checkpoint;
}

/** A withdrawal as the clinic records it from a phone call: the real verb, with its audit row. */
export async function withdraw(participantId: string, level: "no_contact" | "no_further_use" | "destroy" = "no_further_use"): Promise<LedgerEventRecord> {
  const coordinator = await createUser({ role: "coordinator" });
  return withdrawConsent({
    participantId,
    level,
    actor: { userId: coordinator.id, role: "coordinator" },
    method: "phone",
    language: "ja",
    note: "電話で撤回の申し出",
    request: requestFrom(),
  });
}

/**
 * Thirteen events over five participants in three checkpointed windows:
 *   #1–#5 grants, #6–#7 changes (checkpoint 1 at #7); #8 change, #9 withdrawal of p[3], #10–#11 changes
 *   (checkpoint 2 at #11); #12 change of p[1], #13 withdrawal of p[4] (checkpoint 3 at #13).
 */
export async function buildCheckpointedLedger(folder: ReturnType<typeof useCheckpointFolder>) {
  const p: string[] = [];
  for (let index = 0; index < 5; index++) p.push((await commitConsentChange()).participantId);
  await commitConsentChange(p[0]);
  await commitConsentChange(p[1]);
  const first = await taken(folder.take());
  await commitConsentChange(p[2]);
  await withdraw(p[3]!);
  await commitConsentChange(p[4]);
  await commitConsentChange(p[0]);
  const second = await taken(folder.take());
  await commitConsentChange(p[1]);
  await withdraw(p[4]!);
  const third = await taken(folder.take());
  expect([first, second, third].map((checkpoint) => checkpoint.ledger.globalSeq)).toEqual(["7", "11", "13"]);
  const ledger = await readLedger();
  expect(ledger.map((event) => event.participantId)).toEqual([p[0], p[1], p[2], p[3], p[4], p[0], p[1], p[2], p[3], p[4], p[0], p[1], p[4]]);
  return { p, ledger, checkpoints: [first, second, third] };
}

// ---------------------------------------------------------------------------------------------------------------
