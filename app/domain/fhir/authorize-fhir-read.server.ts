import { getDatabase, type Database } from "../../db.server";
import { authenticateApiToken, type ApiTokenRefusal } from "../api-tokens/index.server";
import { hasPermission, type Role } from "../authz";

export type FhirReader = { kind: "token"; tokenId: string } | { kind: "staff"; userId: string };

export type FhirAuthorization =
  | { ok: true; reader: FhirReader }
  | { ok: false; status: 401 | 403; reason: ApiTokenRefusal | "permission"; tokenId?: string; userId?: string };

/** A signed-in session that has passed every sign-in step (the route decides that; this only reads the role). */
export interface FhirSession {
  userId: string;
  user: { roles: readonly Role[] };
}

/**
 * Who may read consent records as FHIR: a machine with an API token scoped `fhir:read`, or a signed-in staff
 * member whose role holds `consent:read`. A request that carries a token is judged by the token alone, so a
 * bad token is never rescued by a cookie that happens to ride along.
 */
export async function authorizeFhirRead(
  options: { authorization: string | null; session: FhirSession | null; now?: Date },
  db: Database = getDatabase(),
): Promise<FhirAuthorization> {
  if (options.authorization !== null) {
    const result = await authenticateApiToken({ authorization: options.authorization, scope: "fhir:read", now: options.now }, db);
    if (result.ok) return { ok: true, reader: { kind: "token", tokenId: result.token.id } };
    return { ok: false, status: result.reason === "scope" ? 403 : 401, reason: result.reason, tokenId: result.tokenId };
  }
  if (!options.session) return { ok: false, status: 401, reason: "missing" };
  if (!hasPermission(options.session.user.roles, "consent:read")) return { ok: false, status: 403, reason: "permission", userId: options.session.userId };
  return { ok: true, reader: { kind: "staff", userId: options.session.userId } };
}
