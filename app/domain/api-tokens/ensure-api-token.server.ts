import { getDatabase, type Database } from "../../db.server";
import { constantTimeEqual, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { parseApiToken } from "@tsunagi/consent-rules/api-token-format";
import type { ApiTokenScope } from "@tsunagi/consent-rules/api-token-scopes";
import { issueApiToken } from "./issue-api-token.server";

/**
 * For the demo seed, which runs on every start: keeps the token it wrote to demo.json last time while that
 * token still works with the same name and scopes, and issues a new one (by nobody: createdById null)
 * otherwise. The secret cannot be read back from the database, so the previous token must be handed in.
 */
export async function ensureApiToken(
  options: { existingToken?: string | null; name: string; scopes: ApiTokenScope[]; now?: Date },
  db: Database = getDatabase(),
): Promise<{ id: string; token: string; reused: boolean }> {
  const now = options.now ?? new Date();
  const parsed = options.existingToken ? parseApiToken(options.existingToken) : null;
  if (parsed && options.existingToken) {
    const row = await db.apiToken.findUnique({ where: { id: parsed.id } });
    const usable =
      row !== null &&
      constantTimeEqual(sha256(parsed.secret), new Uint8Array(row.secretHash)) &&
      row.revokedAt === null &&
      (row.expiresAt === null || row.expiresAt > now) &&
      row.name === options.name &&
      options.scopes.every((scope) => row.scopes.includes(scope));
    if (usable) return { id: parsed.id, token: options.existingToken, reused: true };
  }
  const issued = await issueApiToken({ name: options.name, scopes: options.scopes, createdById: null, now }, db);
  return { id: issued.id, token: issued.token, reused: false };
}
