import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { ConsultationDraftSchema, missingLanguages } from "./consultation-model";
import { lockConsultation } from "./lock-consultation.server";

/**
 * Publishes a draft (ADR 059): from now on it is listed for its audiences, takes answers between its opening and
 * closing times (a query on those times: no job has to run), and its questions are frozen (trigger). Refused while a
 * language is missing anywhere, without questions, when it would close in the past, or on a version since moved.
 */
export async function publishConsultation(
  input: { consultationId: string; expectedVersion: number; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ opensAt: Date; closesAt: Date }> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const locked = await lockConsultation(tx, input.consultationId);
    if (!locked) throw new AppError("not_found");
    if (locked.publishedAt !== null) throw new AppError("consultation_not_editable");
    if (locked.version !== input.expectedVersion) throw new AppError("consultation_edited_meanwhile");
    const consultation = await tx.consultation.findUniqueOrThrow({ where: { id: locked.id }, include: { questions: { orderBy: { position: "asc" } } } });
    const draft = ConsultationDraftSchema.safeParse({ ...consultation, questions: consultation.questions.map((question) => ({ ...question, maxLength: question.maxLength ?? undefined })) });
    if (!draft.success) throw new AppError("invalid_input");
    if (draft.data.questions.length === 0) throw new AppError("consultation_without_questions");
    if (missingLanguages(draft.data).length > 0) throw new AppError("consultation_language_missing");
    if (!(consultation.closesAt.getTime() > now.getTime())) throw new AppError("consultation_closes_in_past");
    await tx.consultation.update({ where: { id: locked.id }, data: { publishedAt: now, publishedById: input.actorUserId, version: locked.version + 1, updatedAt: now } });
    await recordAuditEvent(
      tx,
      {
        type: "consultation.published",
        outcome: "success",
        detail: { consultationId: locked.id, opensAt: consultation.opensAt.toISOString(), closesAt: consultation.closesAt.toISOString(), questions: draft.data.questions.length },
      },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { opensAt: consultation.opensAt, closesAt: consultation.closesAt };
  });
}
