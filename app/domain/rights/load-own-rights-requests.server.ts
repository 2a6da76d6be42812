import { getDatabase, type Database } from "../../db.server";
import { requireConsentSubject } from "../consent/index.server";
import { AppError } from "../kernel/index";
import type { RightsRequestKind, RightsRequestOutcome, RightsRequestState } from "./rights-schemas";

export interface RightsRequestStepView {
  seq: number;
  state: RightsRequestState;
  outcome: RightsRequestOutcome | null;
  note: string | null;
  at: Date;
}

export interface RightsRequestView {
  id: string;
  reference: string;
  kind: RightsRequestKind;
  details: string;
  state: RightsRequestState;
  outcome: RightsRequestOutcome | null;
  receivedAt: Date;
  dueAt: Date;
  answeredAt: Date | null;
  overdue: boolean;
  asProxy: boolean;
}

const requestFields = { id: true, reference: true, kind: true, details: true, state: true, outcome: true, receivedAt: true, dueAt: true, answeredAt: true, asProxy: true } as const;

function viewOf(row: Omit<RightsRequestView, "overdue">, now: Date): RightsRequestView {
  return { ...row, overdue: row.state !== "answered" && row.dueAt < now };
}

/** The person's requests (or a represented person's), newest first. */
export async function listOwnRightsRequests(
  options: { userId: string; participantId?: string | null; now?: Date },
  db: Database = getDatabase(),
): Promise<{ subject: { participantId: string; fullName: string; as: "self" | "proxy"; relationship: string | null }; requests: RightsRequestView[] }> {
  const subject = await requireConsentSubject(options.userId, options.participantId, db);
  const rows = await db.rightsRequest.findMany({ where: { participantId: subject.participantId }, orderBy: [{ receivedAt: "desc" }, { id: "asc" }], select: requestFields, take: 200 });
  const now = options.now ?? new Date();
  return { subject: { participantId: subject.participantId, fullName: subject.fullName, as: subject.as, relationship: subject.relationship }, requests: rows.map((row) => viewOf(row, now)) };
}

/**
 * One request with every step, for the person or their current proxy: another person's request reads as not found,
 * like one that does not exist.
 */
export async function loadOwnRightsRequest(
  options: { userId: string; requestId: string; now?: Date },
  db: Database = getDatabase(),
): Promise<{ request: RightsRequestView; steps: RightsRequestStepView[]; participantId: string; fullName: string; as: "self" | "proxy" }> {
  if (!/^[0-9a-f-]{36}$/i.test(options.requestId)) throw new AppError("not_found");
  const row = await db.rightsRequest.findUnique({ where: { id: options.requestId }, select: { ...requestFields, participantId: true, steps: { orderBy: { seq: "asc" }, select: { seq: true, state: true, outcome: true, note: true, at: true } } } });
  if (!row) throw new AppError("not_found");
  const subject = await requireConsentSubject(options.userId, row.participantId, db).catch(() => null);
  if (!subject) throw new AppError("not_found");
  const { steps, participantId, ...request } = row;
  return { request: viewOf(request, options.now ?? new Date()), steps, participantId, fullName: subject.fullName, as: subject.as };
}
