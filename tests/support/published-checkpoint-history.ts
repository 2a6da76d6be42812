/**
 * The published checkpoints' test set-up (ADR 046, 114), shared by published-checkpoints.test.ts,
 * published-checkpoint-scripts.test.ts and published-checkpoint-witness.test.ts: what a witness holds, the export, and
 * a history of ten events under two published checkpoints.
 */
import { expect } from "vitest";
import { getDatabase } from "../../app/db.server";
import { recordAuditEvent } from "../../app/domain/kernel/record-audit-event.server";
import { withdrawConsent } from "../../app/domain/consent/records/withdraw-consent.server";
import { exportHistory } from "../../app/domain/transparency/checkpoints/export-history.server";
import { historyFromLines } from "../../app/domain/transparency/checkpoints/history-export";
import { publishCheckpoint, publishScheduledCheckpoint } from "../../app/domain/transparency/checkpoints/publish-checkpoint.server";
import { openPublishedCheckpoint, type CheckpointOpening, type OpenedCheckpoint, type SignedPublishedCheckpoint } from "../../app/domain/transparency/checkpoints/published-checkpoint";
import { parsePublicJwks } from "../../app/domain/transparency/checkpoints/sign-published-checkpoint";
import { verifyPublishedCheckpoints } from "../../app/domain/transparency/checkpoints/verify-published-checkpoints";
import { loader as listLoader } from "../../app/routes/public/transparency.checkpoints[.]json";
import { loader as jwksLoader } from "../../app/routes/public/transparency.jwks[.]json";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { createUser, requestFrom } from "../factories/user-factory";
import { readLedger } from "./ledger-attacks";
import { commitConsentChange } from "./outbox-fixtures";
/** What a witness holds: the list and the keys as the public routes served them. */
export interface WitnessCopy {
  entries: SignedPublishedCheckpoint[];
  listText: string;
  jwksText: string;
}

export async function fetchAsWitness(): Promise<WitnessCopy> {
  const list = await listLoader({ request: new Request("http://localhost/transparency/checkpoints.json"), params: {}, context: { cspNonce: "", clientAddress: "127.0.0.1" } });
  expect(list.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(list.headers.get("Cache-Control")).toBe("public, max-age=60");
  const listText = await list.text();
  const parsed = JSON.parse(listText) as { checkpoints: SignedPublishedCheckpoint[]; jwks: string };
  expect(parsed.jwks).toBe("/transparency/jwks.json");
  const jwks = await jwksLoader();
  expect(jwks.headers.get("Content-Type")).toBe("application/jwk-set+json; charset=utf-8");
  return { entries: parsed.checkpoints, listText, jwksText: await jwks.text() };
}

export async function* linesOf(lines: string[]) {
  for (const line of lines) yield line;
}

/** The database exported now, as `npm run history:export` writes it. */
export async function exportedLines(): Promise<string[]> {
  const lines: string[] = [];
  await exportHistory((line) => void lines.push(line));
  return lines;
}

/** The database exported now and verified against the witness's copy. */
export async function verifyAgainst(copy: WitnessCopy) {
  return verifyPublishedCheckpoints({ entries: copy.entries, jwks: await parsePublicJwks(JSON.parse(copy.jwksText)), history: historyFromLines(linesOf(await exportedLines())) });
}

/** The heads each checkpoint of the copy vouches for, as an auditor sees them: opened with the export's openings. */
export async function openedWithExport(copy: WitnessCopy): Promise<OpenedCheckpoint[]> {
  const openings: CheckpointOpening[] = [];
  for await (const opening of historyFromLines(linesOf(await exportedLines())).openings ?? []) openings.push(opening);
  return copy.entries.map((entry) => {
    const opened = openPublishedCheckpoint(entry.checkpoint, openings.find((opening) => opening.seq === entry.checkpoint.seq));
    if (!opened) throw new Error(`checkpoint #${entry.checkpoint.seq} does not open with the export's opening`);
    return opened;
  });
}

export async function withdraw(participantId: string): Promise<LedgerEventRecord> {
  const coordinator = await createUser({ role: "coordinator" });
  return withdrawConsent({ participantId, level: "no_further_use", actor: { userId: coordinator.id, role: "coordinator" }, method: "phone", language: "ja", note: "電話で撤回の申し出", request: requestFrom() });
}


/**
 * Ten events over five participants and two published checkpoints, with audit rows in both intervals:
 *   #1–#5 grants, #6 change of p[0] (checkpoint 1 at #6); #7 change of p[2], #8 withdrawal of p[3], #9 change of p[4]
 *   (checkpoint 2 at #9); #10 change of p[1], not yet published.
 */
export async function buildPublishedHistory() {
  const p: string[] = [];
  for (let index = 0; index < 5; index++) p.push((await commitConsentChange()).participantId);
  await commitConsentChange(p[0]);
  for (const ipAddress of ["192.0.2.10", "192.0.2.11"]) await recordAuditEvent(getDatabase(), { type: "account.disabled", outcome: "success", detail: {} }, { ipAddress });
  await publishScheduledCheckpoint();
  await commitConsentChange(p[2]);
  await withdraw(p[3]!);
  await commitConsentChange(p[4]);
  await recordAuditEvent(getDatabase(), { type: "account.disabled", outcome: "success", detail: {} }, { ipAddress: "192.0.2.12" });
  await publishCheckpoint({ reason: "schedule" });
  await commitConsentChange(p[1]);
  const ledger = await readLedger();
  const heads = await openedWithExport(await fetchAsWitness());
  expect(heads.map((opened) => opened.ledger.globalSeq)).toEqual(["6", "9"]);
  expect(ledger).toHaveLength(10);
  const audit = await getDatabase().auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true } });
  const through = heads.map((opened) => BigInt(opened.audit.throughId));
  const inFirst = audit.filter((row) => row.id <= through[0]!).map((row) => row.id);
  const inSecond = audit.filter((row) => row.id > through[0]! && row.id <= through[1]!).map((row) => row.id);
  expect(inFirst.length).toBeGreaterThanOrEqual(2);
  expect(inSecond.length).toBeGreaterThanOrEqual(2);
  return { p, ledger, heads, inFirst, inSecond };
}
