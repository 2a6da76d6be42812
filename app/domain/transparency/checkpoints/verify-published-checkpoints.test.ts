import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reseal } from "../../../../tests/support/ledger-attacks";
import { AuditDigest } from "../../consent/ledger/checkpoints/audit-digest";
import { signCheckpoint } from "../../consent/ledger/checkpoints/sign-checkpoint";
import { loadCheckpointKeys, type CheckpointKeys } from "../../consent/ledger/checkpoints/load-checkpoint-keys.server";
import { canonicalJson, GENESIS_HASH } from "../../consent/ledger/event-hash";
import { historyAuditLine, historyEndLine, historyEventLine, HistoryExportError, historyFromLines, historyHeaderLine, historyOpeningLine } from "./history-export";
import {
  GENESIS_PUBLISHED_HASH,
  nextAuditDigest,
  publishedCheckpointBytes,
  publishedCheckpointHashOf,
  publishedCheckpointLine,
  checkpointCommitmentOf,
  newCheckpointOpening,
  type CheckpointOpening,
  type PublishedCheckpoint,
  type PublishedCheckpointV1,
  type PublishedCheckpointV2,
  type SignedPublishedCheckpoint,
} from "./published-checkpoint";
import { parsePublicJwks, signPublishedCheckpoint } from "./sign-published-checkpoint";
import { parseCheckpointListDocument, verifyCheckpointList, verifyPublishedCheckpoints, type HistoryAuditRow } from "./verify-published-checkpoints";

let folder = "";
let keys: CheckpointKeys;
let otherKeys: CheckpointKeys;
beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "tsunagi-published-keys-"));
  keys = (await loadCheckpointKeys({ dataDir: path.join(folder, "ours"), generate: true }))!;
  otherKeys = (await loadCheckpointKeys({ dataDir: path.join(folder, "theirs"), generate: true }))!;
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const participants = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003"];

/** Eight events over three participants, sealed as the app seals them. */
function honestEvents(): LedgerEventRecord[] {
  const order = [0, 1, 2, 0, 1, 2, 0, 1];
  return reseal(
    order.map((participant, index) => ({
      id: `00000000-0000-4000-9000-${String(index + 1).padStart(12, "0")}`,
      globalSeq: String(index + 1),
      participantId: participants[participant]!,
      participantSeq: 0,
      type: index < 3 ? "granted" : "choices_changed",
      occurredAt: new Date(Date.UTC(2026, 10, 29, 9, index)).toISOString(),
      actorUserId: null,
      actorRole: "participant",
      method: "online",
      formVersionId: null,
      formVersionHash: null,
      choices: { "core.wgs": "yes", "share.industry": index % 2 === 0 ? "yes" : "no" },
      signature: null,
      withdrawalLevel: null,
      detail: {},
      prevHash: "",
      hash: "",
      globalPrevHash: "",
      chainHash: "",
      verificationCode: "",
    })),
  );
}

/** Audit rows 1–12 with a gap at 5 (a rolled-back transaction took that id). */
function honestAudit(): HistoryAuditRow[] {
  return [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12].map((id) => ({
    id: String(id),
    occurredAt: new Date(Date.UTC(2026, 10, 29, 9, id)).toISOString(),
    type: "consent.recorded",
    outcome: "success",
    actorUserId: null,
    subjectUserId: null,
    ipAddress: "192.0.2.1",
    userAgent: "test",
    detail: { n: id },
  }));
}

interface Cut {
  globalSeq: number;
  throughId: number;
}

/** Statements as an honest publisher makes them at these cuts: checkpoint 1 at #3/audit 4, 2 at #6/audit 9, 3 at #6/audit 9 (a report). */
const CUTS: Cut[] = [
  { globalSeq: 3, throughId: 4 },
  { globalSeq: 6, throughId: 9 },
  { globalSeq: 6, throughId: 9 },
];

function statements(events: LedgerEventRecord[], audit: HistoryAuditRow[], cuts: Cut[] = CUTS): PublishedCheckpointV1[] {
  const out: PublishedCheckpointV1[] = [];
  let previous: PublishedCheckpointV1 | null = null;
  for (const [index, cut] of cuts.entries()) {
    const previousThrough = BigInt(previous?.audit.throughId ?? "0");
    const interval = new AuditDigest();
    for (const row of audit) if (BigInt(row.id) > previousThrough && BigInt(row.id) <= BigInt(cut.throughId)) interval.add({ ...row, id: BigInt(row.id), occurredAt: new Date(row.occurredAt) });
    const taken = interval.take();
    const moved = BigInt(cut.throughId) !== previousThrough;
    const statement: PublishedCheckpointV1 = {
      version: 1,
      seq: index + 1,
      previous: previous ? publishedCheckpointHashOf(previous) : GENESIS_PUBLISHED_HASH,
      publishedAt: new Date(Date.UTC(2026, 10, 29, 10 + index)).toISOString(),
      reason: index === 2 ? "report" : "schedule",
      ledger: { globalSeq: String(cut.globalSeq), chainHash: cut.globalSeq === 0 ? GENESIS_HASH : events[cut.globalSeq - 1]!.chainHash },
      audit: {
        throughId: String(cut.throughId),
        rows: (previous?.audit.rows ?? 0) + taken.rows,
        digest: moved ? nextAuditDigest(previous?.audit.digest ?? GENESIS_PUBLISHED_HASH, taken.digest) : (previous?.audit.digest ?? GENESIS_PUBLISHED_HASH),
      },
    };
    out.push(statement);
    previous = statement;
  }
  return out;
}

/**
 * The same checkpoints published as version 2 from number `from` on (ADR 114), each committing to the heads the
 * version 1 statement would have stated, and linked anew; `openings` is what the operator's export carries.
 */
function committed(v1: PublishedCheckpointV1[], from = 1): { list: PublishedCheckpoint[]; openings: CheckpointOpening[] } {
  const list: PublishedCheckpoint[] = [];
  const openings: CheckpointOpening[] = [];
  for (const statement of v1) {
    const previous = list.at(-1);
    const linked = previous ? publishedCheckpointHashOf(previous) : GENESIS_PUBLISHED_HASH;
    if (statement.seq < from) {
      list.push({ ...statement, previous: linked });
      continue;
    }
    const opening = newCheckpointOpening(statement.seq, statement);
    openings.push(opening);
    const reason = statement.reason === "change" ? "schedule" : statement.reason;
    list.push({ version: 2, seq: statement.seq, previous: linked, publishedAt: statement.publishedAt, reason, commitment: checkpointCommitmentOf(opening) } satisfies PublishedCheckpointV2);
  }
  return { list, openings };
}

async function sign(list: PublishedCheckpoint[], signWith: CheckpointKeys = keys): Promise<SignedPublishedCheckpoint[]> {
  return Promise.all(list.map((checkpoint) => signPublishedCheckpoint(checkpoint, signWith.signing!)));
}

async function verify(entries: unknown[], events: LedgerEventRecord[], audit: HistoryAuditRow[], openings: CheckpointOpening[] = []) {
  return verifyPublishedCheckpoints({ entries, jwks: keys.publicJwks, history: { openings, events, auditRows: audit } });
}

describe("the published statement", () => {
  it("is canonical JSON whatever order its keys come in, and chains the audit digests as documented", () => {
    const [first] = statements(honestEvents(), honestAudit());
    const shuffled = JSON.parse(JSON.stringify({ audit: first!.audit, ledger: first!.ledger, reason: first!.reason, publishedAt: first!.publishedAt, previous: first!.previous, seq: first!.seq, version: 1 })) as PublishedCheckpointV1;
    expect(publishedCheckpointBytes(shuffled).equals(publishedCheckpointBytes(first!))).toBe(true);
    expect(publishedCheckpointHashOf(first!)).toBe(createHash("sha256").update(canonicalJson(first)).digest("hex"));
    // digest_n = SHA-256(hex(digest_{n-1}) || hex(interval)), 64 zeros before the first.
    const interval = "ab".repeat(32);
    expect(nextAuditDigest(GENESIS_PUBLISHED_HASH, interval)).toBe(createHash("sha256").update(`${"0".repeat(64)}${interval}`).digest("hex"));
    // Nothing about a person: no participant ids, only heads.
    expect(Object.keys(first!).sort()).toEqual(["audit", "ledger", "previous", "publishedAt", "reason", "seq", "version"]);
    expect(canonicalJson(first)).not.toMatch(/participant/i);
  });

  it("is an ordinary compact JWS: the payload is the statement's canonical bytes, typ and kid in the header", async () => {
    const [signed] = await sign(statements(honestEvents(), honestAudit()).slice(0, 1));
    const [header, payload, signature] = signed!.jws.split(".");
    expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toEqual({ alg: "ES256", kid: keys.signing!.kid, typ: "tsunagi-published-checkpoint", tsunagi_low_s: true });
    expect(Buffer.from(payload!, "base64url").equals(publishedCheckpointBytes(signed!.checkpoint))).toBe(true);
    expect(signature).toMatch(/^[\w-]{86}$/);
  });
});

describe("verifying a history against the published checkpoints", () => {
  it("an untouched history verifies, and one with nothing published yet has nothing to contradict", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const entries = await sign(statements(events, audit));
    expect(await verify(entries, events, audit)).toEqual({
      ok: true,
      checkpoints: 3,
      latest: { seq: 3, publishedAt: "2026-11-29T12:00:00.000Z", globalSeq: "6", auditThroughId: "9" },
      events: 8,
      head: events[7]!.chainHash,
      auditRows: 11,
    });
    expect(await verify([], events, audit)).toMatchObject({ ok: true, checkpoints: 0, latest: null });
    // A checkpoint of the empty ledger and audit log, and histories that grew since.
    const empty = await sign(statements(events, audit, [{ globalSeq: 0, throughId: 0 }]));
    expect((empty[0]!.checkpoint as PublishedCheckpointV1).audit).toEqual({ throughId: "0", rows: 0, digest: GENESIS_PUBLISHED_HASH });
    expect(await verify(empty, events, audit)).toMatchObject({ ok: true, checkpoints: 1 });
  });

  it("an event edited below checkpoint 1 without resealing names checkpoint 1 and the event's own check", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const entries = await sign(statements(events, audit));
    const edited = events.map((event) => (event.globalSeq === "2" ? { ...event, choices: { ...event.choices, "share.industry": "yes" } } : event));
    expect(await verify(entries, edited, audit)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 1, globalSeq: "2", chainProblem: "hash_mismatch", intactThrough: "0" });
  });

  it("an edit resealed with the app's own hash functions is caught at the first checkpoint whose position it passes", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const entries = await sign(statements(events, audit));
    const resealed = reseal(events.map((event) => (event.globalSeq === "5" ? { ...event, type: "withdrawn" as const, withdrawalLevel: "destroy" as const } : event)));
    expect(await verify(entries, resealed, audit)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 2, globalSeq: "6", intactThrough: "3" });
    const verdict = await verify(entries, resealed, audit);
    expect(verdict).not.toHaveProperty("chainProblem");
  });

  it("a deleted event covered only by checkpoint 2 names checkpoint 2, resealed or not; a truncated ledger is behind", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const entries = await sign(statements(events, audit));
    const without = events.filter((event) => event.globalSeq !== "4");
    expect(await verify(entries, without, audit)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 2, chainProblem: "global_sequence_gap", intactThrough: "3" });
    expect(await verify(entries, reseal(without), audit)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 2 });
    expect(await verify(entries, events.slice(0, 5), audit)).toMatchObject({ ok: false, problem: "ledger_behind_checkpoint", checkpointSeq: 2, checkpointGlobalSeq: "6", ledgerEnd: "5", intactThrough: "3" });
    expect(await verify(entries, [], audit)).toMatchObject({ ok: false, problem: "ledger_behind_checkpoint", checkpointSeq: 1, ledgerEnd: "0" });
  });

  it("two events reordered, as stored or resealed, break the checkpoint they fall under", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const entries = await sign(statements(events, audit));
    const swapped = [events[0]!, events[2]!, events[1]!, ...events.slice(3)];
    expect(await verify(entries, swapped, audit)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 1 });
    expect(await verify(entries, reseal(swapped), audit)).toMatchObject({ ok: false, problem: "ledger_differs_from_checkpoint", checkpointSeq: 1, globalSeq: "3" });
  });

  it("events after the latest checkpoint are not vouched for, but a broken chain there still fails", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const entries = await sign(statements(events, audit));
    expect(await verify(entries, reseal(events.slice(0, 7)), audit)).toMatchObject({ ok: true });
    const broken = events.map((event) => (event.globalSeq === "8" ? { ...event, actorRole: "coordinator" } : event));
    expect(await verify(entries, broken, audit)).toEqual({ ok: false, problem: "ledger_broken_after_checkpoints", latestCheckpointSeq: 3, globalSeq: "8", chainProblem: "hash_mismatch" });
  });

  it("audit rows edited, deleted, swapped or cut off name the checkpoint whose interval held them", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const entries = await sign(statements(events, audit));
    const edit = (id: string, change: Partial<HistoryAuditRow>) => audit.map((row) => (row.id === id ? { ...row, ...change } : row));
    expect(await verify(entries, events, edit("2", { ipAddress: "203.0.113.9" }))).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 1, afterId: "0", throughId: "4", rowsNow: 4, rowsSigned: 4 });
    expect(await verify(entries, events, edit("7", { detail: { n: 70 } }))).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 2, afterId: "4", throughId: "9" });
    expect(await verify(entries, events, audit.filter((row) => row.id !== "6"))).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 2, rowsNow: 7, rowsSigned: 8 });
    // The mark's own row deleted, later rows still there: differs; everything from it on deleted: behind.
    expect(await verify(entries, events, audit.filter((row) => row.id !== "9"))).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 2 });
    expect(await verify(entries, events, audit.filter((row) => Number(row.id) < 9))).toMatchObject({ ok: false, problem: "audit_behind_checkpoint", checkpointSeq: 2 });
    // Two rows swapped (each keeps its id, takes the other's contents).
    const [three, four] = [audit[2]!, audit[3]!];
    const swapped = audit.map((row) => (row.id === "3" ? { ...four, id: "3" } : row.id === "4" ? { ...three, id: "4" } : row));
    expect(await verify(entries, events, swapped)).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 1 });
    // A row slipped into the gap below a mark.
    const inserted = [...audit.slice(0, 4), { ...audit[0]!, id: "5" }, ...audit.slice(4)];
    expect(await verify(entries, events, inserted)).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 2, rowsNow: 9, rowsSigned: 8 });
    // Rows after the latest mark are not covered yet.
    expect(await verify(entries, events, edit("11", { outcome: "failure" }))).toMatchObject({ ok: true });
  });

  it("when the ledger and the audit log break different checkpoints, the earlier is named and the other told too", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const entries = await sign(statements(events, audit));
    const verdict = await verify(entries, events.slice(0, 5), audit.map((row) => (row.id === "1" ? { ...row, type: "x" } : row)));
    expect(verdict).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 1, also: { problem: "ledger_behind_checkpoint", checkpointSeq: 2 } });
  });
});

describe("checkpoints that commit to their heads (version 2, ADR 114)", () => {
  it("show no head in the list, differ when nothing moved, and verify against a history that opens them", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const { list, openings } = committed(statements(events, audit));
    const entries = await sign(list);
    const text = entries.map(publishedCheckpointLine).join("\n");
    for (const head of [...events.map((event) => event.chainHash), ...openings.map((opening) => opening.audit.digest), ...openings.map((opening) => opening.salt)]) expect(text).not.toContain(head);
    expect(text).not.toMatch(/globalSeq|throughId|rows|chainHash/);
    expect(Object.keys(list[2]!).sort()).toEqual(["commitment", "previous", "publishedAt", "reason", "seq", "version"]);
    // Checkpoints 2 and 3 vouch for the same heads: their commitments still differ.
    expect(openings[1]!.ledger).toEqual(openings[2]!.ledger);
    expect((list[1] as PublishedCheckpointV2).commitment).not.toBe((list[2] as PublishedCheckpointV2).commitment);
    // The list alone holds: signed, numbered, linked, in time.
    expect(await verifyCheckpointList(entries, keys.publicJwks)).toMatchObject({ ok: true });
    expect(await verify(entries, events, audit, openings)).toEqual({
      ok: true,
      checkpoints: 3,
      latest: { seq: 3, publishedAt: "2026-11-29T12:00:00.000Z", globalSeq: "6", auditThroughId: "9" },
      events: 8,
      head: events[7]!.chainHash,
      auditRows: 11,
    });
  });

  it("a version 1 list followed by version 2 checkpoints verifies as one chain", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const { list, openings } = committed(statements(events, audit), 2);
    expect(list.map((checkpoint) => checkpoint.version)).toEqual([1, 2, 2]);
    const entries = await sign(list);
    expect(await verify(entries, events, audit, openings)).toMatchObject({ ok: true, checkpoints: 3, latest: { seq: 3, globalSeq: "6" } });
    // The version 2 checkpoints are checked against the history as the version 1 ones are.
    expect(await verify(entries, events.slice(0, 5), audit, openings)).toMatchObject({ ok: false, problem: "ledger_behind_checkpoint", checkpointSeq: 2, intactThrough: "3" });
    expect(await verify(entries, events, audit.filter((row) => row.id !== "7"), openings)).toMatchObject({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 2, afterId: "4" });
  });

  it("names a checkpoint the history holds no opening for, or one whose opening is not what it committed to", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const { list, openings } = committed(statements(events, audit));
    const entries = await sign(list);
    const at = list[1]!.publishedAt;
    expect(await verify(entries, events, audit, [openings[0]!, openings[2]!])).toEqual({ ok: false, problem: "checkpoint_not_opened", checkpointSeq: 2, checkpointPublishedAt: at, found: "missing" });
    expect(await verify(entries, events, audit, [])).toMatchObject({ ok: false, problem: "checkpoint_not_opened", checkpointSeq: 1, found: "missing" });
    // An opening altered to match an altered history, another salt, or another checkpoint's opening renumbered.
    const altered = (change: Partial<CheckpointOpening>) => openings.map((opening) => (opening.seq === 2 ? { ...opening, ...change } : opening));
    expect(await verify(entries, events, audit, altered({ audit: { ...openings[1]!.audit, rows: 7 } }))).toMatchObject({ ok: false, problem: "checkpoint_not_opened", checkpointSeq: 2, found: "not_committed" });
    expect(await verify(entries, events, audit, altered({ salt: "0".repeat(64) }))).toMatchObject({ ok: false, problem: "checkpoint_not_opened", checkpointSeq: 2, found: "not_committed" });
    expect(await verify(entries, events, audit, altered({ ...openings[2]!, seq: 2 }))).toMatchObject({ ok: false, problem: "checkpoint_not_opened", checkpointSeq: 2, found: "not_committed" });
  });

  it("checks the opened heads as a version 1 list's: never backwards, never contradicting themselves", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const { list, openings } = committed(statements(events, audit));
    // Checkpoint 3 signed over the heads of checkpoint 1: the signature holds, the heads went backwards.
    const backwards = newCheckpointOpening(3, openings[0]!);
    const third = { ...(list[2] as PublishedCheckpointV2), commitment: checkpointCommitmentOf(backwards) };
    const entries = await sign([list[0]!, list[1]!, third]);
    expect(await verifyCheckpointList(entries, keys.publicJwks)).toMatchObject({ ok: true });
    expect(await verify(entries, events, audit, [openings[0]!, openings[1]!, backwards])).toEqual({ ok: false, problem: "checkpoint_list_invalid", position: 3, seq: 3, reason: "went_backwards" });
    // The same mark with another digest.
    const contradicting = newCheckpointOpening(3, { ...openings[2]!, audit: { ...openings[2]!.audit, digest: "d".repeat(64) } });
    const signed = await sign([list[0]!, list[1]!, { ...(list[2] as PublishedCheckpointV2), commitment: checkpointCommitmentOf(contradicting) }]);
    expect(await verify(signed, events, audit, [openings[0]!, openings[1]!, contradicting])).toMatchObject({ ok: false, problem: "checkpoint_list_invalid", position: 3, reason: "inconsistent_contents" });
    // The list alone still catches a publication time going backwards.
    const early = await sign([list[0]!, list[1]!, { ...list[2]!, publishedAt: "2026-11-29T10:30:00.000Z" }]);
    expect(await verifyCheckpointList(early, keys.publicJwks)).toMatchObject({ ok: false, position: 3, problem: "went_backwards" });
  });
});

describe("verifying the checkpoint list itself", () => {
  it("names a forged, an edited, a removed, a reordered or a relinked checkpoint by its place in the list", async () => {
    const list = statements(honestEvents(), honestAudit());
    const entries = await sign(list);
    const check = (changed: unknown[]) => verifyCheckpointList(changed, keys.publicJwks);
    expect(await check(entries)).toMatchObject({ ok: true });

    const forged = await signPublishedCheckpoint(list[1]!, otherKeys.signing!);
    expect(await check([entries[0], forged, entries[2]])).toMatchObject({ ok: false, position: 2, seq: 2, problem: "unknown_key" });
    const claimingOurs = await signPublishedCheckpoint(list[1]!, { kid: keys.signing!.kid, privateKey: otherKeys.signing!.privateKey });
    expect(await check([entries[0], claimingOurs])).toMatchObject({ ok: false, position: 2, problem: "bad_signature" });
    // The JSON beside the JWS edited, the JWS kept: what is shown is not what was signed.
    const shown = { ...entries[1]!, checkpoint: { ...list[1]!, ledger: { ...list[1]!.ledger, globalSeq: "5" } } };
    expect(await check([entries[0], shown])).toMatchObject({ ok: false, position: 2, problem: "statement_differs" });
    expect(await check([entries[0], entries[2]])).toMatchObject({ ok: false, position: 2, seq: 3, problem: "sequence_gap" });
    expect(await check([entries[1], entries[0]])).toMatchObject({ ok: false, position: 1, problem: "sequence_gap" });
    expect(await check([entries[0], entries[1], entries[1]])).toMatchObject({ ok: false, position: 3, problem: "sequence_gap" });
    // Signed by our key but not linked, or going back, or contradicting itself: a signer's bug is not hidden by its signature.
    const resigned = async (change: Partial<PublishedCheckpointV1>) => signPublishedCheckpoint({ ...list[2]!, ...change }, keys.signing!);
    expect(await check([entries[0], entries[1], await resigned({ previous: publishedCheckpointHashOf(list[0]!) })])).toMatchObject({ ok: false, position: 3, problem: "broken_link" });
    expect(await check([entries[0], entries[1], await resigned({ ledger: list[0]!.ledger })])).toMatchObject({ ok: false, problem: "went_backwards" });
    expect(await check([entries[0], entries[1], await resigned({ publishedAt: "2026-11-29T10:30:00.000Z" })])).toMatchObject({ ok: false, problem: "went_backwards" });
    expect(await check([entries[0], entries[1], await resigned({ ledger: { globalSeq: "6", chainHash: "c".repeat(64) } })])).toMatchObject({ ok: false, problem: "inconsistent_contents" });
    expect(await check([entries[0], entries[1], await resigned({ audit: { ...list[2]!.audit, digest: "d".repeat(64) } })])).toMatchObject({ ok: false, problem: "inconsistent_contents" });
    expect(await check([entries[0], entries[1], await resigned({ audit: { throughId: "10", rows: 10, digest: "d".repeat(64) } })])).toMatchObject({ ok: false, problem: "inconsistent_contents" });
  });

  it("refuses what is not a published checkpoint: another shape, extra fields, a ledger checkpoint's signature", async () => {
    const list = statements(honestEvents(), honestAudit());
    const entries = await sign(list);
    const check = (changed: unknown[]) => verifyCheckpointList(changed, keys.publicJwks);
    expect(await check([{ checkpoint: { ...list[0]!, participants: [] }, jws: entries[0]!.jws }])).toMatchObject({ ok: false, position: 1, seq: 1, problem: "malformed" });
    expect(await check(["not an entry"])).toMatchObject({ ok: false, position: 1, seq: null, problem: "malformed" });
    expect(await check([{ checkpoint: list[0], jws: `${entries[0]!.jws.split(".")[0]}..${entries[0]!.jws.split(".")[2]}` }])).toMatchObject({ ok: false, problem: "not_a_checkpoint_jws" });
    // The same key signs ledger checkpoints (ADR 012): such a signature over these bytes is still not a published checkpoint.
    const ledgerKind = await signCheckpoint(list[0] as never, keys.signing!);
    const [header, , signature] = ledgerKind.jws.split(".");
    expect(await check([{ checkpoint: list[0], jws: `${header}.${publishedCheckpointBytes(list[0]!).toString("base64url")}.${signature}` }])).toMatchObject({ ok: false, problem: "not_a_checkpoint_jws" });
    // A failure in the list stops before any history is read.
    expect(await verify([entries[0], entries[2]], [], [])).toEqual({ ok: false, problem: "checkpoint_list_invalid", position: 2, seq: 3, reason: "sequence_gap" });
  });

  it("names keys by their thumbprint whatever kid a JWK set states, and keeps only public parts", async () => {
    const relabelled = { keys: keys.publicJwks.keys.map((key) => ({ ...key, kid: "someone-else", d: "secret" })) };
    const parsed = await parsePublicJwks(relabelled);
    expect(parsed.keys.map((key) => key.kid)).toEqual(keys.publicJwks.keys.map((key) => key.kid));
    expect(JSON.stringify(parsed)).not.toContain("secret");
    await expect(parsePublicJwks({ keys: [] })).rejects.toThrow(/JWK set/);
  });

  it("reads checkpoints.json and a witness's JSON-lines copy alike", async () => {
    const entries = await sign(statements(honestEvents(), honestAudit()));
    const document = `{"checkpoints":[\n${entries.map(publishedCheckpointLine).join(",\n")}\n],"jwks":"/transparency/jwks.json"}\n`;
    expect(parseCheckpointListDocument(document)).toEqual(entries);
    expect(parseCheckpointListDocument(`${entries.map(publishedCheckpointLine).join("\n")}\n`)).toEqual(entries);
    expect(parseCheckpointListDocument(publishedCheckpointLine(entries[0]!))).toEqual([entries[0]]);
    expect(parseCheckpointListDocument("")).toEqual([]);
    expect(() => parseCheckpointListDocument("{\"checkpoints\":")).toThrow(/not JSON/);
  });
});

describe("reading a history export", () => {
  async function* from(lines: string[]) {
    for (const line of lines) yield line;
  }
  const exported = (events: LedgerEventRecord[], audit: HistoryAuditRow[]) => [
    historyHeaderLine(new Date("2026-11-29T13:00:00.000Z")),
    ...events.map(historyEventLine),
    ...audit.map(historyAuditLine),
    historyEndLine({ consentEvents: events.length, auditRows: audit.length }),
  ];

  it("round-trips what the verifier needs, streaming", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const entries = await sign(statements(events, audit));
    expect(await verifyPublishedCheckpoints({ entries, jwks: keys.publicJwks, history: historyFromLines(from(exported(events, audit))) })).toMatchObject({ ok: true, events: 8, auditRows: 11 });
    expect(await verifyPublishedCheckpoints({ entries, jwks: keys.publicJwks, history: historyFromLines(from(exported([], []))) })).toMatchObject({ ok: false, problem: "ledger_behind_checkpoint" });
  });

  it("carries the checkpoints' openings before the events, and still reads a version 1 export", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const { list, openings } = committed(statements(events, audit), 2);
    const entries = await sign(list);
    const lines = exported(events, audit);
    const withOpenings = [lines[0]!, ...openings.map(historyOpeningLine), ...lines.slice(1)];
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: "tsunagi-history", version: 2 });
    const run = (exportLines: string[]) => verifyPublishedCheckpoints({ entries, jwks: keys.publicJwks, history: historyFromLines(from(exportLines)) });
    expect(await run(withOpenings)).toMatchObject({ ok: true, checkpoints: 3, events: 8, auditRows: 11 });
    // One opening taken out of the export is named, not a broken export.
    expect(await run(withOpenings.filter((line) => line !== historyOpeningLine(openings[0]!)))).toMatchObject({ ok: false, problem: "checkpoint_not_opened", checkpointSeq: 2, found: "missing" });
    // An export from before ADR 114 verifies a list of version 1 checkpoints, and opens none.
    const v1Header = JSON.stringify({ format: "tsunagi-history", version: 1, exportedAt: "2026-11-29T13:00:00.000Z" });
    const v1Entries = await sign(statements(events, audit));
    expect(await verifyPublishedCheckpoints({ entries: v1Entries, jwks: keys.publicJwks, history: historyFromLines(from([v1Header, ...lines.slice(1)])) })).toMatchObject({ ok: true, checkpoints: 3 });
    expect(await run([v1Header, ...lines.slice(1)])).toMatchObject({ ok: false, problem: "checkpoint_not_opened", checkpointSeq: 2 });
    await expect(run([v1Header, ...openings.map(historyOpeningLine), ...lines.slice(1)])).rejects.toThrow(/a checkpoint opening in a version 1 export/);
    await expect(run([lines[0]!, historyOpeningLine(openings[1]!), historyOpeningLine(openings[0]!), ...lines.slice(1)])).rejects.toThrow(/out of order/);
    await expect(run([lines[0]!, JSON.stringify({ checkpointOpening: { ...openings[0]!, salt: "x" } }), ...lines.slice(1)])).rejects.toThrow(/not a checkpoint opening/);
  });

  it("refuses an export cut short, padded, out of order or not an export at all, as unverifiable", async () => {
    const events = honestEvents();
    const audit = honestAudit();
    const entries = await sign(statements(events, audit));
    const run = (lines: string[]) => verifyPublishedCheckpoints({ entries, jwks: keys.publicJwks, history: historyFromLines(from(lines)) });
    const lines = exported(events, audit);
    await expect(run(lines.slice(0, -1))).rejects.toThrow(HistoryExportError);
    await expect(run(lines.slice(0, 5))).rejects.toThrow(/cut short/);
    await expect(run([...lines.slice(0, -1), historyEndLine({ consentEvents: 8, auditRows: 12 })])).rejects.toThrow(/holds 8 and 11/);
    await expect(run([...lines, lines[1]!])).rejects.toThrow(/after the closing counts/);
    const auditStart = 1 + events.length;
    const disordered = [...lines.slice(0, auditStart), lines[auditStart + 1]!, lines[auditStart]!, ...lines.slice(auditStart + 2)];
    await expect(run(disordered)).rejects.toThrow(/out of id order/);
    await expect(run(["{}", ...lines.slice(1)])).rejects.toThrow(/header/);
    await expect(run([lines[0]!, "not json"])).rejects.toThrow(/not JSON/);
    await expect(run([lines[0]!, JSON.stringify({ consentEvent: { ...events[0], extra: 1 } })])).rejects.toThrow(/not a consent event/);
  });
});
