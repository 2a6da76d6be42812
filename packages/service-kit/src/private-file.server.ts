import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/**
 * Replaces `file` with `text` so that a reader sees the old file or the new one, never a part: written to a temporary
 * file in the same folder (mode 0600, and `owner` when given, so the service that reads it still can), flushed to
 * disk, renamed over the old one, and the folder flushed too so the rename survives a crash. For secrets kept in
 * files: key sets (ADR 054), the services' database passwords (ADR 055).
 */
export async function writePrivateFileAtomically(file: string, text: string, options: { owner?: { uid: number; gid: number } } = {}): Promise<void> {
  const folder = path.dirname(file);
  await fs.mkdir(folder, { recursive: true });
  const temporary = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await fs.open(temporary, "wx", 0o600);
  try {
    if (options.owner) await handle.chown(options.owner.uid, options.owner.gid);
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  const directory = await fs.open(folder, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
