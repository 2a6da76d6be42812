import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, getEnv } from "../../env.server";

let cached: { file: string; key: string } | undefined;

/** Where the development mailbox's key is kept: beside the captured mail, readable by its owner only. */
export function mailboxKeyPath(): string {
  return path.join(dataDir(getEnv()), "mailbox-key");
}

/**
 * The key that opens /dev/mailbox (ADR 014). `npm start` prints a link carrying it; it is kept in the data folder
 * with mode 0600, so whoever may open the mailbox is whoever may read the captured mail files themselves — not
 * whoever can reach the port. Created on first use.
 */
export function ensureMailboxKey(): string {
  const file = mailboxKeyPath();
  if (cached?.file === file) return cached.key;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": of two processes starting at once, the second keeps the first one's key.
    writeFileSync(file, `${randomBytes(24).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  cached = { file, key: readFileSync(file, "utf8").trim() };
  return cached.key;
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether `candidate` is the mailbox key, compared in constant time. */
export function isMailboxKey(candidate: string): boolean {
  return timingSafeEqual(digest(candidate), digest(ensureMailboxKey()));
}
