import { getDatabase, readRows, type Database, type NamedStatement } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { hasPermission } from "../authz/permissions";
import type { Role } from "../authz/roles";
import { loadFormVersion } from "../consent/forms/load-form-version.server";
import { projectionFromRow, type ConsentStateRow } from "../consent/ledger/ledger-rows";
import { consentSubjectsOf } from "../consent/participants/consent-subjects.server";
import { listConsultations } from "../consultations/list-consultations.server";
import { loadParticipantCaseNotices, type ParticipantCaseNotice } from "../findings/load-participant-case-notices.server";
import { readerAudienceOf } from "../updates/reader-audience.server";
import { visibleUpdatesWhere } from "../updates/visible-updates-sql.server";
import { instantOfJapanTime } from "../time/japan-date";

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
  const subjects = hasPermission(input.roles, "consent:own") ? await consentSubjectsOf(input.userId, db) : [];
  const [perSubject, consultations, updates] = await Promise.all([
    waitingForSubjects(
      subjects.map((subject) => ({ participantId: subject.participantId, name: subject.fullName, as: subject.as })),
      db,
    ),
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

/** What waits for each subject, as one row: their consent, the requests sent and not answered, whether any case exists. */
interface SubjectFactsRow extends Partial<ConsentStateRow> {
  subject: string;
  recontactCount: number;
  recontactSince: Date | null;
  hasFindings: boolean;
}

/**
 * One statement for every subject a person acts for (home is read on every visit, issue 30): each one's consent row
 * (null columns when they never consented); the programme requests sent and not yet answered — a withdrawal that stops
 * contact withholds what was not yet sent, and what was sent still asks (the answer may be "stop contacting me"); and
 * whether a finding exists at all, so the case notices (and their reads) are asked only of those who have one.
 */
const subjectFactsStatement: NamedStatement = {
  name: "tsunagi-home-subject-facts",
  text: `SELECT s."subject", cs."participantId"::text AS "participantId", cs."status"::text AS "status", cs."formVersionId"::text AS "formVersionId",
         cs."formVersionHash", cs."choices", cs."permittedPurposes"::text[] AS "permittedPurposes", cs."withdrawalLevel"::text AS "withdrawalLevel",
         cs."pendingFormVersionId"::text AS "pendingFormVersionId", cs."interimRule", cs."consentedBy", cs."lastEventId"::text AS "lastEventId",
         cs."version", cs."updatedAt", r."recontactCount", r."recontactSince",
         EXISTS (SELECT 1 FROM "Finding" f WHERE f."participantId" = s."subject"::uuid AND f."latestVersion" > 0) AS "hasFindings"
    FROM unnest($1::text[]) WITH ORDINALITY AS s("subject", "position")
    LEFT JOIN "ConsentState" cs ON cs."participantId" = s."subject"::uuid
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS "recontactCount", min(d."sentAt") AS "recontactSince" FROM "RecontactDelivery" d
       WHERE d."participantId" = s."subject"::uuid AND d."sentAt" IS NOT NULL AND d."answeredAt" IS NULL AND d."withheldAt" IS NULL
    ) r
   ORDER BY s."position"`,
};

async function waitingForSubjects(subjects: WaitingSubject[], db: Database | undefined): Promise<WaitingItem[]> {
  if (subjects.length === 0) return [];
  const rows = await readRows<SubjectFactsRow>(subjectFactsStatement, [subjects.map((subject) => subject.participantId)], db);
  const perSubject = await Promise.all(
    subjects.map(async (subject, index) => {
      const row = rows[index]!;
      const items: WaitingItem[] = [];
      if (row.participantId) {
        const state = projectionFromRow(row as ConsentStateRow);
        if (state.status === "reconsent_required" && state.pendingFormVersionId) {
          const pending = await loadFormVersion(state.pendingFormVersionId, db);
          items.push({ kind: "reconsent", subject, version: pending.version, since: new Date(state.updatedAt) });
        }
        const notices = row.hasFindings ? await loadParticipantCaseNotices(subject.participantId, state, db ?? getDatabase()) : [];
        for (const notice of notices) items.push({ kind: "appointment", subject, talk: notice.kind, at: instantOfJapanTime(notice.appointment.at) });
      }
      if (row.recontactCount > 0) items.push({ kind: "recontact", subject, count: row.recontactCount, since: row.recontactSince! });
      return items;
    }),
  );
  return perSubject.flat();
}

/** How many updates this reader may see and has not opened, and when the newest came out. */
async function unreadUpdates(userId: string, now: Date, db: Database | undefined): Promise<WaitingItem | null> {
  const audience = await readerAudienceOf(userId, db);
  const [row] = await (db ?? getDatabase()).$queryRaw<{ unread: number; newest: Date | null }[]>`
    SELECT count(*)::int AS "unread", max(u."publishAt") AS "newest"
      FROM "ProgrammeUpdate" u
      LEFT JOIN "UpdateRead" r ON r."updateId" = u."id" AND r."userId" = ${userId}::uuid
     WHERE ${visibleUpdatesWhere(audience, now)} AND r."updateId" IS NULL`;
  return row && row.unread > 0 && row.newest ? { kind: "updates", count: row.unread, newest: row.newest } : null;
}
