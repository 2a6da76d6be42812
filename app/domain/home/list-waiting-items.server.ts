import { getDatabase, type Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { hasPermission } from "../authz/permissions";
import type { Role } from "../authz/roles";
import { loadFormVersion } from "../consent/forms/load-form-version.server";
import { projectionFromRow } from "../consent/ledger/ledger-rows";
import { consentSubjectsOf } from "../consent/participants/consent-subjects.server";
import { listConsultations } from "../consultations/list-consultations.server";
import { loadParticipantCaseNotices, type ParticipantCaseNotice } from "../findings/load-participant-case-notices.server";
import { readerAudienceOf } from "../updates/reader-audience.server";
import { visibleUpdatesWhere } from "../updates/visible-updates-sql.server";

/** Whose consent an item is about: the reader's own, or a person they act for as proxy (named on the page). */
export interface WaitingSubject {
  participantId: string;
  name: string;
  as: "self" | "proxy";
}

/**
 * One thing that waits for the signed-in person (issue 29 item 2), with what a person needs to act: how many, by
 * when, for whom. Each kind links to the page where it is done.
 */
export type WaitingItem =
  | { kind: "reconsent"; subject: WaitingSubject; version: string; since: Date }
  | { kind: "appointment"; subject: WaitingSubject; talk: ParticipantCaseNotice["kind"]; at: Date }
  | { kind: "recontact"; subject: WaitingSubject; count: number; since: Date }
  | { kind: "consultations"; count: number; closesAt: Date }
  | { kind: "updates"; count: number; newest: Date };

/**
 * Everything that waits for this person, most pressing first: for themselves and for each person they act for, a
 * new consent form to decide on, an appointment the care team made, programme requests sent to them (recontact);
 * then, for the person themselves, the consultations open to them that they have not answered and their unread
 * updates. Staff work queues are on their own pages, not here.
 */
export async function listWaitingItems(
  input: { userId: string; roles: readonly Role[]; language: SupportedLanguage; now?: Date },
  db: Database = getDatabase(),
): Promise<WaitingItem[]> {
  const now = input.now ?? new Date();
  const subjects = hasPermission(input.roles, "consent:own") ? await consentSubjectsOf(input.userId, db) : [];
  const [perSubject, consultations, updates] = await Promise.all([
    Promise.all(subjects.map((subject) => waitingForSubject({ participantId: subject.participantId, name: subject.fullName, as: subject.as }, db))),
    listConsultations({ viewer: { userId: input.userId, roles: input.roles }, language: input.language, now }, db),
    hasPermission(input.roles, "updates:read") ? unreadUpdates(input.userId, now, db) : Promise.resolve(null),
  ]);
  const items: WaitingItem[] = perSubject.flat();
  // Only those asking the account in a capacity of its own: a consultation of the public is for anyone, and on a staff
  // member's home it would be noise (it stays on /consultations for them as for everyone).
  const open = consultations.filter((consultation) => consultation.answerable && !consultation.answered && consultation.askedAs !== undefined);
  if (open.length > 0) {
    items.push({ kind: "consultations", count: open.length, closesAt: new Date(Math.min(...open.map((consultation) => consultation.closesAt.getTime()))) });
  }
  if (updates) items.push(updates);
  return items;
}

async function waitingForSubject(subject: WaitingSubject, db: Database): Promise<WaitingItem[]> {
  const [row, recontact] = await Promise.all([
    db.consentState.findUnique({ where: { participantId: subject.participantId } }),
    // Sent and not yet answered; a withdrawal that stops contact withholds what was not yet sent, and what was sent
    // still asks (the answer may be "stop contacting me").
    db.recontactDelivery.aggregate({
      where: { participantId: subject.participantId, sentAt: { not: null }, answeredAt: null, withheldAt: null },
      _count: { _all: true },
      _min: { sentAt: true },
    }),
  ]);
  const items: WaitingItem[] = [];
  if (row) {
    const state = projectionFromRow(row);
    if (state.status === "reconsent_required" && state.pendingFormVersionId) {
      const pending = await loadFormVersion(state.pendingFormVersionId, db);
      items.push({ kind: "reconsent", subject, version: pending.version, since: new Date(state.updatedAt) });
    }
    const notices = await loadParticipantCaseNotices(subject.participantId, state, db);
    for (const notice of notices) items.push({ kind: "appointment", subject, talk: notice.kind, at: new Date(notice.appointment.at) });
  }
  if (recontact._count._all > 0) items.push({ kind: "recontact", subject, count: recontact._count._all, since: recontact._min.sentAt! });
  return items;
}

/** How many updates this reader may see and has not opened, and when the newest came out. */
async function unreadUpdates(userId: string, now: Date, db: Database): Promise<WaitingItem | null> {
  const audience = await readerAudienceOf(userId, db);
  const [row] = await db.$queryRaw<{ unread: number; newest: Date | null }[]>`
    SELECT count(*)::int AS "unread", max(u."publishAt") AS "newest"
      FROM "ProgrammeUpdate" u
      LEFT JOIN "UpdateRead" r ON r."updateId" = u."id" AND r."userId" = ${userId}::uuid
     WHERE ${visibleUpdatesWhere(audience, now)} AND r."updateId" IS NULL`;
  return row && row.unread > 0 && row.newest ? { kind: "updates", count: row.unread, newest: row.newest } : null;
}
