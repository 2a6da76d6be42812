import { getDatabase, type Database, type Transaction } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import type { FamilyScope } from "./family-access-rule";
import { lockFamilyOwner } from "./lock-family-owner.server";

type Owner = { userId: string; participantId?: string | null; request: RequestContext };

/** The owner's access row, read after their lock: another participant's id, or one already ended, is not found. */
async function liveAccessOf(tx: Transaction, participantId: string, accessId: string) {
  const access = await tx.familyAccess.findFirst({ where: { id: accessId, participantId, endedAt: null } });
  if (!access) throw new AppError("not_found");
  return access;
}

function auditContext(owner: Owner) {
  return { actorUserId: owner.userId, ipAddress: owner.request.ipAddress, userAgent: owner.request.userAgent };
}

/**
 * Narrow (or widen) what one follower sees. The access row is what every family page reads, so the change holds
 * from the follower's very next request; there is nothing cached to expire.
 */
export async function changeFamilyScope(owner: Owner & { accessId: string; scope: FamilyScope }, db: Database = getDatabase()): Promise<void> {
  const now = owner.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const subject = await lockFamilyOwner(tx, owner.userId, owner.participantId);
    const access = await liveAccessOf(tx, subject.participantId, owner.accessId);
    if (access.scope === owner.scope) throw new AppError("nothing_changed");
    await tx.familyAccess.update({ where: { id: access.id }, data: { scope: owner.scope, scopeChangedAt: now } });
    await recordAuditEvent(
      tx,
      { type: "family.access_changed", outcome: "success", detail: { participantId: subject.participantId, accessId: access.id, change: "scope_changed", scope: owner.scope, previousScope: access.scope } },
      auditContext(owner),
    );
  });
}

/** End one follower's access, paused or not. Kept as a row (who could see what, until when), never deleted. */
export async function endFamilyAccess(owner: Owner & { accessId: string }, db: Database = getDatabase()): Promise<void> {
  const now = owner.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const subject = await lockFamilyOwner(tx, owner.userId, owner.participantId);
    const access = await liveAccessOf(tx, subject.participantId, owner.accessId);
    await tx.familyAccess.update({ where: { id: access.id }, data: { endedAt: now, endedById: owner.userId } });
    await recordAuditEvent(tx, { type: "family.access_changed", outcome: "success", detail: { participantId: subject.participantId, accessId: access.id, change: "ended", scope: access.scope } }, auditContext(owner));
  });
}

/**
 * Names one live follower as the relative to be told if the participant dies or loses capacity (ADR 143), or stops
 * naming them. One at a time: naming another replaces the one named before, under the owner's lock.
 */
export async function nominateFamilyRelative(owner: Owner & { accessId: string; nominate: boolean }, db: Database = getDatabase()): Promise<void> {
  const now = owner.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const subject = await lockFamilyOwner(tx, owner.userId, owner.participantId);
    const access = await liveAccessOf(tx, subject.participantId, owner.accessId);
    if ((access.nominatedAt !== null) === owner.nominate) throw new AppError("nothing_changed");
    if (owner.nominate) await tx.familyAccess.updateMany({ where: { participantId: subject.participantId, nominatedAt: { not: null } }, data: { nominatedAt: null } });
    await tx.familyAccess.update({ where: { id: access.id }, data: { nominatedAt: owner.nominate ? now : null } });
    await recordAuditEvent(
      tx,
      { type: "family.access_changed", outcome: "success", detail: { participantId: subject.participantId, accessId: access.id, change: owner.nominate ? "nominated" : "unnominated", scope: access.scope } },
      auditContext(owner),
    );
  });
}

/**
 * The now-adult participant keeps an access their proxy had granted: it was paused at the transfer at majority
 * (ADR 036) and opens again only by the participant's own decision. Only the participant themselves confirms.
 */
export async function confirmFamilyAccess(owner: Owner & { accessId: string }, db: Database = getDatabase()): Promise<void> {
  await db.$transaction(async (tx) => {
    const subject = await lockFamilyOwner(tx, owner.userId, owner.participantId);
    if (subject.as !== "self") throw new AppError("forbidden");
    const access = await liveAccessOf(tx, subject.participantId, owner.accessId);
    if (!access.pausedAt) throw new AppError("nothing_changed");
    await tx.familyAccess.update({ where: { id: access.id }, data: { pausedAt: null, pausedReason: null } });
    await recordAuditEvent(tx, { type: "family.access_changed", outcome: "success", detail: { participantId: subject.participantId, accessId: access.id, change: "confirmed", scope: access.scope } }, auditContext(owner));
  });
}

/** Withdraw an invitation not yet accepted: its link stops working at once (accepting checks it under a row lock). */
export async function withdrawFamilyInvitation(owner: Owner & { invitationId: string }, db: Database = getDatabase()): Promise<void> {
  const now = owner.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const subject = await lockFamilyOwner(tx, owner.userId, owner.participantId);
    const { count } = await tx.familyInvitation.updateMany({ where: { id: owner.invitationId, participantId: subject.participantId, acceptedAt: null, withdrawnAt: null }, data: { withdrawnAt: now } });
    if (count !== 1) throw new AppError("not_found");
    await recordAuditEvent(tx, { type: "family.invitation_withdrawn", outcome: "success", detail: { participantId: subject.participantId, invitationId: owner.invitationId } }, auditContext(owner));
  });
}
