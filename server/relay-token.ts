import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ensureApiToken } from "../app/domain/api-tokens/index.server";
import { dataDir, type Env } from "../app/env.server";

export const RELAY_TOKEN_NAME = "Outbox relay";

export function relayTokenFile(env: Env): string {
  return path.join(dataDir(env), "relay-token");
}

/**
 * The relay's API token (scope bridge:ingest), as `npm start`, `npm run dev`, `npm run relay` and the tests give it to
 * the relay they run on one machine (the relay issues none itself: its own login may not, ADR 055, 103). RELAY_TOKEN
 * when set; otherwise the one kept in <TSUNAGI_DATA_DIR>/relay-token while it still works, or a new one written there
 * (readable by this user only).
 * The database keeps only the token's hash, so the file is the one place the secret can be read back from.
 */
export async function resolveRelayToken(env: Env): Promise<string> {
  if (env.RELAY_TOKEN) return env.RELAY_TOKEN;
  const file = relayTokenFile(env);
  const existing = await readFile(file, "utf8").then((text) => text.trim(), () => null);
  const { token, reused } = await ensureApiToken({ existingToken: existing, name: RELAY_TOKEN_NAME, scopes: ["bridge:ingest"] });
  if (!reused) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${token}\n`, { mode: 0o600 });
  }
  // writeFile's mode applies only to a new file; keep an old one private too.
  await chmod(file, 0o600);
  return token;
}
