import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { answerTextFingerprint } from "./answer-text-fingerprint.server";
import type { ModerationState } from "./list-moderation-queue.server";
import { uuidPattern } from "../kernel/index";

export const hiddenReasonMax = 500;

export type ModerationDecision =
  | { decision: "approved" }
  | { decision: "hidden"; reason: string };

/**
 * A moderator approves one free-text answer for publication (its redacted text only) or hides it with a reason
 * (issue 28 item 3; ADR 059). Compare-and-set on what the moderator saw: the state they decided from (`from`) and the
 * text's fingerprint, read under a row lock — so two moderators at once make one decision, and an answer its author
 * rewrote meanwhile is not decided unseen (`consultation_answer_moderated_meanwhile`). A decision may be changed later
 * (an approved answer hidden after all), never to the state it is in. The audit row names the answer and the decision,
 * not the text or the reason's words; it is written in the same transaction.
 */
export async function moderateAnswerText(
  input: {
    consultationId: string;
    responseId: string;
    questionId: string;
    from: ModerationState;
    fingerprint: string;
    decision: ModerationDecision;
    actorUserId: string;
    request: RequestContext;
  },
  db: Database = getDatabase(),
): Promise<void> {
  if (![input.consultationId, input.responseId, input.questionId].every((id) => uuidPattern.test(id))) throw new AppError("not_found");
  const reason = input.decision.decision === "hidden" ? input.decision.reason.trim() : null;
  if (reason !== null && (reason === "" || [...reason].length > hiddenReasonMax)) throw new AppError("invalid_input");
  const now = input.request.now ?? new Date();
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ text: string; moderation: ModerationState }[]>`
      SELECT t."text", t."moderation"::text AS "moderation"
      FROM "ConsultationAnswerText" t JOIN "ConsultationResponse" r ON r."id" = t."responseId"
      WHERE t."responseId" = ${input.responseId}::uuid AND t."questionId" = ${input.questionId}::uuid
        AND r."consultationId" = ${input.consultationId}::uuid AND r."withdrawnAt" IS NULL
      FOR UPDATE OF t`;
    const answer = rows[0];
    if (!answer) throw new AppError("not_found");
    if (answer.moderation !== input.from || answerTextFingerprint(answer.text) !== input.fingerprint || answer.moderation === input.decision.decision) {
      throw new AppError("consultation_answer_moderated_meanwhile");
    }
    await tx.consultationAnswerText.update({
      where: { responseId_questionId: { responseId: input.responseId, questionId: input.questionId } },
      data: { moderation: input.decision.decision, moderatedById: input.actorUserId, moderatedAt: now, hiddenReason: reason },
    });
    await recordAuditEvent(
      tx,
      {
        type: "consultation.answer_moderated",
        outcome: "success",
        detail: { consultationId: input.consultationId, responseId: input.responseId, questionId: input.questionId, decision: input.decision.decision, from: answer.moderation },
      },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
  });
}
