import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, getEnv } from "../../env.server";

let cached: { dir: string; secret: string } | undefined;

/**
 * The one secret the database does not hold. Production sets APP_SECRET; development keeps a random one under
 * .data/ so a restart does not lock staff out. Every key the app needs is derived from it, one per purpose.
 */
export function appSecret(): string {
  const configured = getEnv().APP_SECRET;
  if (configured) return configured;
  const dir = dataDir();
  if (cached?.dir === dir) return cached.secret;
  const file = path.join(dir, "app-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // "wx": of two processes starting at once, the second keeps the first one's secret.
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  cached = { dir, secret: readFileSync(file, "utf8").trim() };
  return cached.secret;
}
