import { getDatabase, type Database, type Transaction } from "../../db.server";
import { getEnv } from "../../env.server";
import { fromStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { AppError, uuidPattern } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { enqueueMail } from "../mail/index.server";
import { briefingState, MinutesSchema, type BriefingFields, type BriefingFormat, type BriefingKind, type BriefingState, type RegistrationState } from "./briefing-forms";

type Localized = Record<SupportedLanguage, string>;
const textOf = (stored: unknown, language: SupportedLanguage) => ((stored as Localized | null)?.[language] ?? "").trim() || ((stored as Localized | null)?.ja ?? "");

export interface BriefingView {
  id: string;
  kind: BriefingKind;
  format: BriefingFormat;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  capacity: number;
  registered: number;
  waitlisted: number;
  state: BriefingState;
  minutes: string | null;
  recordingUrl: string | null;
}

const briefingSelect = {
  id: true,
  kind: true,
  format: true,
  title: true,
  description: true,
  startsAt: true,
  endsAt: true,
  place: true,
  capacity: true,
  cancelledAt: true,
  minutes: true,
  recordingUrl: true,
  minutesPublishedAt: true,
} as const;

type BriefingRow = { id: string; kind: string; format: string; title: unknown; description: unknown; startsAt: Date; endsAt: Date; place: string | null; capacity: number; cancelledAt: Date | null; minutes: unknown; recordingUrl: string | null; minutesPublishedAt: Date | null };

async function countsOf(ids: string[], db: Database): Promise<Map<string, { registered: number; waitlisted: number }>> {
  const rows = ids.length === 0 ? [] : await db.briefingRegistration.groupBy({ by: ["briefingId", "state"], where: { briefingId: { in: ids }, state: { not: "cancelled" } }, _count: { _all: true } });
  const counts = new Map(ids.map((id) => [id, { registered: 0, waitlisted: 0 }]));
  for (const row of rows) counts.get(row.briefingId)![row.state as "registered" | "waitlisted"] = row._count._all;
  return counts;
}

function viewOf(row: BriefingRow, counts: { registered: number; waitlisted: number }, language: SupportedLanguage, now: Date): BriefingView {
  return {
    id: row.id,
    kind: row.kind as BriefingKind,
    format: row.format as BriefingFormat,
    title: textOf(row.title, language),
    description: textOf(row.description, language),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    place: row.place,
    capacity: row.capacity,
    ...counts,
    state: briefingState(row, counts.registered, now),
    minutes: row.minutesPublishedAt ? textOf(row.minutes, language) : null,
    recordingUrl: row.minutesPublishedAt ? row.recordingUrl : null,
  };
}

/** The public list (ADR 148): sessions still to come, soonest first, then the last twenty held or called off. */
export async function listBriefings(options: { language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<{ upcoming: BriefingView[]; past: BriefingView[] }> {
  const now = options.now ?? new Date();
  const [upcoming, past] = await Promise.all([
    db.briefing.findMany({ where: { endsAt: { gt: now } }, orderBy: [{ startsAt: "asc" }, { id: "asc" }], take: 50, select: briefingSelect }),
    db.briefing.findMany({ where: { endsAt: { lte: now } }, orderBy: [{ startsAt: "desc" }, { id: "asc" }], take: 20, select: briefingSelect }),
  ]);
  const counts = await countsOf([...upcoming, ...past].map((row) => row.id), db);
  return {
    upcoming: upcoming.map((row) => viewOf(row, counts.get(row.id)!, options.language, now)),
    past: past.map((row) => viewOf(row, counts.get(row.id)!, options.language, now)),
  };
}

/** One session as anyone reads it: never its join link, never who registered. */
export async function loadBriefing(options: { briefingId: string; language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<BriefingView> {
  if (!uuidPattern.test(options.briefingId)) throw new AppError("not_found");
  const row = await db.briefing.findUnique({ where: { id: options.briefingId }, select: briefingSelect });
  if (!row) throw new AppError("not_found");
  const counts = await countsOf([row.id], db);
  return viewOf(row, counts.get(row.id)!, options.language, options.now ?? new Date());
}

export interface StaffBriefing extends BriefingView {
  joinUrl: string | null;
  registrations: { id: string; name: string; email: string; state: RegistrationState; registeredAt: string; attended: boolean }[];
}

/** The staff page: the session, who registered (in order), and who came. */
export async function loadStaffBriefing(options: { briefingId: string; language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<StaffBriefing> {
  const view = await loadBriefing(options, db);
  const [extra, registrations] = await Promise.all([
    db.briefing.findUniqueOrThrow({ where: { id: view.id }, select: { joinUrl: true } }),
    db.briefingRegistration.findMany({ where: { briefingId: view.id }, orderBy: [{ registeredAt: "asc" }, { id: "asc" }], select: { id: true, name: true, email: true, state: true, registeredAt: true, attendedAt: true } }),
  ]);
  return {
    ...view,
    joinUrl: extra.joinUrl,
    registrations: registrations.map((row) => ({ id: row.id, name: row.name, email: row.email, state: row.state as RegistrationState, registeredAt: row.registeredAt.toISOString(), attended: row.attendedAt !== null })),
  };
}

/** Staff publish a session (ADR 148): announced at once; its texts in three languages, checked by BriefingFieldsSchema. */
export async function createBriefing(options: { input: BriefingFields; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<{ id: string }> {
  const { input } = options;
  const now = options.request.now ?? new Date();
  if (input.startsAt.getTime() <= now.getTime()) throw new AppError("briefing_closed");
  return db.$transaction(async (tx) => {
    const row = await tx.briefing.create({
      data: {
        kind: input.kind,
        format: input.format,
        title: { ja: input.titleJa, "ja-easy": input.titleJaEasy, en: input.titleEn },
        description: { ja: input.descriptionJa, "ja-easy": input.descriptionJaEasy, en: input.descriptionEn },
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place: input.format === "in_person" ? (input.place ?? null) : null,
        joinUrl: input.format === "online" ? (input.joinUrl ?? null) : null,
        capacity: input.capacity,
        createdById: options.actorUserId,
        createdAt: now,
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, { type: "briefing.saved", outcome: "success", detail: { briefingId: row.id, change: "published" } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
    return row;
  });
}

async function lockBriefing(tx: Transaction, briefingId: string) {
  if (!uuidPattern.test(briefingId)) throw new AppError("not_found");
  const [row] = await tx.$queryRaw<{ id: string; startsAt: Date; endsAt: Date; cancelledAt: Date | null }[]>`
    SELECT "id"::text AS "id", "startsAt", "endsAt", "cancelledAt" FROM "Briefing" WHERE "id" = ${briefingId}::uuid FOR UPDATE`;
  if (!row) throw new AppError("not_found");
  return row;
}

/**
 * Calls a session off before it starts: everyone with a place or on the waiting list is told (queued; nothing secret in
 * it). A session already called off, started or held cannot be.
 */
export async function cancelBriefing(options: { briefingId: string; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = options.request.now ?? new Date();
  const appUrl = getEnv().APP_URL;
  await db.$transaction(async (tx) => {
    const briefing = await lockBriefing(tx, options.briefingId);
    if (briefing.cancelledAt || briefing.startsAt.getTime() <= now.getTime()) throw new AppError("briefing_closed");
    await tx.briefing.update({ where: { id: briefing.id }, data: { cancelledAt: now } });
    const row = await tx.briefing.findUniqueOrThrow({ where: { id: briefing.id }, select: { title: true, startsAt: true, endsAt: true, format: true, place: true } });
    const told = await tx.briefingRegistration.findMany({ where: { briefingId: briefing.id, state: { not: "cancelled" } }, select: { id: true, email: true, language: true } });
    for (const registration of told) {
      const language = fromStoredLanguage(registration.language);
      await enqueueMail(
        {
          to: registration.email,
          language,
          template: "briefing-notice",
          props: { kind: "cancelled", title: textOf(row.title, language), startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), format: row.format, place: row.place ?? undefined, pageUrl: new URL(`/briefings/${briefing.id}`, appUrl).toString() },
          sourceKey: `briefing-cancelled:${registration.id}`,
        },
        tx,
      );
    }
    await recordAuditEvent(tx, { type: "briefing.saved", outcome: "success", detail: { briefingId: briefing.id, change: "cancelled" } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
  });
}

/** Who came (once it has started): those ticked are marked, the others unmarked; only people with a place count. */
export async function recordAttendance(options: { briefingId: string; attended: readonly string[]; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const briefing = await lockBriefing(tx, options.briefingId);
    if (briefing.cancelledAt || briefing.startsAt.getTime() > now.getTime()) throw new AppError("briefing_not_held");
    const ids = [...new Set(options.attended)];
    await tx.briefingRegistration.updateMany({ where: { briefingId: briefing.id, state: "registered", id: { in: ids }, attendedAt: null }, data: { attendedAt: now } });
    await tx.briefingRegistration.updateMany({ where: { briefingId: briefing.id, id: { notIn: ids }, attendedAt: { not: null } }, data: { attendedAt: null } });
    const attended = await tx.briefingRegistration.count({ where: { briefingId: briefing.id, attendedAt: { not: null } } });
    await recordAuditEvent(tx, { type: "briefing.attendance_recorded", outcome: "success", detail: { briefingId: briefing.id, attended } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
  });
}

/** The minutes (and a recording's link) once the session has ended: published on its page; written again, corrected. */
export async function publishBriefingMinutes(options: { briefingId: string; input: unknown; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<void> {
  const input = MinutesSchema.parse(options.input);
  const now = options.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const briefing = await lockBriefing(tx, options.briefingId);
    if (briefing.cancelledAt || briefing.endsAt.getTime() > now.getTime()) throw new AppError("briefing_not_held");
    await tx.briefing.update({
      where: { id: briefing.id },
      data: { minutes: { ja: input.minutesJa, "ja-easy": input.minutesJaEasy, en: input.minutesEn }, recordingUrl: input.recordingUrl ?? null, minutesPublishedAt: now },
    });
    await recordAuditEvent(tx, { type: "briefing.saved", outcome: "success", detail: { briefingId: briefing.id, change: "minutes" } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
  });
}

/** The staff list: every session, newest first, with its counts. */
export async function listStaffBriefings(options: { language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<BriefingView[]> {
  const now = options.now ?? new Date();
  const rows = await db.briefing.findMany({ orderBy: [{ startsAt: "desc" }, { id: "asc" }], take: 100, select: briefingSelect });
  const counts = await countsOf(rows.map((row) => row.id), db);
  return rows.map((row) => viewOf(row, counts.get(row.id)!, options.language, now));
}

export { lockBriefing, textOf as briefingTextIn };
