import { getDatabase, type Database } from "../../db.server";
import { constantTimeEqual, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { parseApiToken } from "@tsunagi/consent-rules/api-token-format";
import { isApiTokenScope, type ApiTokenScope } from "@tsunagi/consent-rules/api-token-scopes";

export type ApiTokenRefusal = "missing" | "malformed" | "unknown" | "revoked" | "expired" | "scope";

export type ApiTokenAuthentication =
  | { ok: true; token: { id: string; name: string; scopes: ApiTokenScope[] } }
  /** `tokenId` is set once the secret has been proven, so an audit row never names a token someone merely guessed. */
  | { ok: false; reason: ApiTokenRefusal; tokenId?: string };

/** lastUsedAt is informative; writing it on every request would turn every read into a write. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

// Compared against when the id is unknown, so an unknown id costs the same hash-and-compare as a known one.
const decoyHash = sha256("tsunagi-api-token-decoy");

const bearerPattern = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Checks `Authorization: Bearer tsg_<id>.<secret>` for a scope. The secret is compared in constant time, as
 * for sessions; revocation and expiry are checked only after the secret matched.
 */
export async function authenticateApiToken(
  options: { authorization: string | null; scope: ApiTokenScope; now?: Date },
  db: Database = getDatabase(),
): Promise<ApiTokenAuthentication> {
  if (options.authorization === null || options.authorization.trim() === "") return { ok: false, reason: "missing" };
  const bearer = bearerPattern.exec(options.authorization);
  const parsed = bearer ? parseApiToken(bearer[1]!) : null;
  if (!parsed) return { ok: false, reason: "malformed" };

  const now = options.now ?? new Date();
  const row = await db.apiToken.findUnique({ where: { id: parsed.id } });
  const secretMatches = constantTimeEqual(sha256(parsed.secret), row ? new Uint8Array(row.secretHash) : decoyHash);
  if (!row || !secretMatches) return { ok: false, reason: "unknown" };
  if (row.revokedAt && row.revokedAt <= now) return { ok: false, reason: "revoked", tokenId: row.id };
  if (row.expiresAt && row.expiresAt <= now) return { ok: false, reason: "expired", tokenId: row.id };
  if (!row.scopes.includes(options.scope)) return { ok: false, reason: "scope", tokenId: row.id };

  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_WRITE_INTERVAL_MS) {
    // Conditional, so concurrent requests in the same minute write once between them.
    await db.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_WRITE_INTERVAL_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { ok: true, token: { id: row.id, name: row.name, scopes: row.scopes.filter(isApiTokenScope) } };
}
