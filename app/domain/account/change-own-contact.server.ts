import { z } from "zod";
import { Prisma } from "../../generated/prisma/client";
import { accountKeyOf } from "../auth/index.server";
import { isStaffRole, rolesOf } from "../authz";
import { getDatabase, type Database } from "../../db.server";
import { getEnv } from "../../env.server";
import { fromStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { ChangeContactSchema, ConfirmEmailChangeSchema } from "./account-schemas";
import type { RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { enqueueMail, sendMail } from "../mail/index.server";
import { takeAttempt, type AttemptLimit } from "../security/index.server";
import { constantTimeEqual, generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";

/** How long the link mailed to a new address works: long enough to open another inbox, short enough to be stale soon. */
export const emailChangeLifetimeMinutes = 60;
/** New addresses one account may ask for per hour: a typo and its fix, not a mail cannon aimed at strangers. */
export const emailChangesPerAccountLimit: AttemptLimit = { name: "email-change:account", points: 5, durationSeconds: 3600 };


export type OwnContact = { email: string; phone: string | null; hasIdentity: boolean; pendingEmail: { newEmail: string; expiresAt: Date } | null };

/** What the holder sees on their contact page: their addresses as the platform holds them, and a change still waiting. */
export async function loadOwnContact(userId: string, now = new Date(), db: Database = getDatabase()): Promise<OwnContact> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  const participant = await db.participant.findUnique({ where: { userId }, select: { identity: { select: { phone: true, erasedAt: true } } } });
  const identity = participant?.identity && !participant.identity.erasedAt ? participant.identity : null;
  const pending = await db.emailChange.findFirst({ where: { userId, usedAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: "desc" } });
  return { email: user.email, phone: identity?.phone ?? null, hasIdentity: identity !== null, pendingEmail: pending ? { newEmail: pending.newEmail, expiresAt: pending.expiresAt } : null };
}

export type ContactChangeResult = { ok: true; change: "email_requested" | "phone_changed" | "unchanged" } | { ok: false; reason: "rate_limited" | "no_phone_held" | "managed_by_admin" };

/**
 * A change asked for by the account's holder, after a fresh proof (the route asks for it: ADR 141). A new mail address
 * takes effect only when the link mailed to it is opened (confirmEmailChange): a typo never locks anyone out, and the
 * old address stays the one that hears of it. A telephone number changes at once and the mail address is told.
 */
export async function changeOwnContact(
  options: { userId: string; input: z.infer<typeof ChangeContactSchema>; language: SupportedLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<ContactChangeResult> {
  const input = ChangeContactSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  const context = { actorUserId: options.userId, subjectUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
  const user = await db.user.findUniqueOrThrow({ where: { id: options.userId } });
  // A staff account's address is its administrator's to change (ADR 042): it is how the programme reaches its staff.
  if (isStaffRole(rolesOf(user))) return { ok: false, reason: "managed_by_admin" };

  if (input.intent === "phone") {
    const participant = await db.participant.findUnique({ where: { userId: user.id }, select: { id: true, identity: { select: { phone: true, erasedAt: true } } } });
    if (!participant?.identity || participant.identity.erasedAt) return { ok: false, reason: "no_phone_held" };
    if (participant.identity.phone === input.phone) return { ok: true, change: "unchanged" };
    await db.$transaction(async (tx) => {
      await tx.participantIdentity.update({ where: { participantId: participant.id }, data: { phone: input.phone } });
      await recordAuditEvent(tx, { type: "account.contact_changed", outcome: "success", detail: { field: "phone" } }, context);
      await enqueueMail({ to: user.email, userId: user.id, language: fromStoredLanguage(user.preferredLanguage), template: "account-notice", props: { kind: "contact_changed", field: "phone", occurredAt: now } }, tx);
    });
    return { ok: true, change: "phone_changed" };
  }

  const newEmail = accountKeyOf(input.email);
  if (newEmail === accountKeyOf(user.email)) return { ok: true, change: "unchanged" };
  const decision = await takeAttempt([{ limit: emailChangesPerAccountLimit, key: [user.id] }]);
  if (!decision.allowed) return { ok: false, reason: "rate_limited" };

  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  await db.$transaction(async (tx) => {
    // One change waits at a time: the link of an earlier request stops working.
    await tx.emailChange.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await tx.emailChange.create({ data: { id, userId: user.id, newEmail, tokenHash: sha256(secret), createdAt: now, expiresAt: new Date(now.getTime() + emailChangeLifetimeMinutes * 60_000) } });
    await recordAuditEvent(tx, { type: "account.contact_changed", outcome: "requested", detail: { field: "email" } }, context);
  });
  // Whether the address already belongs to an account is not said here (nor to the new inbox): it is found at
  // confirmation, where only the holder of that inbox learns it.
  await sendMail({
    to: newEmail,
    language: options.language,
    template: "account-notice",
    props: { kind: "confirm_new_address", url: new URL(`/new-address/${id}.${secret}`, getEnv().APP_URL).toString(), minutes: emailChangeLifetimeMinutes },
  });
  return { ok: true, change: "email_requested" };
}

export type ConfirmEmailChangeResult = { ok: true } | { ok: false; reason: "link_invalid" | "email_taken" };

/**
 * The new inbox answered: the account's sign-in address, the participant's contact address and the address of every
 * current proxy role this account holds become the new one, in one transaction with the notice to the old address.
 * Taken once (compare-and-set on `usedAt`): a replayed link, an expired one or one replaced by a later request does
 * nothing. Opened from the mail, so it needs no session; the page asks for a button press (a GET never changes it).
 */
export async function confirmEmailChange(
  options: { input: z.infer<typeof ConfirmEmailChangeSchema>; request: RequestContext },
  db: Database = getDatabase(),
): Promise<ConfirmEmailChangeResult> {
  const parsed = ConfirmEmailChangeSchema.safeParse(options.input);
  if (!parsed.success) return { ok: false, reason: "link_invalid" };
  const [id, secret] = parsed.data.token.split(".") as [string, string];
  const now = options.request.now ?? new Date();
  const row = await db.emailChange.findUnique({ where: { id } });
  if (!row || row.usedAt || row.expiresAt <= now || !constantTimeEqual(new Uint8Array(row.tokenHash), sha256(secret))) return { ok: false, reason: "link_invalid" };
  const context = { actorUserId: row.userId, subjectUserId: row.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };

  const taken = await db.user.findUnique({ where: { email: row.newEmail }, select: { id: true } });
  if (taken && taken.id !== row.userId) {
    await db.$transaction(async (tx) => {
      await tx.emailChange.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
      await recordAuditEvent(tx, { type: "account.contact_changed", outcome: "refused", detail: { field: "email", reason: "email_taken" } }, context);
    });
    return { ok: false, reason: "email_taken" };
  }

  const changed = db.$transaction(async (tx): Promise<ConfirmEmailChangeResult> => {
    const { count } = await tx.emailChange.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) return { ok: false, reason: "link_invalid" };
    const before = await tx.user.findUniqueOrThrow({ where: { id: row.userId } });
    await tx.user.update({ where: { id: row.userId }, data: { email: row.newEmail } });
    await tx.participantIdentity.updateMany({ where: { participant: { userId: row.userId }, erasedAt: null }, data: { email: row.newEmail } });
    await tx.proxyAssignment.updateMany({ where: { proxyUserId: row.userId, endedAt: null }, data: { email: row.newEmail } });
    await recordAuditEvent(tx, { type: "account.contact_changed", outcome: "success", detail: { field: "email" } }, context);
    await enqueueMail({ to: before.email, userId: null, language: fromStoredLanguage(before.preferredLanguage), template: "account-notice", props: { kind: "contact_changed", field: "email", occurredAt: now } }, tx);
    return { ok: true };
  });
  // Two accounts confirming one address at the same moment: the unique index lets one through; the other is told.
  return changed.catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "email_taken" } as const;
    throw error;
  });
}
