import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpush from "web-push";
import { z } from "zod";
import { dataDir, getEnv } from "../../env.server";

export const VAPID_KEYS_FILE = "push-vapid-keys.json";

const VapidFileSchema = z.object({ publicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/), privateKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** Who runs the application server, as RFC 8292 asks: the programme's mail address. */
  subject: string;
}

let cached: { file: string; keys: VapidKeys } | undefined;

/**
 * The application server's VAPID key pair (RFC 8292; issue 32 item 5, ADR 110): `<TSUNAGI_DATA_DIR>/push-vapid-keys.json`,
 * made on first ask (0600, created exclusively so two processes starting together keep the same pair). A browser's
 * subscription is bound to the public key it was made with, so the pair is not rotated like the signing keys: a new
 * pair means every device must turn notifications on again (docs/operations.md).
 */
export function vapidKeys(): VapidKeys {
  const file = path.join(dataDir(), VAPID_KEYS_FILE);
  if (cached?.file === file) return cached.keys;
  let stored: z.infer<typeof VapidFileSchema>;
  try {
    stored = VapidFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`${file} is not a VAPID key pair: ${(error as Error).message}`);
    mkdirSync(path.dirname(file), { recursive: true });
    const made = webpush.generateVAPIDKeys();
    try {
      writeFileSync(file, `${JSON.stringify({ publicKey: made.publicKey, privateKey: made.privateKey, createdAt: new Date().toISOString() }, null, 2)}\n`, { flag: "wx", mode: 0o600 });
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== "EEXIST") throw writeError;
    }
    stored = VapidFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  }
  const address = /<([^>]+)>/.exec(getEnv().MAIL_FROM)?.[1] ?? getEnv().MAIL_FROM.trim();
  const keys = { ...stored, subject: `mailto:${address}` };
  cached = { file, keys };
  return keys;
}
