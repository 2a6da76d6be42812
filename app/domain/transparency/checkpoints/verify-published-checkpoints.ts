import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { type PublicCheckpointJwk, AuditDigest, GENESIS_HASH, ChainVerifier, type ChainProblem } from "../../consent/index.server";
import {
  GENESIS_PUBLISHED_HASH,
  nextAuditDigest,
  openPublishedCheckpoint,
  publishedCheckpointHashOf,
  SignedPublishedCheckpointSchema,
  type CheckpointOpening,
  type OpenedCheckpoint,
  type PublishedCheckpoint,
} from "./published-checkpoint";
import { publishedSignatureProblem, type PublishedSignatureProblem } from "./sign-published-checkpoint";

/**
 * The stand-alone check (ADRs 046, 114): given the public checkpoint list, the public keys and a history — the openings
 * of the checkpoints that commit to their heads, the consent events in global order and the audit rows in id order, as
 * `scripts/export-history.ts` writes them — does the history extend every checkpoint? Pure: no database, no
 * environment; what it reads is what it is given.
 */

export type CheckpointListProblem = "malformed" | PublishedSignatureProblem | "sequence_gap" | "broken_link" | "went_backwards" | "inconsistent_contents";

export type CheckpointListVerdict =
  | { ok: true; checkpoints: PublishedCheckpoint[] }
  /** `position` is 1-based in the list; `seq` the number the entry claims, when it has one. */
  | { ok: false; position: number; seq: number | null; problem: CheckpointListProblem; checkpoints: PublishedCheckpoint[] };

/**
 * The list on its own, before any history: each entry a statement signed by one of the keys, numbered 1, 2, 3 …, each
 * linking to the one before, never published before the one before it. Version 1 statements state their heads, so
 * between two of them (and for the first) the heads must also never go backwards nor contradict themselves; a version
 * 2 statement's heads are checked the same way once opened (`verifyPublishedCheckpoints`). Stops at the first bad entry.
 */
export async function verifyCheckpointList(entries: readonly unknown[], jwks: { keys: PublicCheckpointJwk[] }): Promise<CheckpointListVerdict> {
  const checkpoints: PublishedCheckpoint[] = [];
  let previous: PublishedCheckpoint | null = null;
  for (const [index, entry] of entries.entries()) {
    const claimed = (entry as { checkpoint?: { seq?: unknown } } | null)?.checkpoint?.seq;
    const fail = (problem: CheckpointListProblem) => ({ ok: false as const, position: index + 1, seq: typeof claimed === "number" ? claimed : null, problem, checkpoints });
    const parsed = SignedPublishedCheckpointSchema.safeParse(entry);
    if (!parsed.success) return fail("malformed");
    const { checkpoint } = parsed.data;
    const signatureProblem = await publishedSignatureProblem(parsed.data, jwks);
    if (signatureProblem) return fail(signatureProblem);
    if (checkpoint.seq !== (previous?.seq ?? 0) + 1) return fail("sequence_gap");
    if (checkpoint.previous !== (previous ? publishedCheckpointHashOf(previous) : GENESIS_PUBLISHED_HASH)) return fail("broken_link");
    if (previous && Date.parse(checkpoint.publishedAt) < Date.parse(previous.publishedAt)) return fail("went_backwards");
    if (checkpoint.version === 1 && (previous === null || previous.version === 1)) {
      const problem = headsProblem(previous, checkpoint);
      if (problem) return fail(problem);
    }
    checkpoints.push(checkpoint);
    previous = checkpoint;
  }
  return { ok: true, checkpoints };
}

/** Whether a checkpoint's heads go backwards from, or contradict, the one before it (null: the first). */
function headsProblem(previous: OpenedCheckpoint | null, next: OpenedCheckpoint): "went_backwards" | "inconsistent_contents" | null {
  if (previous && wentBackwards(previous, next)) return "went_backwards";
  if (!contentsConsistent(previous, next)) return "inconsistent_contents";
  return null;
}

function wentBackwards(previous: OpenedCheckpoint, next: OpenedCheckpoint): boolean {
  return (
    BigInt(next.ledger.globalSeq) < BigInt(previous.ledger.globalSeq) ||
    BigInt(next.audit.throughId) < BigInt(previous.audit.throughId) ||
    next.audit.rows < previous.audit.rows ||
    Date.parse(next.publishedAt) < Date.parse(previous.publishedAt)
  );
}

/** A signed statement is still checked for sense: a signer with a bug must not hide behind its signature. */
function contentsConsistent(previous: OpenedCheckpoint | null, next: OpenedCheckpoint): boolean {
  const globalSeq = BigInt(next.ledger.globalSeq);
  if (globalSeq === 0n && next.ledger.chainHash !== GENESIS_HASH) return false;
  if (previous && globalSeq === BigInt(previous.ledger.globalSeq) && next.ledger.chainHash !== previous.ledger.chainHash) return false;
  const throughId = BigInt(next.audit.throughId);
  const previousThrough = BigInt(previous?.audit.throughId ?? "0");
  const previousRows = previous?.audit.rows ?? 0;
  const previousDigest = previous?.audit.digest ?? GENESIS_PUBLISHED_HASH;
  if (throughId === previousThrough) return next.audit.rows === previousRows && next.audit.digest === previousDigest;
  // The mark is always the id of a row that exists, so a moved mark adds at least that row, and at most one per id.
  const added = next.audit.rows - previousRows;
  return added >= 1 && BigInt(added) <= throughId - previousThrough && next.audit.digest !== previousDigest;
}

/** An audit row as the export carries it: ADR 012's digest columns, ids as decimal text and times as ISO 8601. */
export interface HistoryAuditRow {
  id: string;
  occurredAt: string;
  type: string;
  outcome: string;
  actorUserId: string | null;
  subjectUserId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  detail: unknown;
}

export interface History {
  /**
   * The openings of the checkpoints that commit to their heads (version 2, ADR 114), read before the events. None in an
   * export from before ADR 114, which can only verify version 1 checkpoints.
   */
  openings?: Iterable<CheckpointOpening> | AsyncIterable<CheckpointOpening>;
  /** Every consent event, in global order (as stored: the verifier recomputes every hash from the fields). */
  events: Iterable<LedgerEventRecord> | AsyncIterable<LedgerEventRecord>;
  /** Every audit row, in increasing id order; read after the events. */
  auditRows: Iterable<HistoryAuditRow> | AsyncIterable<HistoryAuditRow>;
}

/** The history no longer extends checkpoint `checkpointSeq`, the first one it breaks. */
export type HistoryFailure =
  | {
      ok: false;
      /**
       * `ledger_differs_from_checkpoint`: the events up to the checkpoint's position are not the ones it signed (an edit,
       * a deletion or a reordering, resealed or not). `ledger_behind_checkpoint`: the ledger ends before it.
       */
      problem: "ledger_differs_from_checkpoint" | "ledger_behind_checkpoint";
      checkpointSeq: number;
      checkpointPublishedAt: string;
      checkpointGlobalSeq: string;
      /** Where the difference was found: the event whose own chains fail, or the checkpoint's position. */
      globalSeq: string;
      /** When an event's own hashes fail (an edit not resealed), which check. */
      chainProblem?: ChainProblem;
      /** Every event up to here is as the previous checkpoint signed it ("0": nothing is vouched for). */
      intactThrough: string;
      ledgerEnd: string;
    }
  | {
      ok: false;
      /** `audit_behind_checkpoint`: the audit log ends before the checkpoint's mark; `…_differs_…`: rows edited, removed, added or swapped. */
      problem: "audit_differs_from_checkpoint" | "audit_behind_checkpoint";
      checkpointSeq: number;
      checkpointPublishedAt: string;
      /** The rows after this id and up to `throughId` are not the ones the checkpoint covered. */
      afterId: string;
      throughId: string;
      rowsNow: number;
      rowsSigned: number;
    };

export type PublishedCheckpointsVerdict =
  | {
      ok: true;
      checkpoints: number;
      latest: { seq: number; publishedAt: string; globalSeq: string; auditThroughId: string } | null;
      events: number;
      head: string;
      auditRows: number;
    }
  | { ok: false; problem: "checkpoint_list_invalid"; position: number; seq: number | null; reason: CheckpointListProblem }
  /**
   * A version 2 checkpoint whose heads cannot be had from the history: it holds no opening for it (`missing`), or none
   * that hashes to the commitment the checkpoint signed (`not_committed`) — an opening altered, or another one's.
   */
  | { ok: false; problem: "checkpoint_not_opened"; checkpointSeq: number; checkpointPublishedAt: string; found: "missing" | "not_committed" }
  | (HistoryFailure & { also?: HistoryFailure })
  /** The ledger's own chains break after the latest checkpoint: no checkpoint covers it, but the history is not sound. */
  | { ok: false; problem: "ledger_broken_after_checkpoints"; latestCheckpointSeq: number | null; globalSeq: string; chainProblem: ChainProblem };

/**
 * The checkpoint list, then the history against it, first failure first: each version 2 checkpoint opened with its
 * opening from the history and its heads checked as a version 1 statement's are, then the ledger and the audit log each
 * walked once, and of the first checkpoint each breaks, the earlier is reported (the other as `also`).
 */
export async function verifyPublishedCheckpoints(options: { entries: readonly unknown[]; jwks: { keys: PublicCheckpointJwk[] }; history: History }): Promise<PublishedCheckpointsVerdict> {
  const list = await verifyCheckpointList(options.entries, options.jwks);
  if (!list.ok) return { ok: false, problem: "checkpoint_list_invalid", position: list.position, seq: list.seq, reason: list.problem };

  const openings = new Map<number, CheckpointOpening[]>();
  for await (const opening of options.history.openings ?? []) openings.set(opening.seq, [...(openings.get(opening.seq) ?? []), opening]);
  const checkpoints: OpenedCheckpoint[] = [];
  for (const [index, checkpoint] of list.checkpoints.entries()) {
    const candidates = checkpoint.version === 1 ? [undefined] : (openings.get(checkpoint.seq) ?? []);
    const opened = candidates.map((opening) => openPublishedCheckpoint(checkpoint, opening)).find((heads) => heads !== null);
    if (!opened) {
      return { ok: false, problem: "checkpoint_not_opened", checkpointSeq: checkpoint.seq, checkpointPublishedAt: checkpoint.publishedAt, found: candidates.length === 0 ? "missing" : "not_committed" };
    }
    // What the list alone could not check of a version 2 statement, now that its heads are in view.
    const problem = headsProblem(checkpoints.at(-1) ?? null, opened);
    if (problem) return { ok: false, problem: "checkpoint_list_invalid", position: index + 1, seq: checkpoint.seq, reason: problem };
    checkpoints.push(opened);
  }

  const ledger = await walkLedger(checkpoints, options.history.events);
  const audit = await walkAudit(checkpoints, options.history.auditRows);
  const failures = [ledger.failure, audit.failure].filter((failure): failure is HistoryFailure => failure !== null).sort((a, b) => a.checkpointSeq - b.checkpointSeq);
  if (failures.length > 0) return failures[1] ? { ...failures[0]!, also: failures[1] } : failures[0]!;
  if (ledger.brokenAfter) return { ok: false, problem: "ledger_broken_after_checkpoints", latestCheckpointSeq: checkpoints.at(-1)?.seq ?? null, ...ledger.brokenAfter };
  const latest = checkpoints.at(-1);
  return {
    ok: true,
    checkpoints: checkpoints.length,
    latest: latest ? { seq: latest.seq, publishedAt: latest.publishedAt, globalSeq: latest.ledger.globalSeq, auditThroughId: latest.audit.throughId } : null,
    events: ledger.events,
    head: ledger.head,
    auditRows: audit.rows,
  };
}

interface LedgerWalk {
  failure: HistoryFailure | null;
  brokenAfter: { globalSeq: string; chainProblem: ChainProblem } | null;
  events: number;
  head: string;
}

/**
 * Every event through ADR 008's checks (ChainVerifier: its hash from its fields, both chains, the verification code)
 * and, at each checkpoint's position, the chain hash the checkpoint signed. An event that fails its own checks breaks
 * the first checkpoint not yet passed: every checkpoint before it was matched by events that were sound.
 */
async function walkLedger(checkpoints: readonly OpenedCheckpoint[], events: History["events"]): Promise<LedgerWalk> {
  const verifier = new ChainVerifier();
  let next = 0;
  let intactThrough = "0";
  let last = 0n;
  let count = 0;
  let head = GENESIS_HASH;
  let failure: HistoryFailure | null = null;
  let brokenAfter: LedgerWalk["brokenAfter"] = null;

  const broken = (problem: "ledger_differs_from_checkpoint" | "ledger_behind_checkpoint", globalSeq: string, chainProblem?: ChainProblem): HistoryFailure => {
    const checkpoint = checkpoints[next]!;
    return {
      ok: false,
      problem,
      checkpointSeq: checkpoint.seq,
      checkpointPublishedAt: checkpoint.publishedAt,
      checkpointGlobalSeq: checkpoint.ledger.globalSeq,
      globalSeq,
      ...(chainProblem ? { chainProblem } : {}),
      intactThrough,
      ledgerEnd: last.toString(),
    };
  };
  const pass = (globalSeq: bigint, chainHash: string): HistoryFailure | null => {
    while (next < checkpoints.length && BigInt(checkpoints[next]!.ledger.globalSeq) === globalSeq) {
      if (checkpoints[next]!.ledger.chainHash !== chainHash) return broken("ledger_differs_from_checkpoint", globalSeq.toString());
      intactThrough = globalSeq.toString();
      next++;
    }
    return null;
  };

  failure = pass(0n, GENESIS_HASH);
  // Read to the end even after a failure: the events and the audit rows may come from one stream.
  for await (const event of events) {
    if (failure || brokenAfter) continue;
    if (!verifier.add(event)) {
      const verdict = verifier.verdict();
      if (verdict.ok) continue;
      if (next < checkpoints.length) failure = broken("ledger_differs_from_checkpoint", verdict.globalSeq, verdict.problem);
      else brokenAfter = { globalSeq: verdict.globalSeq, chainProblem: verdict.problem };
      continue;
    }
    count++;
    last = BigInt(event.globalSeq);
    head = event.chainHash;
    failure = pass(last, event.chainHash);
  }
  if (!failure && !brokenAfter && next < checkpoints.length) {
    // The ledger ends before a checkpoint's position: events removed from the top, or a database rolled back.
    failure = broken("ledger_behind_checkpoint", (last + 1n).toString());
  }
  return { failure, brokenAfter, events: count, head };
}

/**
 * The audit rows of each checkpoint's interval, digested with ADR 012's per-row canonical form and chained as the
 * checkpoint chains them. Rows after the latest checkpoint's mark are not covered yet.
 */
async function walkAudit(checkpoints: readonly OpenedCheckpoint[], rows: History["auditRows"]): Promise<{ failure: HistoryFailure | null; rows: number }> {
  let index = 0;
  let previousThrough = 0n;
  let previousDigest = GENESIS_PUBLISHED_HASH;
  let previousRows = 0;
  const interval = new AuditDigest();
  let highestId = 0n;
  let count = 0;
  let failure: HistoryFailure | null = null;

  /** Closes checkpoint `index`'s interval, given the highest audit id seen so far; the failure when it is not as signed. */
  const close = (seenThrough: bigint): HistoryFailure | null => {
    const checkpoint = checkpoints[index]!;
    const through = BigInt(checkpoint.audit.throughId);
    const taken = interval.take();
    const rowsNow = previousRows + taken.rows;
    const digest = through === previousThrough ? previousDigest : nextAuditDigest(previousDigest, taken.digest);
    if (rowsNow !== checkpoint.audit.rows || digest !== checkpoint.audit.digest) {
      return {
        ok: false,
        problem: seenThrough < through ? "audit_behind_checkpoint" : "audit_differs_from_checkpoint",
        checkpointSeq: checkpoint.seq,
        checkpointPublishedAt: checkpoint.publishedAt,
        afterId: previousThrough.toString(),
        throughId: checkpoint.audit.throughId,
        rowsNow,
        rowsSigned: checkpoint.audit.rows,
      };
    }
    previousThrough = through;
    previousDigest = digest;
    previousRows = rowsNow;
    index++;
    return null;
  };

  for await (const row of rows) {
    const id = BigInt(row.id);
    if (id <= highestId) throw new Error(`The audit rows are not in increasing id order (#${row.id} after #${highestId})`);
    highestId = id;
    count++;
    while (!failure && index < checkpoints.length && id > BigInt(checkpoints[index]!.audit.throughId)) failure = close(id);
    if (!failure && index < checkpoints.length) interval.add({ ...row, id, occurredAt: new Date(row.occurredAt) });
  }
  while (!failure && index < checkpoints.length) failure = close(highestId);
  return { failure, rows: count };
}

/**
 * The entries of a checkpoint list as fetched (`checkpoints.json`: `{ "checkpoints": [...] }`) or as a witness keeps
 * it (JSON lines, one `{ "checkpoint", "jws" }` a line). Each entry is checked by `verifyCheckpointList`; this only
 * finds them. Throws when the text is neither.
 */
export function parseCheckpointListDocument(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  try {
    const json: unknown = JSON.parse(trimmed);
    if (json !== null && typeof json === "object" && Array.isArray((json as { checkpoints?: unknown }).checkpoints)) return (json as { checkpoints: unknown[] }).checkpoints;
    if (json !== null && typeof json === "object" && "checkpoint" in json) return [json];
  } catch {
    // not one JSON document: JSON lines
  }
  return trimmed.split("\n").map((line, index) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new Error(`Line ${index + 1} of the checkpoint list is not JSON; expected checkpoints.json or one {"checkpoint","jws"} a line`);
    }
  });
}
