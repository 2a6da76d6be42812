import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendCheckpointLine, readCheckpointLog, readLastCheckpointLine } from "./checkpoint-log.server";
import { checkpointLine, GENESIS_HASH, parseCheckpointLine, type SignedCheckpoint } from "./ledger-checkpoint";

let folder = "";
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), "tsunagi-checkpoint-log-"));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function checkpoint(seq: number, participants = 0): SignedCheckpoint {
  return {
    checkpoint: {
      version: 1,
      seq,
      previous: GENESIS_HASH,
      takenAt: "2026-11-22T10:00:00.000Z",
      ledger: { globalSeq: String(participants), chainHash: "a".repeat(64) },
      participants: Array.from({ length: participants }, (_, index) => ({
        participantId: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
        participantSeq: 1,
        globalSeq: String(index + 1),
        hash: "b".repeat(64),
      })),
      audit: { throughId: "0", rows: 0, digest: "c".repeat(64) },
    },
    jws: "header..signature",
  };
}

describe("the checkpoint log file", () => {
  it("is created readable by its owner only, and appended to a line at a time", async () => {
    const file = path.join(folder, "nested", "ledger-checkpoints.jsonl");
    expect(await readCheckpointLog(file)).toBeNull();
    expect(await readLastCheckpointLine(file)).toBeNull();
    await appendCheckpointLine(file, checkpoint(1));
    await appendCheckpointLine(file, checkpoint(2));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = (await readCheckpointLog(file))!;
    expect(lines.map((line) => parseCheckpointLine(line)?.checkpoint.seq)).toEqual([1, 2]);
    expect(lines[0]).toBe(checkpointLine(checkpoint(1)));
    expect(await readLastCheckpointLine(file)).toBe(checkpointLine(checkpoint(2)));
  });

  it("gives the last line however long the lines are, and a torn last line as it is", async () => {
    const file = path.join(folder, "long.jsonl");
    // About 150 kB a line: a first checkpoint of a ledger with a thousand participants, across read chunks.
    const long = [checkpoint(1, 1000), checkpoint(2, 1001)];
    for (const entry of long) await appendCheckpointLine(file, entry);
    expect(checkpointLine(long[1]!).length).toBeGreaterThan(140_000);
    expect(await readLastCheckpointLine(file)).toBe(checkpointLine(long[1]!));
    appendFileSync(file, checkpointLine(checkpoint(3)).slice(0, 100));
    expect(await readLastCheckpointLine(file)).toBe(checkpointLine(checkpoint(3)).slice(0, 100));
    expect((await readCheckpointLog(file))!.at(-1)).toBe(checkpointLine(checkpoint(3)).slice(0, 100));

    const single = path.join(folder, "single.jsonl");
    writeFileSync(single, `${checkpointLine(checkpoint(1))}\n`);
    expect(await readLastCheckpointLine(single)).toBe(checkpointLine(checkpoint(1)));
    const empty = path.join(folder, "empty.jsonl");
    writeFileSync(empty, "");
    expect(await readLastCheckpointLine(empty)).toBeNull();
    expect(await readCheckpointLog(empty)).toEqual([]);
  });

  it("finds the last line wherever the newlines fall against the read chunks", async () => {
    const file = path.join(folder, "boundaries.jsonl");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 140_000 }), { minLength: 1, maxLength: 4 }), fc.boolean(), async (lengths, torn) => {
        const lines = lengths.map((length, index) => String.fromCharCode(97 + index).repeat(length));
        // A torn line is a write cut short after at least one byte: "a\n" plus a torn empty line is the same file
        // as the whole line "a", and is read as that.
        if (torn && lines.at(-1) === "") lines[lines.length - 1] = "z";
        const content = lines.join("\n") + (torn ? "" : "\n");
        writeFileSync(file, content);
        expect(await readLastCheckpointLine(file)).toBe(content === "" ? null : lines.at(-1));
      }),
      { numRuns: 60, examples: [[[1, 0], true], [[0], true], [[0], false], [[65_535], false], [[65_536], false], [[65_535, 0], false], [[10, 65_535], true], [[65_536, 65_535], false]] },
    );
  });
});
