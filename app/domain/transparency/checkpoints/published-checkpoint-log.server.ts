import fs from "node:fs/promises";
import path from "node:path";
import { dataDir, getEnv } from "../../../env.server";
import { checkpointLogPath, readLastCheckpointLine } from "../../consent/index.server";
import { publishedCheckpointLine, type SignedPublishedCheckpoint } from "./published-checkpoint";

/**
 * The public checkpoint list, kept where ADR 012 keeps the ledger checkpoints: a file only ever appended to, outside
 * the database (issue 27 item 2). `/transparency/checkpoints.json` is served from it, never from a table, so a database
 * superuser who empties or rewrites `PublishedCheckpoint` changes nothing the public reads — and the next publication
 * refuses to go on over the gap. Line n is checkpoint n, as `publishedCheckpointLine` writes it: what a witness stores.
 */
export const PUBLISHED_CHECKPOINT_LOG = "published-checkpoints.jsonl";

/** Beside the ledger checkpoint log (LEDGER_CHECKPOINT_LOG, else the data folder): one place to keep on WORM storage. */
export function publishedCheckpointLogPath(options: { ledgerLogFile?: string; dataDir?: string } = {}): string {
  const ledgerLog = options.ledgerLogFile ?? checkpointLogPath({ logFile: getEnv().LEDGER_CHECKPOINT_LOG, dataDir: options.dataDir ?? dataDir(getEnv()) });
  return path.join(path.dirname(ledgerLog), PUBLISHED_CHECKPOINT_LOG);
}

/** Appends checkpoints' lines and waits for them to reach the disk (O_APPEND: nothing written before can be rewritten here). */
export async function appendPublishedCheckpoints(file: string, entries: readonly SignedPublishedCheckpoint[]): Promise<void> {
  if (entries.length === 0) return;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, "a", 0o644);
  try {
    await handle.appendFile(entries.map((entry) => `${publishedCheckpointLine(entry)}\n`).join(""), "utf8");
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** The log's last line (the newest checkpoint), or null when nothing is published. */
export function readLastPublishedLine(file: string): Promise<string | null> {
  return readLastCheckpointLine(file);
}

/**
 * Where each line starts, kept per file and extended as the file grows, so a page of the list is read from its offset
 * rather than by reading the list from its start: at one checkpoint a minute the list gains half a million lines a year.
 */
interface LineIndex {
  /** Byte offset of line n + 1 (checkpoint n + 1) at index n. */
  starts: number[];
  /** Bytes read into the index: every complete line before this offset is indexed. */
  indexedBytes: number;
  /** The file's identity: a file replaced (a restore) is indexed anew. */
  inode: number;
}
const indexes = new Map<string, LineIndex>();

async function indexOf(file: string, handle: fs.FileHandle): Promise<{ index: LineIndex; size: number }> {
  const { size, ino } = await handle.stat();
  let index = indexes.get(file);
  if (!index || index.inode !== ino || size < index.indexedBytes) {
    index = { starts: [], indexedBytes: 0, inode: ino };
    indexes.set(file, index);
  }
  let position = index.indexedBytes;
  const chunk = Buffer.alloc(1 << 20);
  let lineStart = index.starts.length === 0 ? 0 : index.indexedBytes;
  while (position < size) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - position), position);
    if (bytesRead === 0) break;
    for (let offset = 0; offset < bytesRead; offset++) {
      if (chunk[offset] !== 0x0a) continue;
      index.starts.push(lineStart);
      lineStart = position + offset + 1;
      index.indexedBytes = lineStart;
    }
    position += bytesRead;
  }
  return { index, size };
}

/**
 * Lines `after + 1` … `after + limit` (checkpoints by number) and how many complete lines the log holds. A torn last
 * line (a write cut short) is not served: it is not a checkpoint until its newline is on the disk.
 */
export async function readPublishedLines(file: string, options: { after: number; limit: number }): Promise<{ lines: string[]; total: number }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { lines: [], total: 0 };
    throw error;
  }
  try {
    const { index } = await indexOf(file, handle);
    const total = index.starts.length;
    const first = Math.max(0, options.after);
    const last = Math.min(total, first + options.limit);
    if (first >= last) return { lines: [], total };
    const from = index.starts[first]!;
    const to = last < total ? index.starts[last]! : index.indexedBytes;
    const buffer = Buffer.alloc(to - from);
    await handle.read(buffer, 0, buffer.length, from);
    const lines = buffer.toString("utf8").split("\n");
    lines.pop();
    return { lines, total };
  } finally {
    await handle.close();
  }
}
