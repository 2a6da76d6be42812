import { z } from "zod";
import { getDatabase, type Database, type Transaction } from "../../../../db.server";
import { sixDigitCodeSchema } from "../../../kernel/index";
import { fromStoredLanguage, toStoredLanguage, type SupportedLanguage } from "../../../../i18n/languages";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { Role } from "../../../authz";
import { type CompletedSignIn, recognizeDevice, accountKeyOf } from "../../../auth/index.server";
import type { RequestContext } from "../../../kernel/index";
import { createSession } from "../../../session/index.server";
import { emailCodeMatches } from "./check-invitation-identity.server";
import { closedReasonOf, findInvitationByLink, maxEmailCodeFailures, maxIdentityFailures, type ClosedReason } from "./open-invitation.server";

/**
 * Six digits, as a Japanese keyboard may type them too (full-width １２３, a space or hyphen in the middle).
 * Anything else is a typing slip, refused with a sentence before the code's attempts are touched.
 */
export const EmailCodeSchema = z.object({ emailCode: sixDigitCodeSchema() });

export type AcceptInvitationResult =
  | ({ ok: true; userId: string; accountCreated: boolean } & CompletedSignIn)
  | { ok: false; reason: ClosedReason | "account_conflict" | "code_expired" | "code_exhausted" }
  | { ok: false; reason: "wrong_code"; attemptsLeft: number };

type Row = NonNullable<Awaited<ReturnType<typeof findInvitationByLink>>>;

/**
 * The recipient's account: the one already linked, else one with the invitation's address if it belongs to a
 * participant or proxy (or, for a proxy, a family member), else a new one. An address held by a staff member or another participant is a
 * conflict for the clinic to sort out, never a silent merge.
 */
async function accountFor(tx: Transaction, row: Row, language: SupportedLanguage, now: Date): Promise<{ id: string; role: Role; created: boolean } | null> {
  const participant = await tx.participant.findUniqueOrThrow({ where: { id: row.participantId }, include: { identity: true } });
  const assignment = row.proxyAssignmentId ? await tx.proxyAssignment.findUnique({ where: { id: row.proxyAssignmentId } }) : null;
  if (row.recipient === "proxy" && (!assignment || assignment.endedAt)) return null;
  const linkedId = row.recipient === "participant" ? participant.userId : assignment!.proxyUserId;
  const email = accountKeyOf(row.email);
  const existing = linkedId ? await tx.user.findUnique({ where: { id: linkedId } }) : await tx.user.findUnique({ where: { email } });
  if (existing) {
    if (existing.disabledAt) return null;
    // A relative who follows the participant and is appointed their proxy after a loss of capacity (ADR 144) keeps
    // their one account: it gains the proxy's role beside the family member's.
    if (existing.role === "family" && row.recipient === "proxy" && !linkedId) {
      if (!existing.additionalRoles.includes("proxy")) await tx.user.update({ where: { id: existing.id }, data: { additionalRoles: [...existing.additionalRoles, "proxy"] } });
      return { id: existing.id, role: existing.role, created: false };
    }
    if (!["participant", "proxy"].includes(existing.role)) return null;
    if (row.recipient === "participant" && !linkedId) {
      const other = await tx.participant.findUnique({ where: { userId: existing.id } });
      if (other && other.id !== participant.id) return null;
    }
    return { id: existing.id, role: existing.role, created: false };
  }
  const displayName = row.recipient === "proxy" ? assignment!.fullName : participant.identity?.fullName;
  if (!displayName) return null;
  const user = await tx.user.create({
    data: { email, displayName, role: row.recipient === "proxy" ? "proxy" : "participant", preferredLanguage: toStoredLanguage(language), createdAt: now },
  });
  return { id: user.id, role: user.role, created: true };
}

/**
 * The second proof: the six-digit code from the email. On success the recipient's account is created or
 * reused and linked (participant → Participant.userId, proxy → ProxyAssignment.proxyUserId), the invitation is
 * used up, and a session starts — all in one transaction.
 */
export async function acceptInvitation(
  options: { invitationId: string; linkSecret: string; input: unknown; language?: SupportedLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<AcceptInvitationResult> {
  const { emailCode } = EmailCodeSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const request = options.request;
  const context = { actorUserId: null, ipAddress: request.ipAddress, userAgent: request.userAgent };

  return db.$transaction(async (tx): Promise<AcceptInvitationResult> => {
    const row = await findInvitationByLink(tx, options.invitationId, options.linkSecret, { lock: true });
    if (!row) return { ok: false, reason: "invalid" };
    const audit = (outcome: "success" | "failure", reason?: string, actorUserId: string | null = null) =>
      recordAuditEvent(tx, { type: "invitation.identity_check", outcome, detail: { invitationId: row.id, step: "email_code", ...(reason ? { reason } : {}) } }, { ...context, actorUserId });
    const closed = closedReasonOf(row, now);
    if (closed) {
      await audit("failure", closed === "locked" ? "rate_limited" : closed);
      return { ok: false, reason: closed };
    }
    if (!row.otpHash || !row.otpExpiresAt || row.otpExpiresAt <= now || row.otpFailedAttempts >= maxEmailCodeFailures) {
      await tx.invitation.update({ where: { id: row.id }, data: { otpHash: null, otpExpiresAt: null } });
      await audit("failure", "code_expired");
      return { ok: false, reason: "code_expired" };
    }
    if (!emailCodeMatches(new Uint8Array(row.otpHash), row.id, emailCode)) {
      const otpFailedAttempts = row.otpFailedAttempts + 1;
      await audit("failure", "wrong_code");
      if (otpFailedAttempts < maxEmailCodeFailures) {
        await tx.invitation.update({ where: { id: row.id }, data: { otpFailedAttempts } });
        return { ok: false, reason: "wrong_code", attemptsLeft: maxEmailCodeFailures - otpFailedAttempts };
      }
      // The code is spent; going back to the first step costs one of its five attempts.
      const failedAttempts = row.failedAttempts + 1;
      await tx.invitation.update({ where: { id: row.id }, data: { otpHash: null, otpExpiresAt: null, otpFailedAttempts: 0, failedAttempts } });
      return { ok: false, reason: failedAttempts >= maxIdentityFailures ? "locked" : "code_exhausted" };
    }

    const language = options.language ?? fromStoredLanguage(row.language);
    const account = await accountFor(tx, row, language, now);
    if (!account) {
      await audit("failure", "account_conflict");
      return { ok: false, reason: "account_conflict" };
    }
    if (row.recipient === "participant") await tx.participant.update({ where: { id: row.participantId }, data: { userId: account.id } });
    else await tx.proxyAssignment.update({ where: { id: row.proxyAssignmentId! }, data: { proxyUserId: account.id } });
    await tx.invitation.update({ where: { id: row.id }, data: { acceptedAt: now, acceptedUserId: account.id, otpHash: null, otpExpiresAt: null } });
    await audit("success", undefined, account.id);
    await recordAuditEvent(
      tx,
      { type: "invitation.accepted", outcome: "success", detail: { invitationId: row.id, participantId: row.participantId, recipient: row.recipient, accountCreated: account.created } },
      { ...context, actorUserId: account.id },
    );
    const { token } = await createSession(tx, {
      userId: account.id,
      role: account.role,
      secondFactorVerified: true,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      now,
    });
    const device = await recognizeDevice(tx, { userId: account.id, deviceToken: request.deviceToken, userAgent: request.userAgent, now });
    await recordAuditEvent(tx, { type: "auth.sign_in", outcome: "success", detail: { method: "invitation", secondFactorPending: false } }, { ...context, actorUserId: account.id });
    return { ok: true, userId: account.id, accountCreated: account.created, sessionToken: token, deviceToken: device.deviceToken, secondFactorRequired: false, notifyNewDevice: false };
  });
}
