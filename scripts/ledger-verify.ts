/**
 * `npm run ledger:verify` — checks every participant chain, the global chain, every verification code and that
 * each stored consent state equals the replay of its events. Exit 0 when all hold; otherwise exit 1 naming the
 * first broken event. Uses DATABASE_URL, or the embedded server under TSUNAGI_DATA_DIR.
 */
import { pathToFileURL } from "node:url";
import type { LedgerVerdict } from "../app/domain/consent/ledger/verify-ledger.server";

export function describeVerdict(verdict: LedgerVerdict): string {
  if (verdict.ok) return `Ledger intact: ${verdict.events} events verified; global chain head ${verdict.head}`;
  if (verdict.problem === "projection_mismatch") {
    return `Ledger broken: the stored consent state of participant ${verdict.participantId} differs from the replay of its events`;
  }
  return `Ledger broken at event ${verdict.eventId} (global #${verdict.globalSeq}, participant ${verdict.participantId}): ${verdict.problem.replace(/_/g, " ")}`;
}

async function main(): Promise<number> {
  const { ensurePostgres } = await import("./lib/postgres");
  const postgres = await ensurePostgres();
  process.env.DATABASE_URL = postgres.url;
  const { verifyLedger } = await import("../app/domain/consent/ledger/verify-ledger.server");
  const { disconnectDatabase } = await import("../app/db.server");
  try {
    const verdict = await verifyLedger();
    (verdict.ok ? console.log : console.error)(describeVerdict(verdict));
    return verdict.ok ? 0 : 1;
  } finally {
    await disconnectDatabase();
    await postgres.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Ledger verification could not run: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
