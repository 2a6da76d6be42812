import fc from "fast-check";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chainHashOf, GENESIS_HASH, hashEventBody, verificationCodeOf } from "./event-hash";
import type { ConsentEventType, LedgerEventBody, LedgerEventRecord, Signature } from "@tsunagi/consent-rules/ledger-event";
import { ChainVerifier, verifyChains } from "./verify-chains";

// ---------------------------------------------------------------------------------------------------------------
// A ledger built the way appendConsentEvent builds one: each event hashed over its body, linked to the participant's
// previous event and to the previous event in the whole ledger.

type Draft = Omit<LedgerEventBody, "id" | "globalSeq" | "participantSeq" | "prevHash">;

function seal(drafts: Draft[]): LedgerEventRecord[] {
  const lastHashOf = new Map<string, { hash: string; seq: number }>();
  let globalPrevHash = GENESIS_HASH;
  return drafts.map((draft, index) => {
    const previous = lastHashOf.get(draft.participantId);
    const body: LedgerEventBody = {
      ...draft,
      id: randomUUID(),
      globalSeq: String(index + 1),
      participantSeq: (previous?.seq ?? 0) + 1,
      prevHash: previous?.hash ?? GENESIS_HASH,
    };
    const hash = hashEventBody(body);
    const record: LedgerEventRecord = { ...body, hash, globalPrevHash, chainHash: chainHashOf(globalPrevHash, hash), verificationCode: verificationCodeOf(hash) };
    lastHashOf.set(body.participantId, { hash, seq: body.participantSeq });
    globalPrevHash = record.chainHash;
    return record;
  });
}

const formVersionId = randomUUID();
const formVersionHash = "ab".repeat(32);
const coordinator = randomUUID();
const names = ["山田 花子", "佐藤 太郎", "鈴木 一郎", "Jane Smith", "高橋 美咲"];
const participants = names.map(() => randomUUID());
const allYes = { "core.wgs": "yes", "return.primary": "yes", "share.academia": "yes", "share.industry": "yes", "findings.secondary.hereditary_cancer": "want" };

let clock = Date.parse("2026-04-01T00:00:00.000Z");
function draft(who: number, type: ConsentEventType, extra: Partial<Draft> = {}): Draft {
  clock += 61_017; // every event at its own millisecond, so no two occurredAt values coincide
  const occurredAt = new Date(clock).toISOString();
  const signed = ["granted", "reconsented", "proxy_granted", "transferred_at_majority"].includes(type);
  const signature: Signature | null = signed
    ? {
        printedName: type === "proxy_granted" ? `${names[who]} の親` : names[who]!,
        signedAt: occurredAt,
        statement: "私は、説明を受け、理解したうえで、全ゲノム解析に参加することに同意します。",
        language: who % 2 === 0 ? "ja" : "en",
        ...(type === "proxy_granted" ? { onBehalfAs: "parent" } : {}),
        ...(who === 2 ? { witnessName: "田中 看護師" } : {}),
      }
    : null;
  return {
    participantId: participants[who]!,
    type,
    occurredAt,
    actorUserId: signed ? randomUUID() : coordinator,
    actorRole: signed ? "participant" : "coordinator",
    method: who === 2 ? "assisted" : "online",
    formVersionId,
    formVersionHash,
    choices: allYes,
    signature,
    withdrawalLevel: null,
    detail: signed ? { formVersion: "1.0", permittedPurposes: ["DUO:0000006", "DUO:0000007"], journeyId: randomUUID() } : {},
    ...extra,
  };
}

// Five participants, their events interleaved as they would be in a real ledger.
const baseLedger = seal([
  draft(0, "granted"),
  draft(1, "granted"),
  draft(3, "proxy_granted"),
  draft(0, "choices_changed", { choices: { ...allYes, "share.industry": "no" } }),
  draft(2, "granted"),
  draft(3, "assent", { detail: { assentAge: 9 } }),
  draft(4, "granted", { method: "paper", detail: { transcribed: true, scanSha256: "cd".repeat(32), permittedPurposes: ["DUO:0000006"] } }),
  draft(1, "reconsent_requested", { method: "system", detail: { pendingFormVersionId: randomUUID(), interimRule: "pause_new_uses" } }),
  draft(0, "reconsent_requested", { method: "system", detail: { pendingFormVersionId: randomUUID(), interimRule: "continue_previous" } }),
  draft(2, "choices_changed", { choices: { ...allYes, "findings.secondary.hereditary_cancer": "undecided" } }),
  draft(1, "reconsented", { choices: { ...allYes, "share.international": "no" } }),
  draft(4, "withdrawn", { withdrawalLevel: "no_contact", detail: { reason: "moved abroad" } }),
  draft(3, "transferred_at_majority"),
  draft(0, "reconsented"),
  draft(2, "withdrawn", { withdrawalLevel: "no_further_use" }),
  draft(4, "withdrawn", { withdrawalLevel: "destroy" }),
  draft(1, "choices_changed", { choices: { ...allYes, "recontact.research": "no", "recontact.channel": "post" } }),
  draft(3, "choices_changed", { choices: { "core.wgs": "yes" } }),
  draft(0, "choices_changed", { choices: {} }),
  draft(1, "withdrawn", { withdrawalLevel: "no_contact" }),
]);
const signedIndexes = baseLedger.flatMap((event, index) => (event.signature ? [index] : []));

// Through JSON, as rows come back from the database: no two events share an object.
const clone = (ledger: readonly LedgerEventRecord[]) => JSON.parse(JSON.stringify(ledger)) as LedgerEventRecord[];

// ---------------------------------------------------------------------------------------------------------------
// Single edits an insider with write access to the table might make.

type Path = (string | number)[];

/** Every editable leaf of an event: strings, numbers and nulls, however deep (signature, choices, detail). */
function leavesOf(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [path];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return entries.flatMap(([key, item]) => leavesOf(item, [...path, key]));
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}
function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
}

/** A different value of the same shape: one character replaced, a number moved, a null filled in. */
function altered(value: unknown, position: number, replacement: string, delta: number): unknown {
  if (typeof value === "string") {
    if (value.length === 0) return replacement;
    const at = position % value.length;
    const swapped = value[at] === replacement ? (replacement === "x" ? "y" : "x") : replacement;
    return value.slice(0, at) + swapped + value.slice(at + 1);
  }
  if (typeof value === "number") return value + delta;
  if (value === null) return replacement;
  if (typeof value === "boolean") return !value;
  throw new Error(`cannot alter ${typeof value}`);
}

interface Tampering {
  describe: string;
  /** Indexes (in global order) of the events the edit changes; the verdict must name the first. */
  touches: number[];
  apply: (ledger: LedgerEventRecord[]) => void;
}

/** The base ledger with only the touched events copied, so each run costs little more than the verification. */
function tamperedCopy(tampering: Tampering): LedgerEventRecord[] {
  const ledger = baseLedger.slice();
  for (const index of tampering.touches) ledger[index] = JSON.parse(JSON.stringify(baseLedger[index])) as LedgerEventRecord;
  tampering.apply(ledger);
  return ledger;
}

const eventIndex = fc.nat({ max: baseLedger.length - 1 });
const replacementChar = fc.constantFrom("0", "1", "a", "f", "x", "Z", "-", " ", "の", "\"");
const nonZero = fc.integer({ min: -3, max: 3 }).filter((delta) => delta !== 0);

const flipALeaf: fc.Arbitrary<Tampering> = fc
  .tuple(eventIndex, fc.nat(), fc.nat(), replacementChar, nonZero)
  .map(([index, leafPick, position, replacement, delta]) => {
    const leaves = leavesOf(baseLedger[index]);
    const path = leaves[leafPick % leaves.length]!;
    return {
      describe: `event ${index}: alter ${path.join(".")}`,
      touches: [index],
      apply: (ledger) => setAt(ledger[index], path, altered(getAt(ledger[index], path), position, replacement, delta)),
    };
  });

const choiceValues = ["yes", "no", "want", "not_want", "undecided", "email"];
const editChoices: fc.Arbitrary<Tampering> = fc
  .tuple(eventIndex, fc.constantFrom("change", "add", "remove"), fc.nat(), fc.constantFrom(...choiceValues))
  .map(([index, kind, pick, value]) => ({
    describe: `event ${index}: ${kind} a choice`,
    touches: [index],
    apply: (ledger) => {
      const choices = ledger[index]!.choices;
      const keys = Object.keys(choices);
      if (kind === "add" || keys.length === 0) {
        choices[["share.public_db", "linkage.public_db", "specimen.industry_only"][pick % 3]! + (keys.length === 0 ? "" : ".x")] = value;
        return;
      }
      const key = keys[pick % keys.length]!;
      if (kind === "remove") delete choices[key];
      else choices[key] = choices[key] === value ? (value === "yes" ? "no" : "yes") : value;
    },
  }));

const editDetail: fc.Arbitrary<Tampering> = fc.tuple(eventIndex, fc.constantFrom("add", "remove_or_add", "replace")).map(([index, kind]) => ({
  describe: `event ${index}: ${kind} detail`,
  touches: [index],
  apply: (ledger) => {
    const event = ledger[index]!;
    const keys = Object.keys(event.detail);
    if (kind === "replace") event.detail = { ...event.detail, tampered: true, permittedPurposes: ["DUO:0000042"] };
    else if (kind === "remove_or_add" && keys.length > 0) delete event.detail[keys[0]!];
    else event.detail = { ...event.detail, tampered: "yes" };
  },
}));

const twoDistinct = fc.tuple(eventIndex, eventIndex).filter(([a, b]) => a !== b);

const swapOccurredAt: fc.Arbitrary<Tampering> = twoDistinct.map(([a, b]) => ({
  describe: `swap occurredAt of events ${a} and ${b}`,
  touches: [a, b],
  apply: (ledger) => {
    [ledger[a]!.occurredAt, ledger[b]!.occurredAt] = [ledger[b]!.occurredAt, ledger[a]!.occurredAt];
  },
}));

const signedEvent = fc.constantFrom(...signedIndexes);
const transplantSignature: fc.Arbitrary<Tampering> = fc
  .tuple(signedEvent, eventIndex)
  .filter(([from, to]) => from !== to)
  .map(([from, to]) => ({
    describe: `copy the signature of event ${from} onto event ${to}`,
    touches: [to],
    apply: (ledger) => {
      ledger[to]!.signature = structuredClone(ledger[from]!.signature);
    },
  }));

const swapSignatures: fc.Arbitrary<Tampering> = fc
  .tuple(signedEvent, eventIndex)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({
    describe: `swap the signatures of events ${a} and ${b}`,
    touches: [a, b],
    apply: (ledger) => {
      [ledger[a]!.signature, ledger[b]!.signature] = [ledger[b]!.signature, ledger[a]!.signature];
    },
  }));

const moveToAnotherParticipant: fc.Arbitrary<Tampering> = fc.tuple(eventIndex, fc.nat({ max: participants.length - 2 })).map(([index, pick]) => ({
  describe: `move event ${index} to another participant`,
  touches: [index],
  apply: (ledger) => {
    const others = participants.filter((id) => id !== ledger[index]!.participantId);
    ledger[index]!.participantId = others[pick % others.length]!;
  },
}));

const anyTampering = fc.oneof(
  { arbitrary: flipALeaf, weight: 6 },
  { arbitrary: editChoices, weight: 2 },
  { arbitrary: editDetail, weight: 1 },
  { arbitrary: swapOccurredAt, weight: 1 },
  { arbitrary: transplantSignature, weight: 2 },
  { arbitrary: swapSignatures, weight: 2 },
  { arbitrary: moveToAnotherParticipant, weight: 1 },
);

// ---------------------------------------------------------------------------------------------------------------

describe("verifyChains", () => {
  it("accepts an intact ledger and reports its head", () => {
    expect(baseLedger.length).toBeGreaterThanOrEqual(20);
    expect(signedIndexes.length).toBeGreaterThanOrEqual(7);
    expect(verifyChains(baseLedger)).toEqual({ ok: true, events: baseLedger.length, head: baseLedger.at(-1)!.chainHash });
  });

  it("accepts the empty ledger, whose head is the genesis hash", () => {
    expect(verifyChains([])).toEqual({ ok: true, events: 0, head: GENESIS_HASH });
  });

  it("accepts events read back with their keys in another order (as jsonb returns them)", () => {
    const reordered = clone(baseLedger).map((event) => {
      const reverse = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).reverse()) as T;
      return { ...reverse(event), choices: reverse(event.choices), detail: reverse(event.detail), signature: event.signature && reverse(event.signature) };
    });
    expect(verifyChains(reordered).ok).toBe(true);
  });

  it("rejects any single edit or signature transplant, naming exactly the first event touched", () => {
    fc.assert(
      fc.property(anyTampering, (tampering) => {
        const ledger = tamperedCopy(tampering);
        const first = Math.min(...tampering.touches);
        const verdict = verifyChains(ledger);
        expect(verdict.ok, tampering.describe).toBe(false);
        if (verdict.ok) return;
        expect(verdict.events, tampering.describe).toBe(first + 1);
        expect(verdict.eventId, tampering.describe).toBe(ledger[first]!.id);
        expect(verdict.participantId, tampering.describe).toBe(ledger[first]!.participantId);
      }),
      { numRuns: 10_000 },
    );
    // The base ledger itself was never touched.
    expect(verifyChains(baseLedger).ok).toBe(true);
  }, 120_000);

  it("says what is wrong with a tampered event", () => {
    const problemAfter = (edit: (ledger: LedgerEventRecord[]) => void) => {
      const ledger = clone(baseLedger);
      edit(ledger);
      const verdict = verifyChains(ledger);
      return verdict.ok ? "ok" : `${verdict.events - 1}:${verdict.problem}`;
    };
    expect(problemAfter((l) => (l[4]!.signature = null))).toBe("4:hash_mismatch");
    expect(problemAfter((l) => (l[5]!.hash = l[4]!.hash))).toBe("5:hash_mismatch");
    expect(problemAfter((l) => (l[5]!.globalPrevHash = GENESIS_HASH))).toBe("5:global_chain_broken");
    expect(problemAfter((l) => (l[5]!.chainHash = l[4]!.chainHash))).toBe("5:chain_hash_mismatch");
    expect(problemAfter((l) => (l[5]!.verificationCode = l[4]!.verificationCode))).toBe("5:verification_code_mismatch");
  });

  describe("an insider who also recomputes the edited event's hashes", () => {
    function reseal(event: LedgerEventRecord, change: (event: LedgerEventRecord) => void): void {
      change(event);
      const { hash: _hash, globalPrevHash: _g, chainHash: _c, verificationCode: _v, ...body } = event;
      event.hash = hashEventBody(body);
      event.chainHash = chainHashOf(event.globalPrevHash, event.hash);
      event.verificationCode = verificationCodeOf(event.hash);
    }

    it("breaks the chains at the next event, which is then named", () => {
      const ledger = clone(baseLedger);
      reseal(ledger[3]!, (event) => (event.choices["share.industry"] = "yes"));
      expect(verifyChains(ledger)).toMatchObject({ ok: false, events: 5, eventId: ledger[4]!.id, problem: "global_chain_broken" });
    });

    it("still cannot move the newest event to another position in either chain", () => {
      const renumbered = clone(baseLedger);
      reseal(renumbered.at(-1)!, (event) => (event.participantSeq += 1));
      expect(verifyChains(renumbered)).toMatchObject({ ok: false, eventId: baseLedger.at(-1)!.id, problem: "participant_sequence_gap" });
      const skipped = clone(baseLedger);
      reseal(skipped.at(-1)!, (event) => (event.globalSeq = String(baseLedger.length + 1)));
      expect(verifyChains(skipped)).toMatchObject({ ok: false, eventId: baseLedger.at(-1)!.id, problem: "global_sequence_gap" });
      const detached = clone(baseLedger);
      reseal(detached.at(-1)!, (event) => (event.prevHash = GENESIS_HASH));
      expect(verifyChains(detached)).toMatchObject({ ok: false, eventId: baseLedger.at(-1)!.id, problem: "participant_chain_broken" });
    });

    it("cannot be caught inside the ledger when it is the newest event: only the published head shows it", () => {
      const ledger = clone(baseLedger);
      reseal(ledger.at(-1)!, (event) => (event.withdrawalLevel = null));
      const verdict = verifyChains(ledger);
      expect(verdict.ok).toBe(true);
      expect(verdict.ok && verdict.head).not.toBe(baseLedger.at(-1)!.chainHash);
    });
  });

  it("catches a deleted event, a reordering and a gap in the sequence", () => {
    const deleted = clone(baseLedger);
    deleted.splice(7, 1);
    expect(verifyChains(deleted)).toMatchObject({ ok: false, events: 8, eventId: baseLedger[8]!.id });

    const reordered = clone(baseLedger);
    [reordered[9], reordered[10]] = [reordered[10]!, reordered[9]!];
    expect(verifyChains(reordered)).toMatchObject({ ok: false, events: 10, eventId: baseLedger[10]!.id, problem: "global_sequence_gap" });

    const truncated = clone(baseLedger).slice(0, -1);
    expect(verifyChains(truncated)).toEqual({ ok: true, events: baseLedger.length - 1, head: baseLedger.at(-2)!.chainHash });
  });

  it("checks incrementally and stops at the first failure", () => {
    const ledger = clone(baseLedger);
    ledger[2]!.actorRole = "admin";
    const verifier = new ChainVerifier();
    expect(verifier.add(ledger[0]!)).toBe(true);
    expect(verifier.add(ledger[1]!)).toBe(true);
    expect(verifier.add(ledger[2]!)).toBe(false);
    expect(verifier.add(ledger[3]!)).toBe(false);
    expect(verifier.verdict()).toMatchObject({ ok: false, events: 3, eventId: ledger[2]!.id, problem: "hash_mismatch" });
  });
});
