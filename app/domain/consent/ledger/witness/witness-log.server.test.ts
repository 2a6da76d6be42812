import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { witnessLine, type WitnessedEvent } from "./ledger-witness";
import { appendWitnessLine, readWitnessedSince, readWitnessHead, readWitnessLog, witnessLinesFromEnd, witnessLogPath } from "./witness-log.server";

const dir = mkdtempSync(path.join(tmpdir(), "tsunagi-witness-log-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = () => path.join(dir, `witness-${++files}.jsonl`);

function event(seq: number, participant = `p-${seq % 3}`): WitnessedEvent {
  const hex = (n: number) => n.toString(16).padStart(64, "0");
  return { globalSeq: String(seq), chainHash: hex(seq), participantId: participant, participantSeq: 1 + Math.floor(seq / 3), hash: hex(1000 + seq) };
}

const seenAt = (seconds: number) => new Date(Date.UTC(2026, 10, 28, 4, 0, seconds)).toISOString();

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("the witness log", () => {
  it("lives beside the ledger checkpoint log", () => {
    expect(witnessLogPath({ ledgerLogFile: "/data/ledger/ledger-checkpoints.jsonl" })).toBe("/data/ledger/ledger-witness.jsonl");
  });

  it("gives back every event once, in order, with when it was seen; its head; and what came after a position", async () => {
    const file = newFile();
    expect(await readWitnessHead(file)).toBeNull();
    expect(await collect(readWitnessLog(file))).toEqual([]);
    await appendWitnessLine(file, { seenAt: seenAt(1), events: [event(1), event(2)] });
    await appendWitnessLine(file, { seenAt: seenAt(2), events: [event(3)] });
    // A look that overlapped an earlier one (another process): the first record of each event stands.
    await appendWitnessLine(file, { seenAt: seenAt(3), events: [event(3), event(4)] });
    expect((await collect(readWitnessLog(file))).map((entry) => [entry.globalSeq, entry.seenAt])).toEqual([
      ["1", seenAt(1)],
      ["2", seenAt(1)],
      ["3", seenAt(2)],
      ["4", seenAt(3)],
    ]);
    expect(await readWitnessHead(file)).toEqual({ ...event(4), seenAt: seenAt(3) });
    expect((await readWitnessedSince(file, 2n)).map((entry) => entry.globalSeq)).toEqual(["3", "4"]);
    expect((await readWitnessedSince(file, 0n)).map((entry) => entry.globalSeq)).toEqual(["1", "2", "3", "4"]);
    expect(await readWitnessedSince(file, 4n)).toEqual([]);
  });

  it("skips a line torn by a crash, and a last line still being written; the next append starts on a line of its own", async () => {
    const file = newFile();
    await appendWitnessLine(file, { seenAt: seenAt(1), events: [event(1)] });
    const whole = witnessLine({ seenAt: seenAt(2), events: [event(2)] });
    appendFileSync(file, whole.slice(0, 40));
    expect(await readWitnessHead(file)).toEqual({ ...event(1), seenAt: seenAt(1) });
    expect((await collect(readWitnessLog(file))).map((entry) => entry.globalSeq)).toEqual(["1"]);
    // The witness's head was #1, so its next look records #2 again.
    await appendWitnessLine(file, { seenAt: seenAt(3), events: [event(2)] });
    expect((await collect(readWitnessLog(file))).map((entry) => [entry.globalSeq, entry.seenAt])).toEqual([
      ["1", seenAt(1)],
      ["2", seenAt(3)],
    ]);
    expect(await readWitnessHead(file)).toEqual({ ...event(2), seenAt: seenAt(3) });
  });

  it("reads from the end across chunk boundaries of a large log", async () => {
    const file = newFile();
    const lines: string[] = [];
    for (let seq = 1; seq <= 3000; seq += 2) lines.push(witnessLine({ seenAt: seenAt(seq % 60), events: [event(seq), event(seq + 1)] }));
    writeFileSync(file, `${lines.join("\n")}\n`);
    const fromEnd = await collect(witnessLinesFromEnd(file));
    expect(fromEnd).toHaveLength(1500);
    expect(fromEnd.map((line) => line.events[0]!.globalSeq)).toEqual(Array.from({ length: 1500 }, (_, index) => String(2999 - 2 * index)));
    expect((await readWitnessedSince(file, 2995n)).map((entry) => entry.globalSeq)).toEqual(["2996", "2997", "2998", "2999", "3000"]);
  });

  it("refuses a line whose events are not one consecutive stretch of the chain", async () => {
    const file = newFile();
    writeFileSync(file, `${witnessLine({ seenAt: seenAt(1), events: [event(1), event(3)] })}\n`);
    expect(await collect(readWitnessLog(file))).toEqual([]);
  });
});
