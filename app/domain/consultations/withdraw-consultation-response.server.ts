import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { consultationStatus } from "./consultation-model";
import { lockConsultation } from "./lock-consultation.server";
import { identifyResponder, type Responder } from "./submit-consultation-response.server";

/**
 * The responder takes their response back before the close (ADR 059): it leaves every count and nothing of it is
 * published; the row stays, withdrawn, so a withdrawal is as accountable as an answer. Answering again later counts
 * as a new response.
 */
export async function withdrawConsultationResponse(
  input: { consultationId: string; responder: Responder; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const consultation = await lockConsultation(tx, input.consultationId, "share");
    if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
    if (consultationStatus(consultation, now) !== "open") throw new AppError("consultation_not_open");
    const responder = identifyResponder(consultation, input.responder);
    const [response] = await tx.$queryRaw<{ id: string; withdrawnAt: Date | null }[]>`
      SELECT "id"::text, "withdrawnAt" FROM "ConsultationResponse"
      WHERE "consultationId" = ${consultation.id}::uuid AND "responderKey" = ${responder.key} FOR UPDATE`;
    if (!response || response.withdrawnAt !== null) throw new AppError("not_found");
    await tx.consultationResponse.update({ where: { id: response.id }, data: { withdrawnAt: now, updatedAt: now, version: { increment: 1 } } });
    await recordAuditEvent(
      tx,
      { type: "consultation.response_changed", outcome: "success", detail: { consultationId: consultation.id, responseId: response.id, change: "withdrawn", capacity: responder.capacity } },
      responder.userId ? { actorUserId: responder.userId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent } : { actorUserId: null, ipAddress: null, userAgent: null },
    );
  });
}
