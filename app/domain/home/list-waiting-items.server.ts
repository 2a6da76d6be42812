import type { Database } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { countCommitteeWork } from "../access/index.server";
import { countSecondFactorResetsAwaiting } from "../account/index.server";
import { hasPermission, type Permission, type Role } from "../authz";
import { countOpenQuestions, countReviewRoundsAwaiting, loadFormVersion, readSubjectsWithFacts, type ConsentSubject } from "../consent/index.server";
import { projectionFromRow } from "../consent";
import { countAnswersToModerate, listConsultations } from "../consultations/index.server";
import { countFindingCases, loadParticipantCaseNotices, type ParticipantCaseNotice } from "../findings/index.server";
import { countJobsNeedingAttention } from "../jobs/index.server";
import { countUnreadUpdates } from "../updates/index.server";
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
  /** `deadline`: the day staff ask the decision by (ISO, a day in Japan), when they set one (ADR 120). */
  | { kind: "reconsent"; subject: WaitingSubject; version: string; since: Date; deadline: string | null }
  | { kind: "appointment"; subject: WaitingSubject; talk: ParticipantCaseNotice["kind"]; at: Date }
  | { kind: "recontact"; subject: WaitingSubject; count: number; since: Date }
  /** The 2024 law's notice, not yet given to this person (ADR 140): first, before anything else about them. */
  | { kind: "provision_notice"; subject: WaitingSubject }
  | { kind: "consultations"; count: number; closesAt: Date }
  | { kind: "updates"; count: number; newest: Date }
  | { kind: "queue"; queue: WorkQueue; count: number; oldest: Date | null; path: string };

/**
 * The work queues home counts (issue 55 Deliver 5), each with the page where it is worked and the permission that page
 * requires — so an account is never shown a count it could not open. The panel's and the committee's steps, the
 * counsellor's cases, the coordinator's questions, the secretariat's applications and applicants, the moderation of
 * consultation answers, and the administrator's failed jobs and second-factor resets.
 */
export const workQueues = {
  declarations: { path: "/committee", permission: "committee:review" },
  votes: { path: "/committee", permission: "committee:review" },
  decisions: { path: "/committee", permission: "committee:decide" },
  documentReviews: { path: "/panel/reviews", permission: "documents:review" },
  findingsUnclaimed: { path: "/staff/findings", permission: "findings:counsel" },
  findingsMine: { path: "/staff/findings", permission: "findings:counsel" },
  questions: { path: "/staff/questions", permission: "questions:answer" },
  applicationsToTriage: { path: "/committee", permission: "applications:manage" },
  applicantsToVerify: { path: "/committee/applicants", permission: "applications:manage" },
  moderation: { path: "/staff/consultations", permission: "consultations:manage" },
  jobs: { path: "/staff/jobs", permission: "jobs:manage" },
  secondFactorResets: { path: "/admin/second-factor-resets", permission: "users:manage" },
} as const satisfies Record<string, { path: string; permission: Permission }>;
export type WorkQueue = keyof typeof workQueues;

/**
 * Everything that waits for this person, most pressing first: for themselves and for each person they act for, a
 * new consent form to decide on, an appointment the care team made, programme requests sent to them (recontact);
 * then the work their roles give them, as counts of each queue with a link to it (issue 55 Deliver 5: a panel
 * member's declaration was missing here, a counsellor's case too); then the consultations open to them that they have
 * not answered and their unread updates. Each count is asked of the concept that owns the queue, only when one of
 * the person's roles may open its page, and is a count, never the rows; an empty queue is not listed.
 */
export async function listWaitingItems(
  input: { userId: string; roles: readonly Role[]; language: SupportedLanguage; now?: Date },
  db?: Database,
): Promise<WaitingItem[]> {
  return (await loadHomeItems(input, db)).waiting;
}

/**
 * What home shows (ADR 157): listWaitingItems's items, and the people this person acts for as consentSubjectsOf gives
 * them (none without `consent:own`) — read in the same statement as their facts, not once more for the page.
 */
export async function loadHomeItems(
  input: { userId: string; roles: readonly Role[]; language: SupportedLanguage; now?: Date },
  db?: Database,
): Promise<{ waiting: WaitingItem[]; subjects: ConsentSubject[] }> {
  const now = input.now ?? new Date();
  const [{ subjectsWithFacts, perSubject }, queues, consultations, updates] = await Promise.all([
    (hasPermission(input.roles, "consent:own") ? readSubjectsWithFacts(input.userId, db) : Promise.resolve([])).then(async (subjectsWithFacts) => ({ subjectsWithFacts, perSubject: await waitingForSubjects(subjectsWithFacts, db) })),
    waitingQueues(input.userId, input.roles, now, db),
    listConsultations({ viewer: { userId: input.userId, roles: input.roles }, language: input.language, now }, db),
    hasPermission(input.roles, "updates:read") ? unreadUpdates(input.userId, now, db) : Promise.resolve(null),
  ]);
  const items: WaitingItem[] = [...perSubject, ...queues];
  // Only those asking the account in a capacity of its own: a consultation of the public is for anyone, and on a staff
  // member's home it would be noise (it stays on /consultations for them as for everyone).
  const open = consultations.filter((consultation) => consultation.answerable && !consultation.answered && consultation.askedAs !== undefined);
  if (open.length > 0) {
    items.push({ kind: "consultations", count: open.length, closesAt: new Date(Math.min(...open.map((consultation) => consultation.closesAt.getTime()))) });
  }
  if (updates) items.push(updates);
  return { waiting: items, subjects: subjectsWithFacts.map(({ subject }) => subject) };
}

type QueueCount = { count: number; oldest: Date | null };

/** Each queue this person's roles may open, counted by the concept that owns it; the empty ones left out. */
async function waitingQueues(userId: string, roles: readonly Role[], now: Date, db: Database | undefined): Promise<WaitingItem[]> {
  const may = (permission: Permission) => hasPermission(roles, permission);
  const none = Promise.resolve(null);
  const [committee, reviews, findings, questions, moderation, jobs, resets] = await Promise.all([
    may("committee:review") || may("applications:manage") ? countCommitteeWork({ userId, roles, now }, db) : none,
    may("documents:review") ? countReviewRoundsAwaiting({ reviewerUserId: userId }, db) : none,
    may("findings:counsel") ? countFindingCases({ userId }, db) : none,
    may("questions:answer") ? countOpenQuestions({ userId }, db) : none,
    may("consultations:manage") ? countAnswersToModerate(db) : none,
    may("jobs:manage") ? countJobsNeedingAttention(db) : none,
    may("users:manage") ? countSecondFactorResetsAwaiting({ userId, now }, db) : none,
  ]);
  const counts: Partial<Record<WorkQueue, QueueCount>> = {
    ...committee,
    ...(reviews ? { documentReviews: reviews } : {}),
    ...(findings ? { findingsUnclaimed: findings.unclaimed, findingsMine: findings.mine } : {}),
    ...(questions ? { questions } : {}),
    ...(moderation ? { moderation } : {}),
    ...(jobs ? { jobs } : {}),
    ...(resets ? { secondFactorResets: resets } : {}),
  };
  return (Object.keys(workQueues) as WorkQueue[]).flatMap((queue) => {
    const counted = counts[queue];
    // The permission is asked again here, whoever counted: a count never reaches a page its reader cannot open.
    if (!counted || counted.count === 0 || !may(workQueues[queue].permission)) return [];
    return [{ kind: "queue" as const, queue, count: counted.count, oldest: counted.oldest, path: workQueues[queue].path }];
  });
}

async function waitingForSubjects(subjects: Awaited<ReturnType<typeof readSubjectsWithFacts>>, db: Database | undefined): Promise<WaitingItem[]> {
  const perSubject = await Promise.all(
    subjects.map(async ({ subject: { participantId, fullName, as }, facts: { consent, hasFindings, recontact, provisionNoticeGiven, reconsentDeadline } }) => {
      const subject: WaitingSubject = { participantId, name: fullName, as };
      const items: WaitingItem[] = [];
      if (!provisionNoticeGiven) items.push({ kind: "provision_notice", subject });
      if (consent) {
        const state = projectionFromRow(consent);
        if (state.status === "reconsent_required" && state.pendingFormVersionId) {
          const pending = await loadFormVersion(state.pendingFormVersionId, db);
          items.push({ kind: "reconsent", subject, version: pending.version, since: new Date(state.updatedAt), deadline: reconsentDeadline });
        }
        const notices = hasFindings ? await loadParticipantCaseNotices(subject.participantId, state, db) : [];
        for (const notice of notices) items.push({ kind: "appointment", subject, talk: notice.kind, at: instantOfJapanTime(notice.appointment.at) });
      }
      if (recontact.count > 0) items.push({ kind: "recontact", subject, count: recontact.count, since: recontact.since! });
      return items;
    }),
  );
  return perSubject.flat();
}

/** How many updates this reader may see and has not opened, and when the newest came out. */
async function unreadUpdates(userId: string, now: Date, db: Database | undefined): Promise<WaitingItem | null> {
  const row = await countUnreadUpdates(userId, now, db);
  return row && row.unread > 0 && row.newest ? { kind: "updates", count: row.unread, newest: row.newest } : null;
}
