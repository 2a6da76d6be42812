import { randomUUID } from "node:crypto";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import { getDatabase, type Database, type Transaction } from "../../db.server";
import { getEnv } from "../../env.server";
import { fromStoredLanguage, toStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { AppError, uuidPattern } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { enqueueMail, sendMail } from "../mail/index.server";
import { takeAttempt, type AttemptLimit } from "../security/index.server";
import { briefingCalendar } from "./briefing-calendar.server";
import { briefingState, RegisterSchema, takesRegistrations, type BriefingFormat, type RegistrationState } from "./briefing-forms";
import { registrationPath, registrationSecretOf, registrationTokenHash } from "./briefing-links.server";
import { briefingTextIn, lockBriefing } from "./briefings.server";

const log = serviceLogger("app");

/** As the consultation desk's (ADR 145): a waiting room's worth per network address, a person's worth per address. */
export const registrationsPerAddress: AttemptLimit = { name: "briefing:address", points: 20, durationSeconds: 60 * 60 };
export const registrationsPerEmail: AttemptLimit = { name: "briefing:email", points: 10, durationSeconds: 24 * 60 * 60 };

type Notice = { kind: "registered" | "waitlisted" | "promoted"; registration: { id: string; email: string; language: SupportedLanguage; registeredAt: Date }; briefingId: string };

/** The mail that carries the manage link (and, with a place, the calendar file), sent at once: it holds a secret. */
async function sendNotice(notice: Notice, db: Database): Promise<void> {
  const appUrl = getEnv().APP_URL;
  const briefing = await db.briefing.findUniqueOrThrow({ where: { id: notice.briefingId }, select: { id: true, title: true, description: true, startsAt: true, endsAt: true, format: true, place: true, joinUrl: true } });
  const language = notice.registration.language;
  const title = briefingTextIn(briefing.title, language);
  const pageUrl = new URL(`/briefings/${briefing.id}`, appUrl).toString();
  const withPlace = notice.kind !== "waitlisted";
  const joinUrl = withPlace && briefing.format === "online" ? (briefing.joinUrl ?? undefined) : undefined;
  try {
    await sendMail({
      to: notice.registration.email,
      language,
      template: "briefing-notice",
      props: {
        kind: notice.kind,
        title,
        startsAt: briefing.startsAt.toISOString(),
        endsAt: briefing.endsAt.toISOString(),
        format: briefing.format as BriefingFormat,
        place: briefing.place ?? undefined,
        joinUrl,
        pageUrl,
        manageUrl: new URL(registrationPath(notice.registration), appUrl).toString(),
      },
      ...(withPlace
        ? {
            attachments: [
              {
                filename: "tsunagi-briefing.ics",
                contentType: "text/calendar; charset=utf-8; method=PUBLISH",
                content: new TextEncoder().encode(briefingCalendar({ id: briefing.id, title, description: briefingTextIn(briefing.description, language), startsAt: briefing.startsAt, endsAt: briefing.endsAt, place: briefing.place, pageUrl, joinUrl }, language)),
              },
            ],
          }
        : {}),
    });
  } catch (error) {
    // The place is kept without the mail; the page after registering says the same, and asking again re-sends it.
    log.warn({ registrationId: notice.registration.id, error: errorText(error) }, "briefing notice could not be mailed");
  }
}

export type RegisterResult = { ok: true; state: "registered" | "waitlisted" } | { ok: false; retryAfterSeconds: number };

/**
 * Anyone registers for a session (issue 59 item 5; ADR 148), signed in or not. Under the session's row lock, so two at
 * once never take more places than it has: a place while there is one, else the waiting list. The same address again
 * keeps its place and is sent its link again; after cancelling, it joins anew (at the end of the waiting list if full).
 */
export async function registerForBriefing(
  options: { briefingId: string; input: unknown; userId: string | null; language: SupportedLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<RegisterResult> {
  const input = RegisterSchema.parse(options.input);
  const email = input.email.toLowerCase();
  const allowed = await takeAttempt([
    { limit: registrationsPerAddress, key: [options.request.ipAddress ?? "unknown"] },
    { limit: registrationsPerEmail, key: [email] },
  ]);
  if (!allowed.allowed) return { ok: false, retryAfterSeconds: allowed.retryAfterSeconds };
  const now = options.request.now ?? new Date();
  const notice = await db.$transaction(async (tx) => {
    const briefing = await lockBriefing(tx, options.briefingId);
    const { capacity, minutesPublishedAt } = await tx.briefing.findUniqueOrThrow({ where: { id: briefing.id }, select: { capacity: true, minutesPublishedAt: true } });
    const registered = await tx.briefingRegistration.count({ where: { briefingId: briefing.id, state: "registered" } });
    if (!takesRegistrations(briefingState({ ...briefing, capacity, minutesPublishedAt }, registered, now))) throw new AppError("briefing_closed");
    const known = await tx.briefingRegistration.findUnique({ where: { briefingId_email: { briefingId: briefing.id, email } }, select: { id: true, state: true, registeredAt: true, language: true } });
    if (known && known.state !== "cancelled") {
      return { kind: known.state as "registered" | "waitlisted", registration: { id: known.id, email, language: fromStoredLanguage(known.language), registeredAt: known.registeredAt }, briefingId: briefing.id } satisfies Notice;
    }
    const state = registered < capacity ? "registered" : "waitlisted";
    const id = known?.id ?? randomUUID();
    const tokenHash = registrationTokenHash(registrationSecretOf({ id, registeredAt: now }));
    const data = { userId: options.userId, name: input.name, language: toStoredLanguage(options.language), tokenHash, state, registeredAt: now, cancelledAt: null, attendedAt: null, reminderQueuedAt: null } as const;
    if (known) await tx.briefingRegistration.update({ where: { id }, data });
    else await tx.briefingRegistration.create({ data: { id, briefingId: briefing.id, email, ...data } });
    await recordAuditEvent(tx, { type: "briefing.registration_changed", outcome: "success", detail: { briefingId: briefing.id, registrationId: id, change: state } }, { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
    return { kind: state, registration: { id, email, language: options.language, registeredAt: now }, briefingId: briefing.id } satisfies Notice;
  });
  await sendNotice(notice, db);
  return { ok: true, state: notice.kind === "waitlisted" ? "waitlisted" : "registered" };
}

async function registrationByLink(registrationId: string, secret: string, db: Database | Transaction) {
  if (!uuidPattern.test(registrationId) || !/^[0-9a-f]{64}$/.test(secret)) return null;
  const row = await db.briefingRegistration.findUnique({ where: { tokenHash: registrationTokenHash(secret) }, select: { id: true, briefingId: true, state: true, name: true, registeredAt: true } });
  return row && row.id === registrationId ? row : null;
}

export interface RegistrationView {
  id: string;
  name: string;
  state: RegistrationState;
  /** On the waiting list: how many are ahead. */
  ahead: number | null;
  briefingId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  format: BriefingFormat;
  place: string | null;
  /** Online, with a place, before it ends: the meeting's link. */
  joinUrl: string | null;
  cancellable: boolean;
}

/** The page behind the manage link: a wrong secret reads as no page. */
export async function readRegistration(options: { registrationId: string; secret: string; language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<RegistrationView> {
  const now = options.now ?? new Date();
  const registration = await registrationByLink(options.registrationId, options.secret, db);
  if (!registration) throw new AppError("not_found");
  const briefing = await db.briefing.findUniqueOrThrow({ where: { id: registration.briefingId }, select: { title: true, startsAt: true, endsAt: true, format: true, place: true, joinUrl: true, cancelledAt: true } });
  const ahead = registration.state === "waitlisted" ? await db.briefingRegistration.count({ where: { briefingId: registration.briefingId, state: "waitlisted", registeredAt: { lt: registration.registeredAt } } }) : null;
  const open = !briefing.cancelledAt && briefing.startsAt.getTime() > now.getTime();
  return {
    id: registration.id,
    name: registration.name,
    state: registration.state as RegistrationState,
    ahead,
    briefingId: registration.briefingId,
    title: briefingTextIn(briefing.title, options.language),
    startsAt: briefing.startsAt.toISOString(),
    endsAt: briefing.endsAt.toISOString(),
    format: briefing.format as BriefingFormat,
    place: briefing.place,
    joinUrl: registration.state === "registered" && briefing.format === "online" && !briefing.cancelledAt && briefing.endsAt.getTime() > now.getTime() ? briefing.joinUrl : null,
    cancellable: open && registration.state !== "cancelled",
  };
}

/**
 * Gives up a place (or a place on the waiting list) from the manage link, before the session starts. Under the
 * session's lock: a place given up goes to the first on the waiting list, who is told at once with the calendar file.
 * Pressed twice, the second changes nothing.
 */
export async function cancelRegistration(options: { registrationId: string; secret: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = options.request.now ?? new Date();
  const promoted = await db.$transaction(async (tx) => {
    const registration = await registrationByLink(options.registrationId, options.secret, tx);
    if (!registration) throw new AppError("not_found");
    const briefing = await lockBriefing(tx, registration.briefingId);
    if (briefing.cancelledAt || briefing.startsAt.getTime() <= now.getTime()) throw new AppError("briefing_closed");
    const { count } = await tx.briefingRegistration.updateMany({ where: { id: registration.id, state: { not: "cancelled" } }, data: { state: "cancelled", cancelledAt: now } });
    if (count === 0) return null;
    const audit = { actorUserId: null, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent };
    await recordAuditEvent(tx, { type: "briefing.registration_changed", outcome: "success", detail: { briefingId: briefing.id, registrationId: registration.id, change: "cancelled" } }, audit);
    const { capacity } = await tx.briefing.findUniqueOrThrow({ where: { id: briefing.id }, select: { capacity: true } });
    const registered = await tx.briefingRegistration.count({ where: { briefingId: briefing.id, state: "registered" } });
    if (registered >= capacity) return null;
    const [next] = await tx.briefingRegistration.findMany({ where: { briefingId: briefing.id, state: "waitlisted" }, orderBy: [{ registeredAt: "asc" }, { id: "asc" }], take: 1, select: { id: true, email: true, language: true, registeredAt: true } });
    if (!next) return null;
    await tx.briefingRegistration.update({ where: { id: next.id }, data: { state: "registered" } });
    await recordAuditEvent(tx, { type: "briefing.registration_changed", outcome: "success", detail: { briefingId: briefing.id, registrationId: next.id, change: "promoted" } }, audit);
    return { kind: "promoted", registration: { id: next.id, email: next.email, language: fromStoredLanguage(next.language), registeredAt: next.registeredAt }, briefingId: briefing.id } satisfies Notice;
  });
  if (promoted) await sendNotice(promoted, db);
}

/**
 * The reminder a day before (`briefings.reminders`, hourly): to everyone with a place in a session starting within
 * 24 hours, once each (reminderQueuedAt, set in the same transaction as the queued mail).
 */
export async function sendBriefingReminders(options: { now?: Date } = {}, db: Database = getDatabase()): Promise<{ queued: number }> {
  const now = options.now ?? new Date();
  const appUrl = getEnv().APP_URL;
  const due = await db.briefingRegistration.findMany({
    where: { state: "registered", reminderQueuedAt: null, briefing: { cancelledAt: null, startsAt: { gt: now, lte: new Date(now.getTime() + 24 * 3_600_000) } } },
    select: { id: true },
    take: 5_000,
  });
  let queued = 0;
  for (const { id } of due) {
    queued += await db.$transaction(async (tx) => {
      const [registration] = await tx.$queryRaw<{ id: string; email: string; language: "ja" | "ja_easy" | "en"; registeredAt: Date; briefingId: string }[]>`
        SELECT "id"::text AS "id", "email", "language"::text AS "language", "registeredAt", "briefingId"::text AS "briefingId" FROM "BriefingRegistration"
         WHERE "id" = ${id}::uuid AND "state" = 'registered' AND "reminderQueuedAt" IS NULL FOR UPDATE SKIP LOCKED`;
      if (!registration) return 0;
      const briefing = await tx.briefing.findUniqueOrThrow({ where: { id: registration.briefingId }, select: { title: true, startsAt: true, endsAt: true, format: true, place: true, joinUrl: true } });
      const language = fromStoredLanguage(registration.language);
      await tx.briefingRegistration.update({ where: { id }, data: { reminderQueuedAt: now } });
      await enqueueMail(
        {
          to: registration.email,
          language,
          template: "briefing-notice",
          props: {
            kind: "reminder",
            title: briefingTextIn(briefing.title, language),
            startsAt: briefing.startsAt.toISOString(),
            endsAt: briefing.endsAt.toISOString(),
            format: briefing.format as BriefingFormat,
            place: briefing.place ?? undefined,
            joinUrl: briefing.format === "online" ? (briefing.joinUrl ?? undefined) : undefined,
            pageUrl: new URL(`/briefings/${registration.briefingId}`, appUrl).toString(),
            manageUrl: new URL(registrationPath(registration), appUrl).toString(),
          },
          sourceKey: `briefing-reminder:${id}`,
        },
        tx,
      );
      return 1;
    });
  }
  return { queued };
}
