import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/**
 * Replaces `file` with `text` so that a reader sees the old file or the new one, never a part: written to a temporary
 * file in the same folder (mode 0600, and `owner` when given, so the service that reads it still can), flushed to
 * disk, renamed over the old one, and the folder flushed too so the rename survives a crash. For secrets kept in
 * files: key sets (ADR 054), the services' database passwords (ADR 055); with `replace: false`, for a file that must
 * not exist yet (a new checkpoint log, ADR 056).
 */
export async function writePrivateFileAtomically(file: string, text: string, options: { owner?: { uid: number; gid: number }; replace?: boolean } = {}): Promise<void> {
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
    // `replace: false`: link() never replaces a file, so a file that exists (or appears meanwhile) fails with EEXIST.
    if (options.replace === false) await fs.link(temporary, file);
    else await fs.rename(temporary, file);
  } finally {
    await fs.rm(temporary, { force: true });
  }
  const directory = await fs.open(folder, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
