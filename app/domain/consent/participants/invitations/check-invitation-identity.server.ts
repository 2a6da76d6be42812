import { randomInt } from "node:crypto";
import { z } from "zod";
import { integerField, typedString } from "../../../kernel/index";
import { getDatabase, type Database } from "../../../../db.server";
import { fromStoredLanguage } from "../../../../i18n/languages";
import { recordAuditEvent } from "../../../kernel/index.server";
import type { RequestContext } from "../../../kernel/index";
import { sendLoggedMail } from "../../../mail/index.server";
import { keyedCodeHash, keyedCodeHashMatches } from "../../../security/index.server";
import { refusedAs } from "../../../kernel/index";
import { birthDateRefusal } from "../enrolment/enrolment-schema";
import { invitationCodePattern, normalizeInvitationCode } from "../enrolment/pseudonymous-codes.server";
import { invitationCodeMatches } from "./issue-invitation.server";
import { closedReasonOf, emailCodeLifetimeMs, findInvitationByLink, maxIdentityFailures, type ClosedReason } from "./open-invitation.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

/**
 * Three selects, so the date can be entered without JavaScript and without guessing a format. Only a well-formed
 * answer may spend one of the invitation's five attempts: a code that cannot be an invitation code (wrong length,
 * a letter the alphabet lacks) and a date that does not exist (30 February) or is in the future are typing slips,
 * refused here with a sentence saying which, before the invitation row is touched.
 */
export const IdentityCheckSchema = z
  .object({
    code: typedString("code")
      .pipe(z.string().max(40))
      .refine((value) => invitationCodePattern.test(normalizeInvitationCode(value)), refusedAs("invitationCodeShape")),
    birthYear: integerField({ min: 1900, max: 2100 }),
    birthMonth: integerField({ min: 1, max: 12 }),
    birthDay: integerField({ min: 1, max: 31 }),
  })
  .superRefine((value, ctx) => {
    const reason = birthDateRefusal(birthDateOf(value));
    // On the day: the select the reader most likely got wrong (the month's length, or the year for the future).
    if (reason) ctx.addIssue({ code: "custom", path: [reason === "dateNotReal" ? "birthDay" : "birthYear"], ...refusedAs(reason) });
  });
export type IdentityCheckInput = z.infer<typeof IdentityCheckSchema>;

export type IdentityCheckResult = { ok: true } | { ok: false; reason: ClosedReason } | { ok: false; reason: "mismatch"; attemptsLeft: number };

/** Six digits are a million guesses: kept only as a keyed hash, bound to its invitation (ADR 013). */
function emailCodePreimage(invitationId: string, code: string): string {
  return `invitation-otp:${invitationId}:${code.trim()}`;
}

export function emailCodeHash(invitationId: string, code: string): Uint8Array<ArrayBuffer> {
  return keyedCodeHash("invitation-email-code", emailCodePreimage(invitationId, code));
}

export function emailCodeMatches(stored: Uint8Array | null, invitationId: string, code: string): boolean {
  return keyedCodeHashMatches(stored, "invitation-email-code", emailCodePreimage(invitationId, code));
}

function birthDateOf(input: { birthYear: number; birthMonth: number; birthDay: number }): string {
  return `${String(input.birthYear).padStart(4, "0")}-${String(input.birthMonth).padStart(2, "0")}-${String(input.birthDay).padStart(2, "0")}`;
}

/**
 * The first proof: the code handed over at the clinic and the date of birth (for a proxy, the participant's).
 * Wrong answers are counted on the invitation and lock it after five; a right one mails a six-digit code
 * valid for ten minutes to the invitation's address. Malformed input never gets here: the schema throws first.
 */
export async function checkInvitationIdentity(
  options: { invitationId: string; linkSecret: string; input: unknown; request: RequestContext },
  db: Database = getDatabase(),
): Promise<IdentityCheckResult> {
  const input = IdentityCheckSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const context = { actorUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  const emailCode = String(randomInt(0, 1_000_000)).padStart(6, "0");

  const outcome = await db.$transaction(async (tx) => {
    const row = await findInvitationByLink(tx, options.invitationId, options.linkSecret, { lock: true });
    if (!row) return { ok: false as const, reason: "invalid" as const };
    const audit = (outcome: "success" | "failure", reason?: string) =>
      recordAuditEvent(tx, { type: "invitation.identity_check", outcome, detail: { invitationId: row.id, step: "code_and_birth_date", ...(reason ? { reason } : {}) } }, context);
    const closed = closedReasonOf(row, now);
    if (closed) {
      await audit("failure", closed === "locked" ? "rate_limited" : closed);
      return { ok: false as const, reason: closed };
    }
    const identity = await tx.participantIdentity.findUnique({ where: { participantId: row.participantId } });
    const birthDate = birthDateOf(input);
    const codeMatches = invitationCodeMatches(new Uint8Array(row.codeHash), input.code);
    const birthMatches = identity !== null && !identity.erasedAt && birthDate === identity.dateOfBirth.toISOString().slice(0, 10);
    if (!codeMatches || !birthMatches) {
      const failedAttempts = row.failedAttempts + 1;
      await tx.invitation.update({ where: { id: row.id }, data: { failedAttempts } });
      // Which half was wrong stays in the audit log only; the page never says, so neither can be guessed alone.
      await audit("failure", !codeMatches && !birthMatches ? "code_and_birth_date" : codeMatches ? "birth_date" : "code");
      if (failedAttempts >= maxIdentityFailures) return { ok: false as const, reason: "locked" as const };
      return { ok: false as const, reason: "mismatch" as const, attemptsLeft: maxIdentityFailures - failedAttempts };
    }
    await tx.invitation.update({
      where: { id: row.id },
      data: {
        otpHash: emailCodeHash(row.id, emailCode),
        otpExpiresAt: new Date(now.getTime() + emailCodeLifetimeMs),
        otpFailedAttempts: 0,
        // Wrong guesses at an earlier emailed code count once here, so asking for new codes cannot reset them forever.
        failedAttempts: row.failedAttempts + (row.otpFailedAttempts > 0 ? 1 : 0),
      },
    });
    await audit("success");
    const proxy = row.proxyAssignmentId ? await tx.proxyAssignment.findUnique({ where: { id: row.proxyAssignmentId } }) : null;
    return { ok: true as const, mail: { to: row.email, language: fromStoredLanguage(row.language), name: proxy?.fullName ?? identity!.fullName } };
  });
  if (!outcome.ok) return outcome;
  try {
    // A one-time code the person is waiting for: sent at once and logged without it, not queued (ADR 031).
    await sendLoggedMail({ to: outcome.mail.to, language: outcome.mail.language, template: "consent-notice", props: { kind: "invitation_code", name: outcome.mail.name, code: emailCode } });
  } catch (error) {
    // The page offers "send a new code", which repeats this step.
    log.warn({ invitationId: options.invitationId, error: errorText(error) }, "invitation's e-mail code could not be mailed");
  }
  return { ok: true };
}

/** "Send a new code" / "start again": drops the emailed code so the first step is asked again. */
export async function restartInvitationCheck(options: { invitationId: string; linkSecret: string }, db: Database = getDatabase()): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await findInvitationByLink(tx, options.invitationId, options.linkSecret, { lock: true });
    if (!row || row.acceptedAt) return;
    await tx.invitation.update({ where: { id: row.id }, data: { otpHash: null, otpExpiresAt: null } });
  });
}
