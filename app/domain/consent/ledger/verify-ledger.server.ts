import { getDatabase, type Database } from "../../../db.server";
import { projectionFromRow, recordFromRow } from "./ledger-rows";
import { applyConsentEvent, type ConsentProjection } from "../projection/consent-projection";
import { canonicalJson } from "./event-hash";
import { ChainVerifier, type ChainVerdict } from "./verify-chains";

export type LedgerVerdict =
  | ChainVerdict
  | { ok: false; events: number; participantId: string; problem: "projection_mismatch"; eventId?: undefined; globalSeq?: undefined };

const PAGE = 2000;

function sameProjection(a: ConsentProjection, b: ConsentProjection): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Walks the whole ledger in global order, page by page, checking both chains and every verification code,
 * then checks that each stored consent state is exactly what replaying its events gives.
 */
export async function verifyLedger(db: Database = getDatabase()): Promise<LedgerVerdict> {
  const verifier = new ChainVerifier();
  const replayed = new Map<string, ConsentProjection | null>();
  let after = 0n;
  for (;;) {
    const rows = await db.consentEvent.findMany({ where: { globalSeq: { gt: after } }, orderBy: { globalSeq: "asc" }, take: PAGE });
    for (const row of rows) {
      const record = recordFromRow(row);
      if (!verifier.add(record)) return verifier.verdict();
      replayed.set(record.participantId, applyConsentEvent(replayed.get(record.participantId) ?? null, record));
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.globalSeq;
  }
  const verdict = verifier.verdict();
  const states = await db.consentState.findMany();
  for (const row of states) {
    const expected = replayed.get(row.participantId);
    if (!expected || !sameProjection(expected, projectionFromRow(row))) {
      return { ok: false, events: verdict.events, participantId: row.participantId, problem: "projection_mismatch" };
    }
  }
  // A set, not a search per participant: the programme's ledger holds tens of thousands of participants.
  const stored = new Set(states.map((row) => row.participantId));
  for (const [participantId, expected] of replayed) {
    if (expected && !stored.has(participantId)) return { ok: false, events: verdict.events, participantId, problem: "projection_mismatch" };
  }
  return verdict;
}
