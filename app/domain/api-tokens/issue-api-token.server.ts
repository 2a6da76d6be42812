import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { API_TOKEN_ID_LENGTH, API_TOKEN_SECRET_LENGTH, formatApiToken } from "@tsunagi/consent-rules/api-token-format";
import { ApiTokenScopeSchema, apiTokenScopes, type ApiTokenScope } from "@tsunagi/consent-rules/api-token-scopes";

const DAY_MS = 24 * 60 * 60 * 1000;

export const IssueApiTokenSchema = z.object({
  // Names the client in lists and audit rows; never part of the secret.
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(ApiTokenScopeSchema)
    .min(1)
    .max(apiTokenScopes.length)
    .transform((scopes) => apiTokenScopes.filter((scope) => scopes.includes(scope))),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type IssueApiTokenInput = z.input<typeof IssueApiTokenSchema>;

export interface IssuedApiToken {
  id: string;
  name: string;
  scopes: ApiTokenScope[];
  expiresAt: Date | null;
  /** The only time the secret exists outside the caller's hands: show it once, never store or log it. */
  token: string;
}

/**
 * Issues a token for a machine client. `createdById` is null for tokens the demo seed makes. The secret is
 * returned once and only its SHA-256 is kept, so a database leak does not leak usable tokens.
 */
export async function issueApiToken(
  options: IssueApiTokenInput & { createdById: string | null; context?: AuditContext; now?: Date },
  db: Database = getDatabase(),
): Promise<IssuedApiToken> {
  const input = IssueApiTokenSchema.parse({ name: options.name, scopes: options.scopes, expiresInDays: options.expiresInDays });
  const now = options.now ?? new Date();
  const id = generateSecureRandomString(API_TOKEN_ID_LENGTH);
  const secret = generateSecureRandomString(API_TOKEN_SECRET_LENGTH);
  const expiresAt = input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS);
  await db.$transaction(async (tx) => {
    await tx.apiToken.create({
      data: { id, name: input.name, secretHash: sha256(secret), scopes: input.scopes, createdById: options.createdById, createdAt: now, expiresAt },
    });
    await recordAuditEvent(
      tx,
      { type: "api_token.issued", outcome: "success", detail: { tokenId: id, name: input.name, scopes: input.scopes } },
      { actorUserId: options.createdById, subjectUserId: null, ...options.context },
    );
  });
  return { id, name: input.name, scopes: input.scopes, expiresAt, token: formatApiToken(id, secret) };
}
