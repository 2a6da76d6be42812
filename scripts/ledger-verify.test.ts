import { describe, expect, it } from "vitest";
import { describeVerdict } from "./ledger-verify";
import { runOperatorCommand } from "../tests/support/operator-command";


describe("npm run ledger:verify", () => {
  it("reports an intact ledger with its event count and the global chain head to publish", () => {
    expect(describeVerdict({ ok: true, events: 1234, head: "ab".repeat(32) })).toBe(`Ledger intact: 1234 events verified; global chain head ${"ab".repeat(32)}`);
  });

  it("names the first broken event, its place in the global chain, its participant and what is wrong", () => {
    const text = describeVerdict({ ok: false, events: 14, eventId: "e-14", globalSeq: "14", participantId: "p-3", problem: "participant_chain_broken" });
    expect(text).toBe("Ledger broken at event e-14 (global #14, participant p-3): participant chain broken");
  });

  it("names the participant whose stored consent state differs from the replay", () => {
    expect(describeVerdict({ ok: false, events: 20, participantId: "p-9", problem: "projection_mismatch" })).toContain("participant p-9 differs from the replay");
  });

  it("says how far the signed checkpoints vouch for the ledger, or that there is none yet", () => {
    const base = { ok: true as const, events: 20, head: "ab".repeat(32), auditRows: 7, witnessedThrough: "20" };
    expect(describeVerdict({ ...base, checkpoints: 3, latestCheckpoint: { seq: 3, takenAt: "2026-11-22T10:00:00.000Z", globalSeq: "20" } })).toBe(
      `Ledger intact: 20 events verified; global chain head ${"ab".repeat(32)}; holds every event the witness recorded, through global #20; extends all 3 signed checkpoints, the latest #3 taken 2026-11-22T10:00:00.000Z at global #20; 7 audit rows as checkpointed`,
    );
    expect(describeVerdict({ ...base, checkpoints: 0, latestCheckpoint: null })).toContain("no checkpoint yet, so only the ledger's own chains were checked");
    expect(describeVerdict({ ...base, witnessedThrough: null, checkpoints: 0, latestCheckpoint: null })).toContain("no witness log to hold it against");
  });

  it("names an event the witness recorded that the ledger lost or replaced, whose it was and when it was seen (ADR 113)", () => {
    const lost = { ok: false as const, problem: "ledger_lacks_witnessed_event" as const, events: 13, globalSeq: "14", participantId: "p-1", participantSeq: 2, seenAt: "2026-11-28T04:00:00.109Z" };
    expect(describeVerdict({ ...lost, found: "missing" })).toBe(
      "Ledger rolled back: consent event global #14 (participant p-1, their event #2), which the witness recorded committed at 2026-11-28T04:00:00.109Z, is missing from the ledger",
    );
    expect(describeVerdict({ ...lost, found: "differs" })).toBe(
      "Ledger rewritten: consent event global #14 (participant p-1, their event #2), which the witness recorded committed at 2026-11-28T04:00:00.109Z, is not the event the ledger now holds there",
    );
  });

  it("names the first checkpoint a rolled-back or rewritten ledger fails, the last position still vouched for and the participants", () => {
    const mismatch = {
      ok: false as const,
      events: 13,
      checkpointSeq: 4,
      checkpointTakenAt: "2026-11-22T10:05:00.000Z",
      checkpointGlobalSeq: "15",
      intactThrough: "13",
      ledgerEnd: "13",
      globalSeq: "14",
      participantId: "p-1",
      participantIds: ["p-1", "p-2"],
    };
    expect(describeVerdict({ ...mismatch, problem: "ledger_behind_checkpoint" })).toBe(
      "Ledger rolled back: checkpoint #4 (taken 2026-11-22T10:05:00.000Z) signed the ledger up to global #15, but it ends at global #13; " +
        "first difference at or before global #14 (participant p-1); intact through global #13; participants affected: p-1, p-2",
    );
    expect(describeVerdict({ ...mismatch, problem: "ledger_differs_from_checkpoint", ledgerEnd: "20", participantIds: ["p-1"] })).toBe(
      "Ledger rewritten: it no longer passes through checkpoint #4 (taken 2026-11-22T10:05:00.000Z, global #15); " +
        "first difference at or before global #14 (participant p-1); intact through global #13; participants affected: p-1",
    );
  });

  it("names altered audit rows, a broken checkpoint log and a database copy that differs from it", () => {
    expect(
      describeVerdict({ ok: false, problem: "audit_differs_from_checkpoint", checkpointSeq: 2, checkpointTakenAt: "2026-11-22T10:01:00.000Z", afterId: "40", throughId: "52", rowsNow: 11, rowsSigned: 12 }),
    ).toBe("Audit log altered: the audit rows after #40 up to #52 are not those checkpoint #2 (taken 2026-11-22T10:01:00.000Z) signed: 11 rows now, 12 signed");
    expect(describeVerdict({ ok: false, problem: "checkpoint_log_invalid", file: "/data/log.jsonl", line: 5, seq: 5, reason: "unknown_key" })).toBe(
      "Checkpoint log /data/log.jsonl broken at line 5 (checkpoint #5): signed with a key that is not a checkpoint key",
    );
    expect(describeVerdict({ ok: false, problem: "checkpoint_log_invalid", file: "/data/log.jsonl", line: 6, seq: null, reason: "malformed_line" })).toBe(
      "Checkpoint log /data/log.jsonl broken at line 6: not a checkpoint",
    );
    expect(describeVerdict({ ok: false, problem: "checkpoint_log_missing", file: "/data/log.jsonl", stored: 9 })).toBe("Checkpoint log /data/log.jsonl is missing, but the database holds 9 checkpoints");
    expect(describeVerdict({ ok: false, problem: "checkpoint_copy_differs", file: "/data/log.jsonl", seq: 3, detail: "missing_from_log" })).toBe(
      "The database's copy of checkpoint #3 does not match /data/log.jsonl: the database holds it but the log does not",
    );
  });

  it("exits 2, not 0 or 1, when it cannot reach the database", async () => {
    const run = await runOperatorCommand("ledger-verify", [], { ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nowhere" }, { timeout: 60_000 });
    expect(run).toMatchObject({ code: 2, output: expect.stringContaining("Ledger verification could not run") });
  }, 60_000);
});
