import { z } from "zod";
import type { EmailPropsMap, EmailTemplateName } from "../../../emails/render.server";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { supportedLanguages, type SupportedLanguage } from "../../i18n/languages";
import { enqueueJob } from "../jobs/index.server";
import { contactCheckSchema, type ContactCheck } from "./contact-check";
import { pushKindOfMail } from "./push-kinds";

/** What may be attached to a queued message: a reference the delivery resolves, never the bytes themselves. */
export const mailAttachmentRefSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("consent-document"), consentEventId: z.uuid() }).strict(),
  z.object({ kind: z.literal("consent-receipt"), consentEventId: z.uuid() }).strict(),
]);
export type MailAttachmentRef = z.infer<typeof mailAttachmentRefSchema>;

export interface EnqueueMailInput<T extends EmailTemplateName> {
  to: string;
  language: SupportedLanguage;
  template: T;
  props: EmailPropsMap[T];
  participantId?: string | null;
  userId?: string | null;
  attachments?: MailAttachmentRef[];
  /** One message per key, for producers that may run twice (a retried job). A second call returns null. */
  sourceKey?: string;
  /** For a contact that rests on the participant's consent: asked again just before sending (contact-check.ts). */
  contactCheck?: ContactCheck;
  /**
   * A notice that may be asked for again and again within moments (a counsellor moving an appointment): delivered
   * only after a quiet period, `after`, and at most once per `key` while one waits (ADR 122). The key names the
   * delivery job (graphile-worker's job key, so ids only, never an address); a second call with the same key while
   * that message still waits writes no new message and moves its delivery to the new `after` — so a run of changes
   * sends one mail, after the last. Once the earlier message has gone, the next call queues a new one.
   */
  coalesce?: { key: string; after: Date };
}

const envelopeSchema = z.object({ to: z.email(), language: z.enum(supportedLanguages) });

/**
 * Queues a message: its row in the delivery log (state `queued`) and its `mail.deliver` job, in one transaction —
 * the caller's when given one, so the mail exists exactly when the change it reports commits. Returns the
 * message's id, or null when `sourceKey` was already used or a waiting message of the same `coalesce` key was
 * postponed instead.
 */
export async function enqueueMail<T extends EmailTemplateName>(input: EnqueueMailInput<T>, db: Database | Transaction = getDatabase()): Promise<string | null> {
  const { to, language } = envelopeSchema.parse(input);
  const coalesce = input.coalesce;
  const jobKey = coalesce ? `mail.deliver:${coalesce.key}` : undefined;
  const write = async (tx: Transaction) => {
    if (input.sourceKey && (await tx.mailMessage.findUnique({ where: { sourceKey: input.sourceKey }, select: { id: true } }))) return null;
    if (coalesce) {
      // A message still waiting under this key (its job not yet taken by the worker): postpone it, write nothing new.
      const [waiting] = await tx.$queryRaw<{ mailMessageId: string }[]>`
        SELECT payload->>'mailMessageId' AS "mailMessageId" FROM graphile_worker._private_jobs
         WHERE key = ${jobKey} AND locked_at IS NULL AND attempts = 0`;
      if (waiting) {
        await enqueueJob(tx, "mail.deliver", { mailMessageId: waiting.mailMessageId }, { runAt: coalesce.after, jobKey });
        await tx.$queryRaw`
          SELECT count(*)::int AS "moved" FROM graphile_worker.reschedule_jobs(
            ARRAY(SELECT id FROM graphile_worker.jobs WHERE key = ${`push.notify:${coalesce.key}`} AND locked_at IS NULL),
            run_at => ${coalesce.after}::timestamptz)`;
        return null;
      }
    }
    const message = await tx.mailMessage.create({
      data: {
        toAddress: to,
        participantId: input.participantId ?? null,
        userId: input.userId ?? null,
        template: input.template,
        language,
        props: storedProps(input.props),
        attachments: (input.attachments ?? []).map((ref) => mailAttachmentRefSchema.parse(ref)),
        sourceKey: input.sourceKey ?? null,
        ...(input.contactCheck ? { contactCheck: contactCheckSchema.parse(input.contactCheck) } : {}),
      },
      select: { id: true },
    });
    await enqueueJob(tx, "mail.deliver", { mailMessageId: message.id }, coalesce ? { runAt: coalesce.after, jobKey } : {});
    // The prompt to the recipient's devices, if this message has one (ADR 110): its own job, so a push service that
    // fails or is slow never holds up the mail, and the mail goes whether or not any device hears. Queued only when a
    // device hears the kind now (one indexed read), so a digest to every reader does not queue a job per reader.
    const pushKind = input.userId ? pushKindOfMail(input.template, input.props) : null;
    const heard = pushKind ? await tx.pushSubscription.findFirst({ where: { userId: input.userId!, kinds: { has: pushKind } }, select: { id: true } }) : null;
    if (pushKind && heard) {
      // A coalesced notice's prompt waits with its mail, so the device hears once, when the mail goes.
      await enqueueJob(tx, "push.notify", { mailMessageId: message.id, kind: pushKind }, coalesce ? { runAt: coalesce.after, jobKey: `push.notify:${coalesce.key}` } : {});
    }
    return message.id;
  };
  return "$transaction" in db ? db.$transaction(write) : write(db);
}

// Template props may hold dates (when a sign-in happened); JSON keeps them as tagged strings until delivery.
function storedProps(props: unknown): object {
  return JSON.parse(JSON.stringify(props, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : value;
  })) as object;
}

export function revivedProps(stored: unknown): unknown {
  if (Array.isArray(stored)) return stored.map(revivedProps);
  if (stored && typeof stored === "object") {
    const record = stored as Record<string, unknown>;
    if (Object.keys(record).length === 1 && typeof record.$date === "string") return new Date(record.$date);
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, revivedProps(value)]));
  }
  return stored;
}
