import fs from "node:fs/promises";
import path from "node:path";
import { checkpointLine, type SignedCheckpoint } from "./ledger-checkpoint";

export const DEFAULT_CHECKPOINT_LOG = "ledger-checkpoints.jsonl";

/** LEDGER_CHECKPOINT_LOG, else `<dataDir>/ledger-checkpoints.jsonl`. */
export function checkpointLogPath(options: { logFile?: string; dataDir: string }): string {
  return path.resolve(options.logFile ?? path.join(options.dataDir, DEFAULT_CHECKPOINT_LOG));
}

/**
 * Appends one line and waits for it to reach the disk. The file is only ever opened for appending (O_APPEND):
 * this process cannot rewrite what it wrote before, and a production deployment puts the file where nobody can
 * (ADR 012: WORM storage or another host).
 */
export async function appendCheckpointLine(file: string, signed: SignedCheckpoint): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, "a", 0o600);
  try {
    await handle.appendFile(`${checkpointLine(signed)}\n`, "utf8");
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Every line of the log, or null when there is no log. A torn last line (no newline) is returned as it is. */
export async function readCheckpointLog(file: string): Promise<string[] | null> {
  const read = await readCheckpointLogLines(file);
  return read && (read.torn === null ? read.lines : [...read.lines, read.torn]);
}

/**
 * The log's whole lines, and the text after its last newline (`torn`, null when the file ends with one): a verifier
 * reading a live log may catch a line being appended, which is not a line yet. Null when there is no log.
 */
export async function readCheckpointLogLines(file: string): Promise<{ lines: string[]; torn: string | null } | null> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  if (text === "") return { lines: [], torn: null };
  const lines = text.split("\n");
  // The text after the last newline: "" when the file ends with one, else a line not (yet) whole.
  const tail = lines.pop()!;
  return { lines, torn: tail === "" ? null : tail };
}

/**
 * The log's last line, read from the end: the checkpointer looks at it every few seconds and the log grows by a
 * line a minute for years. Null when there is no log or it is empty.
 */
export async function readLastCheckpointLine(file: string): Promise<string | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return null;
    const chunks: Buffer[] = [];
    let end = size;
    let skippedFinalNewline = false;
    while (end > 0) {
      const length = Math.min(65_536, end);
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, end - length);
      end -= length;
      let upTo = chunk.length;
      if (!skippedFinalNewline) {
        skippedFinalNewline = true;
        if (chunk[upTo - 1] === 0x0a) upTo -= 1;
      }
      const newline = upTo === 0 ? -1 : chunk.lastIndexOf(0x0a, upTo - 1);
      if (newline >= 0) {
        chunks.unshift(chunk.subarray(newline + 1, upTo));
        break;
      }
      chunks.unshift(chunk.subarray(0, upTo));
    }
    return Buffer.concat(chunks).toString("utf8");
  } finally {
    await handle.close();
  }
}
