import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { describeVerdict } from "./ledger-verify";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));

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

  it("exits 2, not 0 or 1, when it cannot reach the database", async () => {
    const run = promisify(execFile)("npx", ["tsx", "scripts/ledger-verify.ts"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nowhere" },
      timeout: 60_000,
    });
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Ledger verification could not run") });
  }, 60_000);
});
