import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { API_TOKEN_CHANGED_CHANNEL } from "@tsunagi/consent-rules/api-token-notifications";

/**
 * Revokes a token at once: the next request with it is refused, by the app and by the bridge. Revoking an
 * already revoked token changes nothing and records nothing, so a double submit is harmless.
 */
export async function revokeApiToken(
  options: { tokenId: string; context: AuditContext; now?: Date },
  db: Database = getDatabase(),
): Promise<{ revoked: boolean }> {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id: options.tokenId, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) {
      const exists = await tx.apiToken.findUnique({ where: { id: options.tokenId }, select: { id: true } });
      if (!exists) throw new AppError("not_found");
      return { revoked: false };
    }
    await recordAuditEvent(tx, { type: "api_token.revoked", outcome: "success", detail: { tokenId: options.tokenId } }, { subjectUserId: null, ...options.context });
    // Delivered on commit: services that cache token checks (the pipeline bridge) drop this token at once.
    await tx.$executeRaw`SELECT pg_notify(${API_TOKEN_CHANGED_CHANNEL}, ${options.tokenId})`;
    return { revoked: true };
  });
}
