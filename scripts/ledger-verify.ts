/**
 * `npm run ledger:verify` — checks every participant chain, the global chain, every verification code and that
 * each stored consent state equals the replay of its events (ADR 008); and that this history extends every signed
 * checkpoint in the checkpoint log, that the audit rows the checkpoints covered are unchanged, and that the
 * database's copy of the checkpoints is the log (ADR 012). Exit 0 when all hold; 1 naming the first failure;
 * 2 when it cannot run. Uses DATABASE_URL, or the embedded server under TSUNAGI_DATA_DIR.
 *
 *   npm run ledger:verify                                     the log and keys of this installation
 *   npm run ledger:verify -- --log copy.jsonl --public-keys keys.json   an auditor's copy of the log, public keys only
 *   npm run ledger:verify -- --print-public-keys              the public keys to hand to an auditor
 */
import { parseArgs } from "node:util";
import type { CheckpointedLedgerVerdict } from "../app/domain/consent/index.server";
import type { CheckpointLogProblem } from "../app/domain/consent/index.server";
import type { LedgerVerdict } from "../app/domain/consent/index.server";
import { isCommandEntry } from "./lib/command-entry";

type Verdict = CheckpointedLedgerVerdict | LedgerVerdict;

const logProblems: Record<CheckpointLogProblem, string> = {
  malformed_line: "not a checkpoint",
  not_a_detached_jws: "not a checkpoint signature",
  unknown_key: "signed with a key that is not a checkpoint key",
  bad_signature: "the signature does not verify (forged or edited)",
  sequence_gap: "checkpoint number out of sequence (a line removed, repeated or moved)",
  broken_link: "does not link to the checkpoint before it",
  went_backwards: "goes backwards from the checkpoint before it",
  inconsistent_contents: "its contents contradict themselves",
};

const copyDetails = {
  missing_from_database: "it is missing from the database",
  missing_from_log: "the database holds it but the log does not",
  differs: "the two differ",
} as const;

function affected(participantIds: string[]): string {
  return participantIds.length > 0 ? `; participants affected: ${participantIds.join(", ")}` : "";
}

export function describeVerdict(verdict: Verdict): string {
  if (verdict.ok) {
    const intact = `Ledger intact: ${verdict.events} events verified; global chain head ${verdict.head}`;
    if (!("checkpoints" in verdict)) return intact;
    const witnessed = verdict.witnessedThrough === null ? "; no witness log to hold it against" : `; holds every event the witness recorded, through global #${verdict.witnessedThrough}`;
    if (!verdict.latestCheckpoint) return `${intact}${witnessed}; no checkpoint yet, so only the ledger's own chains were checked`;
    const latest = verdict.latestCheckpoint;
    return `${intact}${witnessed}; extends all ${verdict.checkpoints} signed checkpoints, the latest #${latest.seq} taken ${latest.takenAt} at global #${latest.globalSeq}; ${verdict.auditRows} audit rows as checkpointed`;
  }
  switch (verdict.problem) {
    case "ledger_lacks_witnessed_event":
      return verdict.found === "missing"
        ? `Ledger rolled back: consent event global #${verdict.globalSeq} (participant ${verdict.participantId}, their event #${verdict.participantSeq}), which the witness recorded committed at ${verdict.seenAt}, is missing from the ledger`
        : `Ledger rewritten: consent event global #${verdict.globalSeq} (participant ${verdict.participantId}, their event #${verdict.participantSeq}), which the witness recorded committed at ${verdict.seenAt}, is not the event the ledger now holds there`;
    case "projection_mismatch":
      return `Ledger broken: the stored consent state of participant ${verdict.participantId} differs from the replay of its events`;
    case "ledger_behind_checkpoint":
    case "ledger_differs_from_checkpoint": {
      const found =
        verdict.problem === "ledger_behind_checkpoint"
          ? `Ledger rolled back: checkpoint #${verdict.checkpointSeq} (taken ${verdict.checkpointTakenAt}) signed the ledger up to global #${verdict.checkpointGlobalSeq}, but it ends at global #${verdict.ledgerEnd}`
          : `Ledger rewritten: it no longer passes through checkpoint #${verdict.checkpointSeq} (taken ${verdict.checkpointTakenAt}, global #${verdict.checkpointGlobalSeq})`;
      const owner = verdict.participantId ? ` (participant ${verdict.participantId})` : "";
      return `${found}; first difference at or before global #${verdict.globalSeq}${owner}; intact through global #${verdict.intactThrough}${affected(verdict.participantIds)}`;
    }
    case "audit_differs_from_checkpoint":
      return (
        `Audit log altered: the audit rows after #${verdict.afterId} up to #${verdict.throughId} are not those checkpoint #${verdict.checkpointSeq} ` +
        `(taken ${verdict.checkpointTakenAt}) signed: ${verdict.rowsNow} rows now, ${verdict.rowsSigned} signed`
      );
    case "checkpoint_log_invalid":
      return `Checkpoint log ${verdict.file} broken at line ${verdict.line}${verdict.seq === null ? "" : ` (checkpoint #${verdict.seq})`}: ${logProblems[verdict.reason]}`;
    case "checkpoint_log_missing":
      return `Checkpoint log ${verdict.file} is missing, but the database holds ${verdict.stored} checkpoints`;
    case "checkpoint_copy_differs":
      return `The database's copy of checkpoint #${verdict.seq} does not match ${verdict.file}: ${copyDetails[verdict.detail]}`;
    default:
      return `Ledger broken at event ${verdict.eventId} (global #${verdict.globalSeq}, participant ${verdict.participantId}): ${verdict.problem.replace(/_/g, " ")}`;
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { log: { type: "string" }, "public-keys": { type: "string" }, "print-public-keys": { type: "boolean" } }, strict: true });
  const { dataDir, getEnv } = await import("../app/env.server");
  const { loadCheckpointKeys, readPublicCheckpointKeys } = await import("../app/domain/consent/index.server");
  const { checkpointLogPath } = await import("../app/domain/consent/index.server");
  const env = getEnv();
  // Never generated here: a key made up by the verifier would prove nothing.
  const keys = values["public-keys"]
    ? await readPublicCheckpointKeys(values["public-keys"])
    : await loadCheckpointKeys({ keysFile: env.LEDGER_CHECKPOINT_KEYS_FILE, dataDir: dataDir(env), generate: false });
  if (values["print-public-keys"]) {
    if (!keys) throw new Error("There are no ledger checkpoint keys yet (npm start creates them).");
    console.log(JSON.stringify(keys.publicJwks, null, 2));
    return 0;
  }
  const logFile = checkpointLogPath({ logFile: values.log ?? env.LEDGER_CHECKPOINT_LOG, dataDir: dataDir(env) });

  const { ensurePostgres } = await import("./lib/postgres");
  const postgres = await ensurePostgres();
  process.env.DATABASE_URL = postgres.url;
  const { verifyCheckpointedLedger } = await import("../app/domain/consent/index.server");
  const { disconnectDatabase } = await import("../app/db.server");
  try {
    const verdict = await verifyCheckpointedLedger({ logFile, publicJwks: keys?.publicJwks ?? null });
    (verdict.ok ? console.log : console.error)(describeVerdict(verdict));
    return verdict.ok ? 0 : 1;
  } finally {
    await disconnectDatabase();
    await postgres.stop();
  }
}

if (isCommandEntry(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Ledger verification could not run: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
