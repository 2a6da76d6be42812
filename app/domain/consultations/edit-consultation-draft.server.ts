import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { ConsultationDraftSchema } from "./consultation-model";
import { lockConsultation } from "./lock-consultation.server";
import { writeQuestions } from "./write-questions.server";

/**
 * Replaces a draft consultation's text, audiences, times and questions (ADR 059). Compare-and-set on the version the
 * editor loaded: two editors cannot overwrite each other unseen (`consultation_edited_meanwhile`). A published
 * consultation is not edited (`consultation_not_editable`): people may have answered its questions.
 */
export async function editConsultationDraft(
  input: { consultationId: string; expectedVersion: number; draft: unknown; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ version: number }> {
  const parsed = ConsultationDraftSchema.safeParse(input.draft);
  if (!parsed.success) throw new AppError("invalid_input");
  const draft = parsed.data;
  return db.$transaction(async (tx) => {
    const consultation = await lockConsultation(tx, input.consultationId);
    if (!consultation) throw new AppError("not_found");
    if (consultation.publishedAt !== null) throw new AppError("consultation_not_editable");
    if (consultation.version !== input.expectedVersion) throw new AppError("consultation_edited_meanwhile");
    const version = consultation.version + 1;
    await tx.consultation.update({
      where: { id: consultation.id },
      data: {
        title: draft.title,
        summary: draft.summary,
        audiences: draft.audiences,
        allowsProxy: draft.allowsProxy,
        opensAt: draft.opensAt,
        closesAt: draft.closesAt,
        version,
        updatedAt: input.request.now ?? new Date(),
      },
    });
    await writeQuestions(tx, consultation.id, draft.questions);
    await recordAuditEvent(
      tx,
      { type: "consultation.edited", outcome: "success", detail: { consultationId: consultation.id, version } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { version };
  });
}
