import { getDatabase, readRows, type Database, type NamedStatement } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { hasPermission, type Role } from "../authz";
import { loadFormVersion, readSubjectsWithFacts } from "../consent/index.server";
import { projectionFromRow } from "../consent";
import { listConsultations } from "../consultations/index.server";
import { loadParticipantCaseNotices, type ParticipantCaseNotice } from "../findings/index.server";
import { readerAudienceOf, visibleUpdatesValues, visibleUpdatesWhereText } from "../updates/index.server";
import { instantOfJapanTime } from "../time";

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
  db?: Database,
): Promise<WaitingItem[]> {
  const now = input.now ?? new Date();
  const [perSubject, consultations, updates] = await Promise.all([
    hasPermission(input.roles, "consent:own") ? waitingForSubjects(input.userId, db) : Promise.resolve([]),
    listConsultations({ viewer: { userId: input.userId, roles: input.roles }, language: input.language, now }, db),
    hasPermission(input.roles, "updates:read") ? unreadUpdates(input.userId, now, db) : Promise.resolve(null),
  ]);
  const items: WaitingItem[] = perSubject;
  // Only those asking the account in a capacity of its own: a consultation of the public is for anyone, and on a staff
  // member's home it would be noise (it stays on /consultations for them as for everyone).
  const open = consultations.filter((consultation) => consultation.answerable && !consultation.answered && consultation.askedAs !== undefined);
  if (open.length > 0) {
    items.push({ kind: "consultations", count: open.length, closesAt: new Date(Math.min(...open.map((consultation) => consultation.closesAt.getTime()))) });
  }
  if (updates) items.push(updates);
  return items;
}

async function waitingForSubjects(userId: string, db: Database | undefined): Promise<WaitingItem[]> {
  const subjects = await readSubjectsWithFacts(userId, db);
  const perSubject = await Promise.all(
    subjects.map(async ({ subject: { participantId, fullName, as }, facts: { consent, hasFindings, recontact } }) => {
      const subject: WaitingSubject = { participantId, name: fullName, as };
      const items: WaitingItem[] = [];
      if (consent) {
        const state = projectionFromRow(consent);
        if (state.status === "reconsent_required" && state.pendingFormVersionId) {
          const pending = await loadFormVersion(state.pendingFormVersionId, db);
          items.push({ kind: "reconsent", subject, version: pending.version, since: new Date(state.updatedAt) });
        }
        const notices = hasFindings ? await loadParticipantCaseNotices(subject.participantId, state, db ?? getDatabase()) : [];
        for (const notice of notices) items.push({ kind: "appointment", subject, talk: notice.kind, at: instantOfJapanTime(notice.appointment.at) });
      }
      if (recontact.count > 0) items.push({ kind: "recontact", subject, count: recontact.count, since: recontact.since! });
      return items;
    }),
  );
  return perSubject.flat();
}

const unreadUpdatesStatement: NamedStatement = {
  name: "tsunagi-home-unread-updates",
  text: `SELECT count(*)::int AS "unread", max(u."publishAt") AS "newest"
      FROM "ProgrammeUpdate" u
      LEFT JOIN "UpdateRead" r ON r."updateId" = u."id" AND r."userId" = $1::uuid
     WHERE ${visibleUpdatesWhereText({ now: "$2", participants: "$3", families: "$4" })} AND r."updateId" IS NULL`,
};

/** How many updates this reader may see and has not opened, and when the newest came out. */
async function unreadUpdates(userId: string, now: Date, db: Database | undefined): Promise<WaitingItem | null> {
  const audience = await readerAudienceOf(userId, db);
  const [row] = await readRows<{ unread: number; newest: Date | null }>(unreadUpdatesStatement, [userId, now, ...visibleUpdatesValues(audience)], db);
  return row && row.unread > 0 && row.newest ? { kind: "updates", count: row.unread, newest: row.newest } : null;
}
