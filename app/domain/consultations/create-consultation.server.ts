import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { ConsultationDraftSchema, type ConsultationDraft } from "./consultation-model";
import { writeQuestions } from "./write-questions.server";

/**
 * A draft consultation (ADR 059), written by ELSI/PPI staff. A draft may lack a language; nobody but staff sees it
 * until it is published. Input that breaks the schema is refused `invalid_input`, nothing written.
 */
export async function createConsultation(
  input: { draft: unknown; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ id: string; version: number }> {
  const parsed = ConsultationDraftSchema.safeParse(input.draft);
  if (!parsed.success) throw new AppError("invalid_input");
  const draft: ConsultationDraft = parsed.data;
  return db.$transaction(async (tx) => {
    const created = await tx.consultation.create({
      data: {
        title: draft.title,
        summary: draft.summary,
        audiences: draft.audiences,
        allowsProxy: draft.allowsProxy,
        opensAt: draft.opensAt,
        closesAt: draft.closesAt,
        createdById: input.actorUserId,
      },
      select: { id: true, version: true },
    });
    await writeQuestions(tx, created.id, draft.questions);
    await recordAuditEvent(tx, { type: "consultation.created", outcome: "success", detail: { consultationId: created.id } }, { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent });
    return created;
  });
}
