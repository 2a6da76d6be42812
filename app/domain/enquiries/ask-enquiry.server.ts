import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { toStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { getEnv } from "../../env.server";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { sendMail } from "../mail/index.server";
import { keyedDigestHex, takeAttempt, type AttemptLimit } from "../security/index.server";
import { generateSecureRandomString, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { AskEnquirySchema, enquiryDueAt } from "./enquiry-schemas";

const log = serviceLogger("app");

/**
 * Per network address: enough for a hospital's waiting room behind one address (its patients' phones on the hospital's
 * Wi-Fi), far too few to flood the office; per e-mail address, one person's day of questions (ADR 145).
 */
export const enquiriesPerAddress: AttemptLimit = { name: "enquiry:address", points: 20, durationSeconds: 60 * 60 };
export const enquiriesPerEmail: AttemptLimit = { name: "enquiry:email", points: 5, durationSeconds: 24 * 60 * 60 };

/** The form's own key, drawn when the page is rendered (newSubmissionKey): a second press of the same form is the same question. */
export const SubmissionKeySchema = z.object({ submissionKey: z.string().regex(/^[a-z2-9]{32}$/) });

export function newSubmissionKey(): string {
  return generateSecureRandomString(32);
}

/**
 * The private link's secret, derived from the form's key with the app's keyed hash: the same form sent twice makes the
 * same link, so the second press shows the asker the first question's page, and nothing but its SHA-256 is stored.
 */
function linkSecretOf(submissionKey: string): string {
  return keyedDigestHex("enquiry-link", `enquiry:${submissionKey}`);
}

export function enquiryTokenHash(secret: string): Uint8Array<ArrayBuffer> {
  return sha256(secret);
}

export function enquiryPath(enquiry: { id: string; secret: string }): string {
  return `/ask/${enquiry.id}?t=${enquiry.secret}`;
}

export type AskEnquiryResult = { ok: true; id: string; reference: string; secret: string; created: boolean } | { ok: false; retryAfterSeconds: number };

/**
 * A question from anyone, without an account (issue 59 item 1; ADR 145): counted against its address's (and e-mail's)
 * allowance first — no CAPTCHA, which shuts out people with some disabilities and many older people — then received
 * with a reference and a due date. A receipt with the private link goes, at once and not through the queue (the link is
 * a secret), to the address if one was given; the page shows the same link.
 */
export async function askEnquiry(
  options: { input: unknown; submissionKey: string; language: SupportedLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<AskEnquiryResult> {
  const input = AskEnquirySchema.parse(options.input);
  const { submissionKey } = SubmissionKeySchema.parse({ submissionKey: options.submissionKey });
  const secret = linkSecretOf(submissionKey);
  const tokenHash = enquiryTokenHash(secret);
  const known = await db.enquiry.findUnique({ where: { tokenHash }, select: { id: true, reference: true } });
  if (known) return { ok: true, id: known.id, reference: known.reference, secret, created: false };
  const address = options.request.ipAddress ?? "unknown";
  const allowed = await takeAttempt([{ limit: enquiriesPerAddress, key: [address] }, ...(input.email ? [{ limit: enquiriesPerEmail, key: [input.email.toLowerCase()] }] : [])]);
  if (!allowed.allowed) return { ok: false, retryAfterSeconds: allowed.retryAfterSeconds };
  const now = options.request.now ?? new Date();
  const dueAt = enquiryDueAt(now);
  const made = await db.$transaction(async (tx) => {
    // Two presses at once: the second waits for the first's commit and finds its row.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`enquiry:${submissionKey}`}, 0))`;
    const raced = await tx.enquiry.findUnique({ where: { tokenHash }, select: { id: true, reference: true } });
    if (raced) return { ...raced, created: false };
    const row = await tx.enquiry.create({
      data: {
        reference: `EQ-${generateSecureRandomString(8).toUpperCase()}`,
        body: input.body,
        asker: input.asker,
        language: toStoredLanguage(options.language),
        email: input.email ?? null,
        tokenHash,
        receivedAt: now,
        dueAt,
      },
      select: { id: true, reference: true },
    });
    await recordAuditEvent(tx, { type: "enquiry.received", outcome: "success", detail: { enquiryId: row.id, asker: input.asker, withEmail: Boolean(input.email) } }, { actorUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
    return { ...row, created: true };
  });
  if (made.created && input.email) {
    try {
      await sendMail({
        to: input.email,
        language: options.language,
        template: "account-notice",
        props: { kind: "enquiry_received", reference: made.reference, dueAt: dueAt.toISOString(), url: new URL(enquiryPath({ id: made.id, secret }), getEnv().APP_URL).toString() },
      });
    } catch (error) {
      // The page shows the same link; the question stands without the mail.
      log.warn({ enquiryId: made.id, error: errorText(error) }, "enquiry receipt could not be mailed");
    }
  }
  return { ok: true, id: made.id, reference: made.reference, secret, created: made.created };
}
