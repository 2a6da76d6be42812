import { getDatabase, type Database, type Transaction } from "../../db.server";
import { fromStoredLanguage, toStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { recordAuditEvent } from "../kernel/index.server";
import { emailLinkRoles } from "../authz";
import { completeSignIn, type CompletedSignIn } from "../auth/index.server";
import type { RequestContext } from "../kernel/index";
import { sha256 } from "@tsunagi/service-kit/secure-random.server";
import type { FamilyRelationship, FamilyScope } from "./family-access-rule";
import { familyInvitationTokenPattern } from "./family-schemas";

export type ClosedFamilyInvitation = "invalid" | "expired" | "used" | "withdrawn";

export interface OpenFamilyInvitation {
  inviterName: string;
  name: string;
  relationship: FamilyRelationship;
  scope: FamilyScope;
  language: SupportedLanguage;
  expiresAt: string;
}

async function findByToken(db: Database | Transaction, token: string, lock: boolean) {
  if (!familyInvitationTokenPattern.test(token)) return null;
  const hash = Buffer.from(sha256(token));
  if (lock) {
    const [row] = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "FamilyInvitation" WHERE "tokenHash" = ${hash} FOR UPDATE`;
    if (!row) return null;
  }
  return db.familyInvitation.findUnique({ where: { tokenHash: hash }, include: { participant: { include: { identity: true } } } });
}

function closedReasonOf(row: { acceptedAt: Date | null; withdrawnAt: Date | null; expiresAt: Date }, now: Date): ClosedFamilyInvitation | null {
  if (row.withdrawnAt) return "withdrawn";
  if (row.acceptedAt) return "used";
  if (row.expiresAt <= now) return "expired";
  return null;
}

/** What the invitee reads before accepting (GET: a mail scanner opening the link uses nothing up). */
export async function openFamilyInvitation(token: string, now = new Date(), db: Database = getDatabase()): Promise<{ ok: true; invitation: OpenFamilyInvitation } | { ok: false; reason: ClosedFamilyInvitation }> {
  const row = await findByToken(db, token, false);
  if (!row || !row.participant.identity || row.participant.identity.erasedAt) return { ok: false, reason: "invalid" };
  const closed = closedReasonOf(row, now);
  if (closed) return { ok: false, reason: closed };
  return {
    ok: true,
    invitation: {
      inviterName: row.participant.identity.fullName,
      name: row.fullName,
      relationship: row.relationship,
      scope: row.scope,
      language: fromStoredLanguage(row.language),
      expiresAt: row.expiresAt.toISOString(),
    },
  };
}

export type AcceptFamilyInvitationResult = ({ ok: true; accessId: string } & CompletedSignIn) | { ok: false; reason: ClosedFamilyInvitation | "account_conflict" | "already_following" };

/**
 * The invitee accepts: in one transaction, with the invitation's row locked (a second tab, or a withdrawal at the
 * same moment, waits and then finds it used or withdrawn), their account is found or made (role `family`; an
 * existing participant, proxy or family account with that address is reused; a staff account never is), the access
 * row is written with the invitation's scope, and a session starts — the link was mailed to them, as a sign-in link is.
 */
export async function acceptFamilyInvitation(
  options: { token: string; language: SupportedLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<AcceptFamilyInvitationResult> {
  const { request } = options;
  const now = request.now ?? new Date();
  const context = { ipAddress: request.ipAddress, userAgent: request.userAgent };
  return db.$transaction(async (tx): Promise<AcceptFamilyInvitationResult> => {
    const row = await findByToken(tx, options.token, true);
    const refuse = async (reason: ClosedFamilyInvitation | "account_conflict" | "already_following", actorUserId: string | null = null) => {
      await recordAuditEvent(tx, { type: "family.invitation_accepted", outcome: "failure", detail: { reason, ...(row ? { invitationId: row.id, participantId: row.participantId } : {}) } }, { ...context, actorUserId });
      return { ok: false as const, reason };
    };
    if (!row || !row.participant.identity || row.participant.identity.erasedAt) return refuse("invalid");
    const closed = closedReasonOf(row, now);
    if (closed) return refuse(closed);

    const existing = await tx.user.findUnique({ where: { email: row.email } });
    if (existing && (existing.disabledAt || !emailLinkRoles.includes(existing.role))) return refuse("account_conflict");
    if (existing && existing.id === row.participant.userId) return refuse("account_conflict");
    const user =
      existing ??
      (await tx.user.create({ data: { email: row.email, displayName: row.fullName, role: "family", preferredLanguage: toStoredLanguage(options.language), createdAt: now } }));
    const live = await tx.familyAccess.count({ where: { participantId: row.participantId, familyUserId: user.id, endedAt: null } });
    if (live > 0) return refuse("already_following", user.id);

    await tx.familyInvitation.update({ where: { id: row.id }, data: { acceptedAt: now, acceptedUserId: user.id } });
    const access = await tx.familyAccess.create({
      data: { participantId: row.participantId, familyUserId: user.id, invitationId: row.id, fullName: row.fullName, relationship: row.relationship, scope: row.scope, grantedAt: now },
    });
    await recordAuditEvent(
      tx,
      { type: "family.invitation_accepted", outcome: "success", detail: { invitationId: row.id, participantId: row.participantId, accessId: access.id, accountCreated: !existing } },
      { ...context, actorUserId: user.id },
    );
    const completed = await completeSignIn(tx, { user, method: "email_link", secondFactorSatisfied: false, request: { ...request, now } });
    return { ok: true, accessId: access.id, ...completed };
  });
}
