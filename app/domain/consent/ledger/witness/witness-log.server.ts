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
 * Appends one line, through a handle opened only for appending and kept open between looks: a look follows every
 * commit, and opening, checking and closing the file each time was most of a look's cost (bench/RESULTS.md). The handle
 * is opened again when the path no longer names its file (set aside after a restore, ADR 056) or another process
 * appended. A line torn by a crash is closed with a newline first, so the new line is not glued to it: readers skip a
 * torn line, and the witness, whose head is its last whole line, records the torn line's events again. Not synced
 * here: a sync at every look took a fifth of the consent changes a second on this machine's shared disk;
 * `syncWitnessLog` runs before a checkpoint signs.
 */
export async function appendWitnessLine(file: string, line: WitnessLine): Promise<void> {
  const now = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  let writer = writers.get(file);
  if (writer && (!now || now.ino !== writer.ino || now.size !== writer.size)) {
    writers.delete(file);
    await writer.handle.close().catch(() => undefined);
    writer = undefined;
  }
  if (!writer) writer = await openWriter(file);
  const text = Buffer.from(`${writer.size > 0 && !writer.endsWithNewline ? "\n" : ""}${witnessLine(line)}\n`, "utf8");
  const before = writer.size;
  await writer.handle.write(text);
  writer.size = before + text.byteLength;
  writer.endsWithNewline = true;
  // This process's own line is the head now; a size that differs next time (another process) reads the end again.
  heads.set(file, { size: writer.size, head: { ...line.events.at(-1)!, seenAt: line.seenAt } });
}

interface WitnessWriter {
  handle: fs.FileHandle;
  ino: number;
  size: number;
  endsWithNewline: boolean;
}

const writers = new Map<string, WitnessWriter>();

async function openWriter(file: string): Promise<WitnessWriter> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, "a+", 0o600);
  const { size, ino } = await handle.stat();
  let endsWithNewline = true;
  if (size > 0) {
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    endsWithNewline = last[0] === 0x0a;
  }
  const writer = { handle, ino, size, endsWithNewline };
  writers.set(file, writer);
  return writer;
}

/** Closes the kept append handles (a process that goes on after the app it served: a test worker). */
export async function closeWitnessLogs(): Promise<void> {
  const open = [...writers.values()];
  writers.clear();
  heads.clear();
  await Promise.all(open.map((writer) => writer.handle.close().catch(() => undefined)));
}

/**
 * The head as last read or written by this process, with the file's size then. A size that differs (another process
 * appended, the file was replaced) reads the end again.
 */
const heads = new Map<string, { size: number; head: WitnessedEvent & { seenAt: string } }>();

/** The log opened for reading, or null when there is none yet. */
async function openForReading(file: string): Promise<fs.FileHandle | null> {
  try {
    return await fs.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Waits for every line written so far to reach the disk (none: nothing to do). */
export async function syncWitnessLog(file: string): Promise<void> {
  const handle = await openForReading(file);
  if (!handle) return;
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
  const handle = await openForReading(file);
  if (!handle) return;
  try {
    const { size } = await handle.stat();
    let end = size;
    // Bytes of a line whose start is in a chunk not read yet.
    let pending = Buffer.alloc(0);
    // Until the file's last newline is found, what is read is a last line still being written (or torn): dropped.
    let inTail = true;
    while (end > 0) {
      const length = Math.min(65_536, end);
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
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const known = heads.get(file);
  if (known && known.size === size) return known.head;
  for await (const line of witnessLinesFromEnd(file)) {
    const head = { ...line.events.at(-1)!, seenAt: line.seenAt };
    heads.set(file, { size, head });
    return head;
  }
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
