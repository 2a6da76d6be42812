import type { AppLoadContext } from "@remix-run/node";
import { getSession, secondFactorPending } from "../../../auth/guards.server";
import { hasPermission } from "../../../domain/authz/index";
import { readerAudienceOf } from "../../../domain/updates/index.server";
import { publicAudience, type ReaderAudience } from "../../../domain/updates/index";

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
  const userId = await updateReaderAccountOf(request, context);
  return userId ? { userId, audience: await readerAudienceOf(userId) } : { userId: null, audience: publicAudience };
}

/** The account reading as itself, or null for one who reads as the public (the list reads the audience in its own statement). */
export async function updateReaderAccountOf(request: Request, context: AppLoadContext): Promise<string | null> {
  const session = await getSession(request, context);
  return !session || secondFactorPending(session) || !hasPermission(session.user.roles, "updates:read") ? null : session.userId;
}
