import type { AppLoadContext } from "@remix-run/node";
import { getSession, secondFactorPending } from "../../auth/guards.server";
import { hasPermission } from "../../domain/authz/permissions";
import { readerAudienceOf } from "../../domain/updates/reader-audience.server";
import { publicAudience, type ReaderAudience } from "../../domain/updates/update-audiences";

export interface UpdateReader {
  /** Null for a visitor who reads as the public does (signed out, or signed in without updates:read). */
  userId: string | null;
  audience: ReaderAudience;
}

/**
 * Who is reading /updates and /updates/<id> (ADR 038): anyone may, as the public; a signed-in participant, proxy or
 * family member (`updates:read`) reads as their audience, read from the database on each request, with read markers.
 */
export async function updateReaderOf(request: Request, context: AppLoadContext): Promise<UpdateReader> {
  const session = await getSession(request, context);
  if (!session || secondFactorPending(session) || !hasPermission(session.user.roles, "updates:read")) return { userId: null, audience: publicAudience };
  return { userId: session.userId, audience: await readerAudienceOf(session.userId) };
}
