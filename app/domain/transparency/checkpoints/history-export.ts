import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { z } from "zod";
import { CheckpointOpeningSchema, type CheckpointOpening } from "./published-checkpoint";
import type { History, HistoryAuditRow } from "./verify-published-checkpoints";

/**
 * The database export an operator hands an auditor (ADRs 046, 114), as JSON lines: a header, the opening of every
 * published checkpoint that commits to its heads, in number order (what the public list hides), every consent event in
 * global order (every stored field, so the auditor recomputes each hash rather than trust a stored one), every audit
 * row in id order (ADR 012's digest columns), and a last line with the counts, so a file cut short is told from a
 * short history.
 *
 *   {"format":"tsunagi-history","version":2,"exportedAt":"…"}
 *   {"checkpointOpening":{…}}   × version 2 checkpoints (none in a version 1 export)
 *   {"consentEvent":{…}}        × events
 *   {"auditRow":{…}}            × audit rows
 *   {"end":{"consentEvents":n,"auditRows":m}}
 *
 * It holds personal data (pseudonymous ids, printed names in signatures, addresses in the audit log) and the heads the
 * public list hides: it is given to an auditor under the programme's agreements, never published. The public list
 * holds none of it.
 */
export const HISTORY_EXPORT_FORMAT = "tsunagi-history";

const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/);
const HeaderSchema = z.strictObject({ format: z.literal(HISTORY_EXPORT_FORMAT), version: z.union([z.literal(1), z.literal(2)]), exportedAt: z.iso.datetime() });
// Loose where a tampered row may hold anything: a wrong value must reach the hash check and be named there.
const ConsentEventSchema = z.strictObject({
  id: z.string(),
  globalSeq: decimal,
  participantId: z.string(),
  participantSeq: z.number().int(),
  type: z.string(),
  occurredAt: z.iso.datetime(),
  actorUserId: z.string().nullable(),
  actorRole: z.string(),
  method: z.string(),
  formVersionId: z.string().nullable(),
  formVersionHash: z.string().nullable(),
  choices: z.json(),
  signature: z.json(),
  withdrawalLevel: z.string().nullable(),
  detail: z.json(),
  prevHash: z.string(),
  hash: z.string(),
  globalPrevHash: z.string(),
  chainHash: z.string(),
  verificationCode: z.string(),
});
const AuditRowSchema = z.strictObject({
  id: decimal,
  occurredAt: z.iso.datetime(),
  type: z.string(),
  outcome: z.string(),
  actorUserId: z.string().nullable(),
  subjectUserId: z.string().nullable(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  detail: z.json(),
});
const EndSchema = z.strictObject({ consentEvents: z.number().int().nonnegative(), auditRows: z.number().int().nonnegative() });

export function historyHeaderLine(exportedAt: Date): string {
  return JSON.stringify({ format: HISTORY_EXPORT_FORMAT, version: 2, exportedAt: exportedAt.toISOString() });
}

export function historyOpeningLine(opening: CheckpointOpening): string {
  return JSON.stringify({ checkpointOpening: opening });
}

export function historyEventLine(event: LedgerEventRecord): string {
  return JSON.stringify({ consentEvent: event });
}

export function historyAuditLine(row: HistoryAuditRow): string {
  return JSON.stringify({ auditRow: row });
}

export function historyEndLine(counts: { consentEvents: number; auditRows: number }): string {
  return JSON.stringify({ end: counts });
}

/** The export is not one: it cannot be verified (the verifier's exit 2), which is not the same as a history that fails. */
export class HistoryExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryExportError";
  }
}

/**
 * Reads an export (version 1 or 2) line by line, without holding it in memory: the openings first, then the events,
 * then the audit rows (the verifier reads them in that order; events asked for first skip the openings). Throws
 * HistoryExportError for anything that is not a well-formed, complete export.
 */
export function historyFromLines(lines: AsyncIterable<string>): History {
  const iterator = lines[Symbol.asyncIterator]();
  let lineNumber = 0;
  let openingsDone = false;
  let eventsDone = false;
  let pending: Record<string, unknown> | null = null;
  let events = 0;

  const fail = (message: string) => new HistoryExportError(`Export line ${lineNumber}: ${message}`);
  const nextLine = async (): Promise<Record<string, unknown> | null> => {
    const next = await iterator.next();
    if (next.done) return null;
    lineNumber++;
    let json: unknown;
    try {
      json = JSON.parse(next.value);
    } catch {
      throw fail("not JSON");
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) throw fail("not a JSON object");
    return json as Record<string, unknown>;
  };
  const parse = <T>(schema: z.ZodType<T>, value: unknown, what: string): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw fail(`not ${what} (${parsed.error.issues[0]?.path.join(".") || "shape"})`);
    return parsed.data;
  };
  const ended = () => fail("the export ends before its last line (cut short?)");

  async function* readOpenings(): AsyncGenerator<CheckpointOpening> {
    if (openingsDone) return;
    openingsDone = true;
    const header = await nextLine();
    if (!header) throw new HistoryExportError("The export is empty");
    const { version } = parse(HeaderSchema, header, "a tsunagi-history export header (format, version 1 or 2, exportedAt)");
    let lastSeq = 0;
    for (;;) {
      const line = await nextLine();
      if (!line) throw ended();
      if (!("checkpointOpening" in line)) {
        pending = line;
        return;
      }
      if (version === 1) throw fail("a checkpoint opening in a version 1 export");
      const opening = parse(CheckpointOpeningSchema, line.checkpointOpening, "a checkpoint opening");
      if (opening.seq <= lastSeq) throw fail(`the opening of checkpoint #${opening.seq} is out of order`);
      lastSeq = opening.seq;
      yield opening;
    }
  }

  async function* readEvents(): AsyncGenerator<LedgerEventRecord> {
    if (!openingsDone) for await (const opening of readOpenings()) void opening;
    let line = pending;
    for (;;) {
      if (!line) throw ended();
      if (!("consentEvent" in line)) {
        pending = line;
        eventsDone = true;
        return;
      }
      events++;
      yield parse(ConsentEventSchema, line.consentEvent, "a consent event") as unknown as LedgerEventRecord;
      line = await nextLine();
    }
  }

  async function* readAuditRows(): AsyncGenerator<HistoryAuditRow> {
    if (!eventsDone) throw new Error("The audit rows of an export are read after its events");
    let line = pending;
    let rows = 0;
    let lastId = -1n;
    for (;;) {
      if (!line) throw ended();
      if ("auditRow" in line) {
        const row = parse(AuditRowSchema, line.auditRow, "an audit row");
        if (BigInt(row.id) <= lastId) throw fail(`audit row #${row.id} is out of id order`);
        lastId = BigInt(row.id);
        rows++;
        yield row;
      } else if ("end" in line) {
        const counts = parse(EndSchema, line.end, "the closing counts");
        if (counts.consentEvents !== events || counts.auditRows !== rows) {
          throw fail(`the export says ${counts.consentEvents} consent events and ${counts.auditRows} audit rows, but holds ${events} and ${rows}`);
        }
        if (await nextLine()) throw fail("lines after the closing counts");
        return;
      } else {
        throw fail(line && "consentEvent" in line ? "a consent event after the audit rows" : "neither an audit row nor the closing counts");
      }
      line = await nextLine();
    }
  }

  return { openings: readOpenings(), events: readEvents(), auditRows: readAuditRows() };
}
