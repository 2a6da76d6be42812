import type { Transaction } from "../../../../db.server";
import { getEnv } from "../../../../env.server";
import { translator } from "../../../../i18n/i18n";
import { fromStoredLanguage, type SupportedLanguage } from "../../../../i18n/languages";
import { formatOccurredAt } from "../../../../../emails/components/format-time";
import { sendLoggedMail } from "../../../mail/index.server";
import { keyedCodeHash, keyedCodeHashMatches } from "../../../security/index.server";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { newInvitationCode, normalizeInvitationCode } from "../enrolment/pseudonymous-codes.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

export const invitationLifetimeDays = 30;

export interface NewInvitation {
  participantId: string;
  recipient: "participant" | "proxy";
  proxyAssignmentId: string | null;
  email: string;
  language: "ja" | "ja_easy" | "en";
  reason: "enrolment" | "reissue" | "majority" | "incapacity";
  // Null when the system issues it (the majority job), not a coordinator.
  createdById: string | null;
  now: Date;
}

/** What exists only once, in memory: the link secret goes into the mail, the code is shown to the coordinator. */
export interface IssuedInvitation {
  id: string;
  participantId: string;
  email: string;
  language: SupportedLanguage;
  expiresAt: Date;
  linkSecret: string;
  code: string;
}

/** The 50-bit code handed over at the clinic, as a keyed hash: a copy of the database cannot test guesses (ADR 013). */
export function invitationCodeHash(typed: string): Uint8Array<ArrayBuffer> {
  return keyedCodeHash("invitation-code", `invitation-code:${normalizeInvitationCode(typed)}`);
}

export function invitationCodeMatches(stored: Uint8Array, typed: string): boolean {
  return keyedCodeHashMatches(stored, "invitation-code", `invitation-code:${normalizeInvitationCode(typed)}`);
}

/** The link secret is 160 random bits: nobody can search that offline, so a plain SHA-256 is enough to store it. */
export function invitationLinkHash(secret: string): Uint8Array<ArrayBuffer> {
  return sha256(secret);
}

/** Writes the invitation row inside the caller's transaction; only hashes of the secrets are stored. */
export async function createInvitation(tx: Transaction, input: NewInvitation): Promise<IssuedInvitation> {
  const id = generateSecureRandomString(24);
  const linkSecret = generateSecureRandomString(32);
  const code = newInvitationCode();
  const expiresAt = new Date(input.now.getTime() + invitationLifetimeDays * 24 * 3600_000);
  await tx.invitation.create({
    data: {
      id,
      participantId: input.participantId,
      recipient: input.recipient,
      proxyAssignmentId: input.proxyAssignmentId,
      email: input.email,
      language: input.language,
      tokenHash: invitationLinkHash(linkSecret),
      codeHash: invitationCodeHash(code),
      reason: input.reason,
      createdById: input.createdById,
      createdAt: input.now,
      expiresAt,
    },
  });
  return { id, participantId: input.participantId, email: input.email, language: fromStoredLanguage(input.language), expiresAt, linkSecret, code };
}

export function invitationUrl(invitation: { id: string; linkSecret: string }): string {
  const url = new URL(`/invitation/${invitation.id}`, getEnv().APP_URL);
  url.searchParams.set("t", invitation.linkSecret);
  return url.toString();
}

/**
 * Mails the link after the commit (mail cannot be rolled back). A failure is reported, not thrown: the
 * enrolment stands, and the coordinator is told to reissue the invitation.
 */
export async function sendInvitationMail(invitation: IssuedInvitation, name: string): Promise<boolean> {
  const t = translator(invitation.language, "enrolment");
  try {
    // Carries the invitation's link secret: sent at once and logged without it, not queued (ADR 031).
    await sendLoggedMail({
      participantId: invitation.participantId,
      to: invitation.email,
      language: invitation.language,
      template: "consent-notice",
      props: {
        kind: "invitation",
        name,
        url: invitationUrl(invitation),
        details: [{ label: t("mail.expiresLabel"), value: formatOccurredAt(invitation.expiresAt, invitation.language, translator(invitation.language, "email")) }],
      },
    });
    return true;
  } catch (error) {
    log.warn({ invitationId: invitation.id, error: errorText(error) }, "invitation could not be mailed");
    return false;
  }
}
