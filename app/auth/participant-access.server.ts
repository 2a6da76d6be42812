import type { AppLoadContext } from "@remix-run/node";
import type { Permission } from "../domain/authz/index";
import { loadStaffAccess, type StaffAccess } from "../domain/facilities/index.server";
import { requireParticipantInScope, type ParticipantInScope } from "../domain/facilities/index.server";
import type { ValidatedSession } from "../domain/session/index.server";
import { requirePermission } from "./guards.server";
import { requestContextOf } from "./request-context.server";
import { notFoundOrForbidden } from "../forms/refusals.server";

/**
 * The guard for every staff page and action about one participant (`/staff/participants/$id/…`): the role must
 * hold the permission (else 403, audited), and the participant must be in the staff member's facilities (else
 * 404, audited) — the same 404 as for an id that does not exist, so ids cannot be confirmed (ADR 015).
 */
export async function requireParticipantAccess(
  request: Request,
  context: AppLoadContext,
  permission: Permission,
  participantId: string | undefined,
): Promise<{ session: ValidatedSession } & ParticipantInScope> {
  const session = await requirePermission(request, context, permission);
  try {
    const inScope = await requireParticipantInScope({
      staffUserId: session.userId,
      participantId: participantId ?? "",
      path: new URL(request.url).pathname,
      request: await requestContextOf(request, context),
    });
    return { session, ...inScope };
  } catch (error) {
    notFoundOrForbidden(error);
  }
}

/** The guard for staff pages that list or search participants: the permission, and whom the lists may show. */
export async function requireStaffAccess(request: Request, context: AppLoadContext, permission: Permission): Promise<{ session: ValidatedSession; access: StaffAccess }> {
  const session = await requirePermission(request, context, permission);
  return { session, access: await loadStaffAccess(session.userId) };
}
