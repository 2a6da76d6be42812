import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { loadStaffAccess } from "../facilities/index.server";
import { closeReasons, type CaseEventType, type CloseReason } from "./case-event";
import { caseStatus, caseSteps, checkCaseStep, closeReasonsFor, findingContentAccess, type CaseFacts, type CaseStatus, type CaseStep } from "./case-workflow";
import { readFindingCaseRecords, type FindingCaseRecord } from "./finding-case-records.server";
import { daysSince } from "./list-finding-queue.server";
import { uuidPattern } from "../kernel/index";

export interface FindingContent {
  gene: string;
  version: number;
  variantHgvs: string;
  classification: "P" | "LP";
  evidenceSummary: string;
  reportSha256: string;
  reinterpretation: boolean;
}

export interface FindingCaseView {
  findingId: string;
  pseudonym: string;
  category: FindingCaseRecord["category"];
  facility: FindingCaseRecord["facility"];
  queueState: FindingCaseRecord["queueState"];
  updated: boolean;
  closed: boolean;
  /** The status line: closed (and why), updated, or the queue state (caseStatus). */
  status: CaseStatus;
  daysWaiting: number;
  claimedBy: { id: string; displayName: string } | null;
  /** Who closed it, while it is closed (the claim ends with the closing). */
  closedBy: { id: string; displayName: string } | null;
  appointment: FindingCaseRecord["state"]["appointment"];
  /** `visible`: the content is below; `sealed`: only the notice and the open-with-reason form; `opened`: sealed, opened by this counsellor with a reason. */
  contentAccess: "visible" | "sealed" | "opened";
  content: FindingContent | null;
  /** The steps this counsellor may take now (checkCaseStep). */
  allowedSteps: CaseStep[];
  /** The reasons the case may be closed with now (closeReasonsFor): "disclosed" only after a disclosure. */
  closeReasons: CloseReason[];
  history: { seq: number; type: CaseEventType; actor: string | null; at: Date; payload: unknown }[];
}


export function caseFactsOf(record: FindingCaseRecord, actorId: string): CaseFacts {
  return {
    queueState: record.queueState,
    claimedBy: record.state.claimedBy,
    actorId,
    appointmentScheduled: record.state.appointment !== null,
    counsellingRecorded: record.state.counsellingRecorded,
    disclosureRecorded: record.state.disclosureRecorded,
    closed: record.state.closed,
  };
}

/**
 * One case for a counsellor (ADR 034): its facts, the steps allowed now, its history, and the finding's content only
 * when the consent rule makes it visible — or, while sealed, once this counsellor has opened it with a reason. A case
 * the participant's consent hides, or at a facility the counsellor does not belong to, is "not found": the page must
 * not even say that such a finding exists.
 */
export async function loadFindingCase(options: { findingId: string; actorId: string; now?: Date }, db: Database = getDatabase()): Promise<FindingCaseView> {
  if (!uuidPattern.test(options.findingId)) throw new AppError("not_found");
  const { scope } = await loadStaffAccess(options.actorId, db);
  const [record] = await readFindingCaseRecords(db, { scope, findingIds: [options.findingId] });
  if (!record) throw new AppError("not_found");

  const access = findingContentAccess(record.queueState);
  const opened = access === "sealed" && record.state.sealedOpenedBy.includes(options.actorId);
  let content: FindingContent | null = null;
  if (access === "visible" || opened) {
    const finding = await db.finding.findUniqueOrThrow({ where: { id: record.findingId }, select: { gene: true } });
    const version = await db.findingVersion.findUniqueOrThrow({
      where: { findingId_version: { findingId: record.findingId, version: record.latestVersion } },
      select: { version: true, variantHgvs: true, classification: true, evidenceSummary: true, reportSha256: true, reinterpretation: true },
    });
    content = { gene: finding.gene, ...version };
  }

  const actorIds = [...new Set(record.events.map((event) => event.actorUserId).filter((id): id is string => id !== null))];
  const names = new Map((await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } })).map((user) => [user.id, user.displayName]));
  const facts = caseFactsOf(record, options.actorId);
  return {
    findingId: record.findingId,
    pseudonym: record.pseudonym,
    category: record.category,
    facility: record.facility,
    queueState: record.queueState,
    updated: record.state.updated,
    closed: record.state.closed,
    status: caseStatus(record.queueState, record.state),
    daysWaiting: daysSince(record.arrivedAt, options.now ?? new Date()),
    claimedBy: record.state.claimedBy ? { id: record.state.claimedBy, displayName: names.get(record.state.claimedBy) ?? "" } : null,
    closedBy: record.state.closed && record.state.closedBy ? { id: record.state.closedBy, displayName: names.get(record.state.closedBy) ?? "" } : null,
    appointment: record.state.appointment,
    contentAccess: access === "visible" ? "visible" : opened ? "opened" : "sealed",
    content,
    allowedSteps: caseSteps.filter((step) => checkCaseStep(step, facts).allowed),
    closeReasons: closeReasonsFor(facts, closeReasons),
    history: record.events.map((event) => ({ seq: event.seq, type: event.type, actor: event.actorUserId ? (names.get(event.actorUserId) ?? null) : null, at: event.at, payload: event.payload })),
  };
}
