import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { canonicalJson } from "../../consent/index.server";
import { CheckpointOpeningSchema, type CheckpointOpening } from "./published-checkpoint";

/**
 * The private half of the public list (ADR 114): every version 2 checkpoint's opening, one canonical JSON line each, in
 * a file beside the ledger checkpoint log and the public list (the same folder, kept on the same storage outside the
 * database). It is how a checkpoint's row is put back with its opening when a superuser emptied `PublishedCheckpoint`.
 * Written before the checkpoint's public line: a crash between the two leaves an opening for a number that is then
 * published again with another salt, so a reader takes the one that opens the statement, never the first it finds.
 * Mode 0600: the openings are the heads the public list hides.
 */
export const CHECKPOINT_OPENINGS_LOG = "published-checkpoint-openings.jsonl";

export function checkpointOpeningsPath(options: { ledgerLogFile: string }): string {
  return path.join(path.dirname(path.resolve(options.ledgerLogFile)), CHECKPOINT_OPENINGS_LOG);
}

/**
 * Appends openings and waits for them to reach the disk. A line torn by a crash is closed with a newline first, so the
 * new line is not glued to it (readers skip a line that does not parse).
 */
export async function appendCheckpointOpenings(file: string, openings: readonly CheckpointOpening[]): Promise<void> {
  if (openings.length === 0) return;
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
    await handle.appendFile(`${prefix}${checkpointOpeningsText(openings)}`, "utf8");
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** The file's contents for these writers: one line per opening, as `appendCheckpointOpenings` writes them. */
export function checkpointOpeningsText(openings: readonly CheckpointOpening[]): string {
  return openings.map((opening) => `${canonicalJson(opening)}\n`).join("");
}

/**
 * The openings the file holds for checkpoints `after + 1` … `through`, every candidate for each (see above), in file
 * order. Streams the file: it is read only when the table and the public list disagree, or at a restart after a restore.
 */
export async function readCheckpointOpenings(file: string, range: { after: number; through: number }): Promise<Map<number, CheckpointOpening[]>> {
  const found = new Map<number, CheckpointOpening[]>();
  if (range.through <= range.after) return found;
  try {
    await fs.access(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return found;
    throw error;
  }
  for await (const text of createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity })) {
    let parsed: ReturnType<typeof CheckpointOpeningSchema.safeParse>;
    try {
      parsed = CheckpointOpeningSchema.safeParse(JSON.parse(text));
    } catch {
      continue;
    }
    if (!parsed.success || parsed.data.seq <= range.after || parsed.data.seq > range.through) continue;
    found.set(parsed.data.seq, [...(found.get(parsed.data.seq) ?? []), parsed.data]);
  }
  return found;
}
