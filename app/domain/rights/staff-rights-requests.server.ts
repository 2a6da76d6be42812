import { getDatabase, type Database } from "../../db.server";
import { fromStoredLanguage } from "../../i18n/languages";
import { participantsIn, scopeIncludes, scopeIsEmpty, type StaffScope } from "../facilities/index";
import { AppError, type RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { enqueueMail } from "../mail/index.server";
import type { RightsRequestStepView, RightsRequestView } from "./load-own-rights-requests.server";
import { RecordRightsStepSchema, type RecordRightsStepInput } from "./rights-schemas";

export interface QueuedRightsRequest extends RightsRequestView {
  pseudonym: string;
  participantId: string;
}

const fields = { id: true, reference: true, kind: true, details: true, state: true, outcome: true, receivedAt: true, dueAt: true, answeredAt: true, asProxy: true, participantId: true, participant: { select: { pseudonym: true } } } as const;

type Row = { participant: { pseudonym: string } } & Omit<QueuedRightsRequest, "pseudonym" | "overdue">;
function flatten({ participant, ...row }: Row, now: Date): QueuedRightsRequest {
  return { ...row, pseudonym: participant.pseudonym, overdue: row.state !== "answered" && row.dueAt < now };
}

/** The coordinator's queue: open requests of their facilities, the one due first on top; the last answered below. */
export async function listRightsQueue(
  options: { scope: StaffScope; now?: Date },
  db: Database = getDatabase(),
): Promise<{ open: QueuedRightsRequest[]; answered: QueuedRightsRequest[] }> {
  if (scopeIsEmpty(options.scope)) return { open: [], answered: [] };
  const now = options.now ?? new Date();
  const participant = { is: participantsIn(options.scope) };
  const [open, answered] = await Promise.all([
    db.rightsRequest.findMany({ where: { state: { not: "answered" }, participant }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], select: fields, take: 500 }),
    db.rightsRequest.findMany({ where: { state: "answered", participant }, orderBy: { answeredAt: "desc" }, select: fields, take: 20 }),
  ]);
  return { open: open.map((row) => flatten(row, now)), answered: answered.map((row) => flatten(row, now)) };
}

async function requestInScope(db: Database, requestId: string, scope: StaffScope) {
  if (!/^[0-9a-f-]{36}$/i.test(requestId)) throw new AppError("not_found");
  const row = await db.rightsRequest.findUnique({ where: { id: requestId }, select: { ...fields, participant: { select: { pseudonym: true, facilityId: true } } } });
  // Another facility's request reads as one that does not exist (ADR 015).
  if (!row || !scopeIncludes(scope, row.participant.facilityId)) throw new AppError("not_found");
  return row;
}

/** One request with its steps, for a coordinator of the person's facility. */
export async function loadRightsRequestForStaff(
  options: { requestId: string; scope: StaffScope; now?: Date },
  db: Database = getDatabase(),
): Promise<{ request: QueuedRightsRequest; steps: RightsRequestStepView[] }> {
  const row = await requestInScope(db, options.requestId, options.scope);
  const steps = await db.rightsRequestStep.findMany({ where: { requestId: row.id }, orderBy: { seq: "asc" }, select: { seq: true, state: true, outcome: true, note: true, at: true } });
  return { request: flatten(row, options.now ?? new Date()), steps };
}

/**
 * A coordinator moves a request on: work begun, or the answer with its outcome and words to the person. The step and
 * the request's state change together under the request's row lock; an answered request takes no further step (two
 * coordinators answering at once: one answer). The person is told of the answer by mail, in the language they asked in.
 */
export async function recordRightsStep(
  options: { requestId: string; actorUserId: string; scope: StaffScope; input: RecordRightsStepInput; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ seq: number }> {
  const input = RecordRightsStepSchema.parse(options.input);
  await requestInScope(db, options.requestId, options.scope);
  const now = options.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ state: string; reference: string; requestedById: string; language: "ja" | "ja_easy" | "en" }[]>`
      SELECT "state"::text AS state, "reference", "requestedById", "language"::text AS language FROM "RightsRequest" WHERE "id" = ${options.requestId}::uuid FOR UPDATE`;
    if (!locked) throw new AppError("not_found");
    if (locked.state === "answered") throw new AppError("request_already_answered");
    if (input.state === "in_progress" && locked.state === "in_progress" && !input.note) throw new AppError("nothing_changed");
    const last = await tx.rightsRequestStep.findFirst({ where: { requestId: options.requestId }, orderBy: { seq: "desc" }, select: { seq: true } });
    const seq = (last?.seq ?? 0) + 1;
    const outcome = input.state === "answered" ? input.outcome : null;
    await tx.rightsRequestStep.create({ data: { requestId: options.requestId, seq, state: input.state, outcome, note: input.note ?? null, actorUserId: options.actorUserId, at: now } });
    await tx.rightsRequest.update({
      where: { id: options.requestId },
      data: input.state === "answered" ? { state: "answered", outcome, answeredAt: now } : { state: "in_progress" },
    });
    await recordAuditEvent(
      tx,
      { type: "rights.request_step", outcome: "success", detail: { requestId: options.requestId, state: input.state, ...(outcome ? { result: outcome } : {}) } },
      { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    if (input.state === "answered") {
      const requester = await tx.user.findUnique({ where: { id: locked.requestedById }, select: { email: true, disabledAt: true } });
      if (requester && !requester.disabledAt) {
        await enqueueMail(
          {
            to: requester.email,
            userId: locked.requestedById,
            language: fromStoredLanguage(locked.language),
            template: "account-notice",
            props: { kind: "request_answered", reference: locked.reference },
            sourceKey: `rights-request:${options.requestId}:answered`,
          },
          tx,
        );
      }
    }
    return { seq };
  });
}
