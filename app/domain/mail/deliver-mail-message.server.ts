import { Prisma } from "../../generated/prisma/client";
import { recordMailOutcome } from "./mail-metrics.server";
import { isEmailTemplateName, type EmailPropsMap, type EmailTemplateName } from "../../../emails/render.server";
import { getDatabase, type Database } from "../../db.server";
import { supportedLanguages, type SupportedLanguage } from "../../i18n/languages";
import { contactCheckSchema, type ContactGuard, type ContactWithheldReason } from "./contact-check";
import { mailAttachmentRefSchema, revivedProps, type MailAttachmentRef } from "./enqueue-mail.server";
import { sendMail, type MailAttachment } from "./send-mail.server";
import { classifySmtpFailure, smtpFailureText } from "./smtp-failure";
import { serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

export interface DeliveryAttempt {
  /** This attempt's number as the queue counts it (1 for the first). */
  attempt: number;
  /** The queue's limit: at the last attempt a transient failure parks the job and the message is `failed`. */
  maxAttempts: number;
}

/** Thrown for a transient failure, so the queue retries with backoff; its message carries no address. */
export class TransientMailFailure extends Error {
  override name = "TransientMailFailure";
}

/**
 * Delivers one queued message: renders it in its recipient's language (HTML and plain text), sends it, and records
 * the outcome on its row. A message already finished is left alone, so a job that runs twice sends once.
 *
 * - a message with a `contactCheck` (a campaign message, a care-team notice) is first asked again of the
 *   participant's consent as it stands now (`contactGuard`); no longer allowed, it is `withheld` — props cleared,
 *   the reason kept, never sent, never retried. A check that cannot be read withholds too: doubt never contacts.
 * - accepted: `sent`, with the provider's message id; the address is no longer undeliverable; the props are cleared.
 * - 5xx: `bounced`; the address is recorded as undeliverable; the job ends without retry (the same address would
 *   refuse again, and a retry storm against a dead mailbox helps nobody).
 * - 4xx, refused or timed-out connection: `retrying`, and the job throws so graphile-worker retries with backoff;
 *   at the last attempt `failed`, and the job is parked for /staff/jobs, never dropped.
 */
export async function deliverMailMessage(
  mailMessageId: string,
  attempt: DeliveryAttempt,
  options: { contactGuard: ContactGuard; attachmentSource: AttachmentSource },
  db: Database = getDatabase(),
): Promise<void> {
  const message = await db.mailMessage.findUnique({ where: { id: mailMessageId } });
  if (!message || message.state === "sent" || message.state === "bounced" || message.state === "withheld") return;
  if (await addressedToAPersonWithALifeEvent(db, message)) return recordWithheld(db, message, "recipient_life_event");
  if (message.contactCheck !== null) {
    const check = contactCheckSchema.safeParse(message.contactCheck);
    const verdict = check.success ? await options.contactGuard(check.data) : ({ allowed: false, reason: "contact_check_unreadable" } as const);
    if (!verdict.allowed) return recordWithheld(db, message, verdict.reason);
  }
  const attempts = message.attempts + 1;
  let providerMessageId: string;
  try {
    if (!isEmailTemplateName(message.template)) throw new Error(`unknown template ${message.template}`);
    providerMessageId = await sendMail({
      to: message.toAddress,
      language: storedLanguage(message.language),
      template: message.template,
      props: revivedProps(message.props) as EmailPropsMap[EmailTemplateName],
      attachments: await resolveAttachments(message.attachments, options.attachmentSource, db),
    });
  } catch (error) {
    const outcome = await recordDeliveryFailure(db, message, attempts, error, { lastAttempt: attempt.attempt >= attempt.maxAttempts });
    if (outcome.state === "retrying" || outcome.state === "failed") throw new TransientMailFailure(outcome.lastError);
    return;
  }
  // Outside the try: once the server has accepted the message, a failure to record it must not count as a refusal.
  await recordDeliverySuccess(db, message, attempts, providerMessageId);
}

type LoggedMessage = { id: string; toAddress: string; template: string };

/**
 * Not sent, for good: what allowed this contact when it was queued no longer holds (the participant's consent, a
 * case's notice, a digest switch, a vote that no longer waits on the member; `reason` says which). Only a message still waiting is changed (a
 * compare-and-set on its state), so a delivery that raced this one and recorded `sent` is not rewritten.
 */
async function recordWithheld(db: Database, message: LoggedMessage, reason: ContactWithheldReason): Promise<void> {
  await db.mailMessage.updateMany({
    where: { id: message.id, state: { in: ["queued", "retrying", "failed"] } },
    data: { state: "withheld", lastError: reason, props: Prisma.DbNull },
  });
  recordMailOutcome("withheld");
  log.info({ mailMessageId: message.id, template: message.template, reason }, `mail withheld: ${withheldBecause[reason]}`);
}

/** The log line's words for each reason (staff read them translated on /staff/jobs, jobs.json). */
const withheldBecause: Record<ContactWithheldReason, string> = {
  consent_no_longer_allows: "the participant's consent no longer allows this contact",
  case_no_longer_notified: "the counselling case no longer calls for this notice",
  contact_subject_gone: "what the message was about no longer exists",
  contact_check_unreadable: "its contact check could not be read",
  digest_switched_off: "the reader switched the digest off",
  vote_no_longer_waiting: "the vote no longer waits on this member (voted, recused, or closed)",
  recipient_life_event: "the person it is addressed to has died or lost capacity, as their clinic recorded",
  notification_switched_off: "the account holder chose never to hear of this kind of news",
  follow_stopped: "the address stopped following this decision",
};

/**
 * Whether the message is addressed to a participant whose death or loss of capacity was recorded (ADR 143): to their
 * own account, or — a message about them — to their own address. A message about them to their proxy or their
 * nominated relative goes on; one to the person never leaves from the commit of that record.
 */
async function addressedToAPersonWithALifeEvent(db: Database, message: { userId: string | null; participantId: string | null; toAddress: string }): Promise<boolean> {
  const [row] = await db.$queryRaw<{ found: number }[]>`
    SELECT 1 AS "found"
      FROM "Participant" p
      JOIN "ConsentState" cs ON cs."participantId" = p."id" AND cs."lifeEvent" IS NOT NULL
      LEFT JOIN "ParticipantIdentity" i ON i."participantId" = p."id"
      LEFT JOIN "User" u ON u."id" = p."userId"
     WHERE (${message.userId}::uuid IS NOT NULL AND p."userId" = ${message.userId}::uuid)
        OR (p."id" = ${message.participantId}::uuid AND (lower(i."email") = lower(${message.toAddress}) OR lower(u."email") = lower(${message.toAddress})))
     LIMIT 1`;
  return row !== undefined;
}

/** Accepted: `sent`, the provider's id kept, the props cleared, the address no longer undeliverable. */
export async function recordDeliverySuccess(db: Database, message: LoggedMessage, attempts: number, providerMessageId: string): Promise<void> {
  await db.$transaction([
    db.mailMessage.update({ where: { id: message.id }, data: { state: "sent", attempts, providerMessageId, sentAt: new Date(), lastError: null, props: Prisma.DbNull } }),
    db.undeliverableAddress.deleteMany({ where: { address: message.toAddress.toLowerCase() } }),
  ]);
  recordMailOutcome("sent");
}

/**
 * Refused: a 5xx bounces the message and marks the address undeliverable (props cleared: it will not be sent);
 * anything else is `retrying`, or `failed` at the last attempt (props kept, so staff can retry the parked job).
 */
export async function recordDeliveryFailure(
  db: Database,
  message: LoggedMessage,
  attempts: number,
  error: unknown,
  options: { lastAttempt: boolean },
): Promise<{ state: "bounced" | "retrying" | "failed"; lastError: string }> {
  const lastError = smtpFailureText(error);
  if (classifySmtpFailure(error) === "permanent") {
    const address = message.toAddress.toLowerCase();
    await db.$transaction([
      db.mailMessage.update({ where: { id: message.id }, data: { state: "bounced", attempts, lastError, props: Prisma.DbNull } }),
      db.undeliverableAddress.upsert({
        where: { address },
        create: { address, since: new Date(), lastError, mailMessageId: message.id },
        update: { lastError, mailMessageId: message.id },
      }),
    ]);
    recordMailOutcome("bounced");
    log.warn({ mailMessageId: message.id, template: message.template, error: lastError }, "mail refused permanently: address marked undeliverable");
    return { state: "bounced", lastError };
  }
  const state = options.lastAttempt ? "failed" : "retrying";
  await db.mailMessage.update({ where: { id: message.id }, data: { state, attempts, lastError } });
  recordMailOutcome(state);
  return { state, lastError };
}

function storedLanguage(value: string): SupportedLanguage {
  return (supportedLanguages as readonly string[]).includes(value) ? (value as SupportedLanguage) : "ja";
}

/**
 * What a stored attachment reference is, made when the mail leaves (a consent document is rendered once and kept by
 * the consent concept). The job runner (app/wiring) passes it in, so mail, which consent uses to write, never reads
 * consent back. Null when the thing referred to is gone: the mail leaves without it.
 */
export type AttachmentSource = (ref: MailAttachmentRef, db: Database) => Promise<MailAttachment | null>;

async function resolveAttachments(stored: unknown, source: AttachmentSource, db: Database): Promise<MailAttachment[]> {
  const refs = Array.isArray(stored) ? stored.map((ref) => mailAttachmentRefSchema.parse(ref)) : [];
  const attachments: MailAttachment[] = [];
  for (const ref of refs) {
    const attachment = await source(ref, db);
    if (attachment) attachments.push(attachment);
  }
  return attachments;
}
