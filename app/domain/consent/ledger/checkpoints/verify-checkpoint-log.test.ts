import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_AUDIT_DIGEST } from "./audit-digest";
import { checkpointHashOf, checkpointLine, GENESIS_HASH, type LedgerCheckpoint, type SignedCheckpoint } from "./ledger-checkpoint";
import { loadCheckpointKeys, type CheckpointKeys } from "./load-checkpoint-keys.server";
import { signCheckpoint } from "./sign-checkpoint";
import { verifyCheckpointLog } from "./verify-checkpoint-log";

const hex = (digit: string) => digit.repeat(64);
let folder = "";
let keys: CheckpointKeys;
let otherKeys: CheckpointKeys;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "tsunagi-checkpoint-keys-"));
  keys = (await loadCheckpointKeys({ dataDir: path.join(folder, "ours"), generate: true }))!;
  otherKeys = (await loadCheckpointKeys({ dataDir: path.join(folder, "theirs"), generate: true }))!;
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Three honest checkpoints: the ledger at 3, then 5; then only the audit log moved. */
function honestCheckpoints(): LedgerCheckpoint[] {
  const first: LedgerCheckpoint = {
    version: 1,
    seq: 1,
    previous: GENESIS_HASH,
    takenAt: "2026-11-22T10:00:00.000Z",
    ledger: { globalSeq: "3", chainHash: hex("a") },
    participants: [
      { participantId: "p-1", participantSeq: 2, globalSeq: "2", hash: hex("1") },
      { participantId: "p-2", participantSeq: 1, globalSeq: "3", hash: hex("2") },
    ],
    audit: { throughId: "10", rows: 9, digest: hex("d") },
  };
  const second: LedgerCheckpoint = {
    ...first,
    seq: 2,
    previous: checkpointHashOf(first),
    takenAt: "2026-11-22T10:01:00.000Z",
    ledger: { globalSeq: "5", chainHash: hex("b") },
    participants: [{ participantId: "p-1", participantSeq: 4, globalSeq: "5", hash: hex("3") }],
    audit: { throughId: "12", rows: 2, digest: hex("e") },
  };
  const third: LedgerCheckpoint = {
    ...second,
    seq: 3,
    previous: checkpointHashOf(second),
    takenAt: "2026-11-22T10:02:00.000Z",
    participants: [],
    audit: { throughId: "15", rows: 3, digest: hex("f") },
  };
  return [first, second, third];
}

async function lines(checkpoints: LedgerCheckpoint[], signWith: CheckpointKeys = keys): Promise<string[]> {
  const signed: SignedCheckpoint[] = [];
  for (const checkpoint of checkpoints) signed.push(await signCheckpoint(checkpoint, signWith.signing!));
  return signed.map(checkpointLine);
}

describe("the checkpoint log", () => {
  it("verifies with the public keys alone", async () => {
    const log = await lines(honestCheckpoints());
    const publicOnly = { keys: keys.publicJwks.keys.map(({ kty, crv, x, y, kid, alg, use }) => ({ kty, crv, x, y, kid, alg, use })) };
    const verdict = await verifyCheckpointLog(log, publicOnly);
    expect(verdict.ok).toBe(true);
    expect(verdict.checkpoints.map((entry) => entry.checkpoint.seq)).toEqual([1, 2, 3]);
    expect(await verifyCheckpointLog([], keys.publicJwks)).toEqual({ ok: true, checkpoints: [] });
  });

  it("finds a checkpoint signed with another key, whether or not it claims to be ours", async () => {
    const checkpoints = honestCheckpoints();
    const log = await lines(checkpoints);
    const forged = await signCheckpoint(checkpoints[2]!, otherKeys.signing!);
    expect(await verifyCheckpointLog([...log.slice(0, 2), checkpointLine(forged)], keys.publicJwks)).toMatchObject({ ok: false, line: 3, seq: 3, problem: "unknown_key" });
    const claimingOurs = await signCheckpoint(checkpoints[2]!, { kid: keys.signing!.kid, privateKey: otherKeys.signing!.privateKey });
    expect(await verifyCheckpointLog([...log.slice(0, 2), checkpointLine(claimingOurs)], keys.publicJwks)).toMatchObject({ ok: false, line: 3, problem: "bad_signature" });
  });

  it("finds an edited checkpoint: any changed field breaks its signature", async () => {
    const log = await lines(honestCheckpoints());
    const edits: [string, (checkpoint: LedgerCheckpoint) => void][] = [
      ["head moved back", (checkpoint) => (checkpoint.ledger.globalSeq = "4")],
      ["chain hash", (checkpoint) => (checkpoint.ledger.chainHash = hex("c"))],
      ["a participant's head", (checkpoint) => (checkpoint.participants[0]!.hash = hex("9"))],
      ["a participant dropped", (checkpoint) => checkpoint.participants.pop()],
      ["audit rows", (checkpoint) => (checkpoint.audit.rows -= 1)],
      ["time", (checkpoint) => (checkpoint.takenAt = "2026-11-22T10:00:30.000Z")],
    ];
    for (const [what, edit] of edits) {
      const entry = JSON.parse(log[1]!) as SignedCheckpoint;
      edit(entry.checkpoint);
      const verdict = await verifyCheckpointLog([log[0]!, JSON.stringify(entry), log[2]!], keys.publicJwks);
      expect(verdict, what).toMatchObject({ ok: false, line: 2, problem: "bad_signature" });
      expect(verdict.checkpoints, what).toHaveLength(1);
    }
  });

  it("finds lines removed, repeated, reordered, torn or not checkpoints at all", async () => {
    const log = await lines(honestCheckpoints());
    expect(await verifyCheckpointLog([log[0]!, log[2]!], keys.publicJwks)).toMatchObject({ ok: false, line: 2, seq: 3, problem: "sequence_gap" });
    expect(await verifyCheckpointLog([log[1]!, log[2]!], keys.publicJwks)).toMatchObject({ ok: false, line: 1, seq: 2, problem: "sequence_gap" });
    expect(await verifyCheckpointLog([log[0]!, log[1]!, log[1]!], keys.publicJwks)).toMatchObject({ ok: false, line: 3, seq: 2, problem: "sequence_gap" });
    expect(await verifyCheckpointLog([log[0]!, log[2]!, log[1]!], keys.publicJwks)).toMatchObject({ ok: false, line: 2, problem: "sequence_gap" });
    expect(await verifyCheckpointLog([log[0]!, log[1]!, log[2]!.slice(0, 200)], keys.publicJwks)).toMatchObject({ ok: false, line: 3, seq: null, problem: "malformed_line" });
    expect(await verifyCheckpointLog([log[0]!, "", log[1]!], keys.publicJwks)).toMatchObject({ ok: false, line: 2, problem: "malformed_line" });
    expect(await verifyCheckpointLog([log[0]!, JSON.stringify({ checkpoint: honestCheckpoints()[1], jws: "x" })], keys.publicJwks)).toMatchObject({ ok: false, line: 2, problem: "not_a_detached_jws" });
  });

  it("finds a signed checkpoint that does not link to the one before, goes backwards or contradicts itself", async () => {
    const [first, second, third] = honestCheckpoints() as [LedgerCheckpoint, LedgerCheckpoint, LedgerCheckpoint];
    const check = async (replacement: LedgerCheckpoint) => verifyCheckpointLog(await lines([first, second, replacement]), keys.publicJwks);
    expect(await check({ ...third, previous: checkpointHashOf(first) })).toMatchObject({ ok: false, line: 3, problem: "broken_link" });
    expect(await check({ ...third, ledger: { globalSeq: "4", chainHash: hex("c") }, participants: [] })).toMatchObject({ ok: false, problem: "went_backwards" });
    expect(await check({ ...third, audit: { throughId: "11", rows: 0, digest: EMPTY_AUDIT_DIGEST } })).toMatchObject({ ok: false, problem: "went_backwards" });
    expect(await check({ ...third, takenAt: "2026-11-22T10:00:59.000Z" })).toMatchObject({ ok: false, problem: "went_backwards" });
    // The head did not move but its hash changed; a participant listed though nothing moved; too many audit rows.
    expect(await check({ ...third, ledger: { globalSeq: "5", chainHash: hex("c") } })).toMatchObject({ ok: false, problem: "inconsistent_contents" });
    expect(await check({ ...third, participants: second.participants })).toMatchObject({ ok: false, problem: "inconsistent_contents" });
    expect(await check({ ...third, audit: { throughId: "15", rows: 4, digest: hex("f") } })).toMatchObject({ ok: false, problem: "inconsistent_contents" });
    expect(await check({ ...third, audit: { throughId: "12", rows: 0, digest: hex("f") } })).toMatchObject({ ok: false, problem: "inconsistent_contents" });
    // The ledger moved, but the participants do not end at its head, or repeat, or lie outside the window.
    const moved = { ...third, ledger: { globalSeq: "7", chainHash: hex("c") } };
    const at = (participantId: string, globalSeq: string) => ({ participantId, participantSeq: 1, globalSeq, hash: hex("4") });
    expect(await check({ ...moved, participants: [at("p-3", "6"), at("p-4", "7")] })).toMatchObject({ ok: true });
    expect(await check({ ...moved, participants: [] })).toMatchObject({ ok: false, problem: "inconsistent_contents" });
    expect(await check({ ...moved, participants: [at("p-3", "6")] })).toMatchObject({ ok: false, problem: "inconsistent_contents" });
    expect(await check({ ...moved, participants: [at("p-3", "6"), at("p-3", "7")] })).toMatchObject({ ok: false, problem: "inconsistent_contents" });
    expect(await check({ ...moved, participants: [at("p-3", "5"), at("p-4", "7")] })).toMatchObject({ ok: false, problem: "inconsistent_contents" });
    expect(await check({ ...moved, participants: [at("p-4", "7"), at("p-3", "6")] })).toMatchObject({ ok: false, problem: "inconsistent_contents" });
  });
});
