import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseWitnessLine, witnessLine, type WitnessedEvent, type WitnessLine } from "./ledger-witness";

export const WITNESS_LOG_NAME = "ledger-witness.jsonl";

/**
 * The witness log lives beside the ledger checkpoint log (LEDGER_CHECKPOINT_LOG's folder): the same storage outside the
 * database, kept the same way (ADR 012: WORM storage or another host in production).
 */
export function witnessLogPath(options: { ledgerLogFile: string }): string {
  return path.join(path.dirname(path.resolve(options.ledgerLogFile)), WITNESS_LOG_NAME);
}

/**
 * Appends one line. Opened only for appending. A line torn by a crash is closed with a newline first, so the new line
 * is not glued to it: readers skip a torn line, and the witness, whose head is its last whole line, records the torn
 * line's events again. Not synced here: a look follows every commit, and a sync each time took a fifth of the consent
 * changes a second on this machine's shared disk (bench/RESULTS.md); `syncWitnessLog` before a checkpoint signs.
 */
export async function appendWitnessLine(file: string, line: WitnessLine): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, "a+", 0o600);
  try {
    const { size } = await handle.stat();
    let prefix = "";
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = "\n";
    }
    await handle.appendFile(`${prefix}${witnessLine(line)}\n`, "utf8");
  } finally {
    await handle.close();
  }
}

/** Waits for every line written so far to reach the disk (none: nothing to do). */
export async function syncWitnessLog(file: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * The log's whole lines from the end backwards, newest first, parsed; unreadable lines (torn) are skipped, and so is a
 * last line still being written (no newline yet). Stops when the caller stops asking.
 */
export async function* witnessLinesFromEnd(file: string): AsyncGenerator<WitnessLine> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    let end = size;
    // Bytes of a line whose start is in a chunk not read yet.
    let pending = Buffer.alloc(0);
    // Until the file's last newline is found, what is read is a last line still being written (or torn): dropped.
    let inTail = true;
    while (end > 0) {
      const length = Math.min(262_144, end);
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, end - length);
      end -= length;
      let text = Buffer.concat([chunk, pending]);
      if (inTail) {
        const lastNewline = text.lastIndexOf(0x0a);
        if (lastNewline < 0) {
          pending = text;
          continue;
        }
        inTail = false;
        text = text.subarray(0, lastNewline);
      }
      let upTo = text.length;
      for (;;) {
        const newline = upTo === 0 ? -1 : text.lastIndexOf(0x0a, upTo - 1);
        if (newline < 0) break;
        const parsed = parseWitnessLine(text.subarray(newline + 1, upTo).toString("utf8"));
        if (parsed) yield parsed;
        upTo = newline;
      }
      pending = text.subarray(0, upTo);
    }
    if (!inTail && pending.length > 0) {
      const parsed = parseWitnessLine(pending.toString("utf8"));
      if (parsed) yield parsed;
    }
  } finally {
    await handle.close();
  }
}

/** The newest event the witness recorded and when, or null when it has recorded none (no log, or an empty one). */
export async function readWitnessHead(file: string): Promise<(WitnessedEvent & { seenAt: string }) | null> {
  for await (const line of witnessLinesFromEnd(file)) return { ...line.events.at(-1)!, seenAt: line.seenAt };
  return null;
}

/**
 * The events the witness recorded after global position `after`, in global order, each with when it was seen. Read
 * from the end: the checkpointer asks every minute for the last minute's, and the log grows for years.
 */
export async function readWitnessedSince(file: string, after: bigint): Promise<(WitnessedEvent & { seenAt: string })[]> {
  const lines: WitnessLine[] = [];
  for await (const line of witnessLinesFromEnd(file)) {
    lines.push(line);
    if (BigInt(line.events[0]!.globalSeq) <= after + 1n) break;
  }
  return orderedEvents(lines.reverse(), after);
}

/**
 * Every event the log holds, in global order, each once (a look that overlapped an earlier one — two processes, or a
 * torn line recorded again — repeats events; the first record of each stands). Streams: the log may be large.
 */
export async function* readWitnessLog(file: string): AsyncGenerator<WitnessedEvent & { seenAt: string }> {
  let stream: ReturnType<typeof createReadStream>;
  try {
    await fs.access(file);
    stream = createReadStream(file, { encoding: "utf8" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  let last = 0n;
  // readline yields a last line without its newline too: it is being written, and skipped like a torn one if unparsable.
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    const line = parseWitnessLine(text);
    if (!line) continue;
    for (const event of orderedEvents([line], last)) {
      last = BigInt(event.globalSeq);
      yield event;
    }
  }
}

function orderedEvents(lines: readonly WitnessLine[], after: bigint): (WitnessedEvent & { seenAt: string })[] {
  const events: (WitnessedEvent & { seenAt: string })[] = [];
  let last = after;
  for (const line of lines) {
    for (const event of line.events) {
      const at = BigInt(event.globalSeq);
      if (at <= last) continue;
      events.push({ ...event, seenAt: line.seenAt });
      last = at;
    }
  }
  return events;
}
