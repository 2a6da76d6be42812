import { getDatabase, type Database } from "../../db.server";
import { toStoredLanguage, type SupportedLanguage } from "../../i18n/languages";
import { requireConsentSubject } from "../consent/index.server";
import { AppError, type RequestContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { enqueueMail } from "../mail/index.server";
import { generateSecureRandomString } from "@tsunagi/service-kit/secure-random.server";
import { MakeRightsRequestSchema, rightsDueAt, type MakeRightsRequestInput } from "./rights-schemas";

/** The same request sent twice within this long (a double press, two tabs) is one request. */
const duplicateWindowMs = 10 * 60_000;

/**
 * A request made by the person or their current proxy, from their account: received at once, with a reference and a
 * due date, its first step recorded and a receipt queued to the requester's address in the same transaction. Taken
 * under a lock on the person, so two presses of one form make one request (the second is answered with the first).
 */
export async function makeRightsRequest(
  options: { actor: { userId: string }; participantId?: string | null; input: MakeRightsRequestInput; language: SupportedLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ requestId: string; reference: string; created: boolean }> {
  const input = MakeRightsRequestSchema.parse(options.input);
  const subject = await requireConsentSubject(options.actor.userId, options.participantId, db);
  const now = options.request.now ?? new Date();
  const details = input.details ?? "";
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`rights:${subject.participantId}`}, 0))`;
    const same = await tx.rightsRequest.findFirst({
      where: { participantId: subject.participantId, kind: input.kind, details, state: { not: "answered" }, receivedAt: { gt: new Date(now.getTime() - duplicateWindowMs) } },
      select: { id: true, reference: true },
    });
    if (same) return { requestId: same.id, reference: same.reference, created: false };
    const requester = await tx.user.findUnique({ where: { id: options.actor.userId }, select: { email: true, disabledAt: true } });
    if (!requester || requester.disabledAt) throw new AppError("forbidden");
    const reference = `RQ-${generateSecureRandomString(8).toUpperCase()}`;
    const dueAt = rightsDueAt(now);
    const made = await tx.rightsRequest.create({
      data: {
        reference,
        participantId: subject.participantId,
        kind: input.kind,
        details,
        requestedById: options.actor.userId,
        asProxy: subject.as === "proxy",
        language: toStoredLanguage(options.language),
        receivedAt: now,
        dueAt,
        steps: { create: { seq: 1, state: "received", actorUserId: options.actor.userId, at: now } },
      },
    });
    await recordAuditEvent(
      tx,
      { type: "rights.request_made", outcome: "success", detail: { requestId: made.id, kind: input.kind, participantId: subject.participantId } },
      { actorUserId: options.actor.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
    await enqueueMail(
      {
        to: requester.email,
        userId: options.actor.userId,
        language: options.language,
        template: "account-notice",
        props: { kind: "request_received", reference, requestKind: input.kind, dueAt: dueAt.toISOString() },
        sourceKey: `rights-request:${made.id}:received`,
      },
      tx,
    );
    return { requestId: made.id, reference, created: true };
  });
}
