import type { Prisma } from "../../../generated/prisma/client";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import type { LocalizedText } from "../consultation-model";
import { decisionsMax, emptyText, type DecisionLink } from "../consultation-report";
import { lockConsultation } from "../lock-consultation.server";

export interface DecisionInput {
  themeId: string | null;
  text: LocalizedText;
  reason: LocalizedText;
  links: DecisionLink[];
}

/**
 * What the programme decided about what people said (issue 28 item 5; ADR 063): a new decision, "considered" until
 * staff move it on (its first history row), or an edit of one's words and links — compare-and-set on its version.
 * Once the consultation has closed; under its lock, so two new decisions get positions of their own. At most 30.
 * The theme, when given, must be this consultation's. Published report versions keep the words they froze.
 */
export async function saveConsultationDecision(
  input: { consultationId: string; decisionId?: string; expectedVersion?: number; decision: DecisionInput; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ id: string; version: number }> {
  const now = input.request.now ?? new Date();
  return db.$transaction(async (tx) => {
    const consultation = await lockConsultation(tx, input.consultationId);
    if (!consultation || consultation.publishedAt === null) throw new AppError("not_found");
    if (consultation.closesAt.getTime() > now.getTime()) throw new AppError("consultation_not_closed");
    if (input.decision.themeId !== null) {
      const theme = await tx.consultationTheme.findFirst({ where: { id: input.decision.themeId, consultationId: consultation.id }, select: { id: true } });
      if (!theme) throw new AppError("invalid_input");
    }
    const words = {
      themeId: input.decision.themeId,
      text: { ...input.decision.text },
      reason: { ...input.decision.reason },
      links: input.decision.links.map((link) => ({ url: link.url, label: { ...link.label } })) as unknown as Prisma.InputJsonValue,
    };
    if (input.decisionId === undefined) {
      const existing = await tx.consultationDecision.findMany({ where: { consultationId: consultation.id }, select: { position: true } });
      if (existing.length >= decisionsMax) throw new AppError("consultation_decisions_full");
      const position = existing.reduce((last, row) => Math.max(last, row.position), 0) + 1;
      const created = await tx.consultationDecision.create({
        data: { consultationId: consultation.id, position, ...words, createdById: input.actorUserId, createdAt: now, updatedAt: now },
        select: { id: true, version: true, state: true },
      });
      await tx.consultationDecisionChange.create({ data: { decisionId: created.id, state: created.state, note: { ...emptyText }, changedById: input.actorUserId, changedAt: now } });
      await recordAuditEvent(
        tx,
        { type: "consultation.decision_changed", outcome: "success", detail: { consultationId: consultation.id, decisionId: created.id, change: "created", state: created.state } },
        { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
      );
      return { id: created.id, version: created.version };
    }
    const current = await tx.consultationDecision.findFirst({ where: { id: input.decisionId, consultationId: consultation.id }, select: { id: true, version: true, state: true } });
    if (!current) throw new AppError("not_found");
    if (current.version !== input.expectedVersion) throw new AppError("consultation_report_edited_meanwhile");
    await tx.consultationDecision.update({ where: { id: current.id }, data: { ...words, version: current.version + 1, updatedAt: now } });
    await recordAuditEvent(
      tx,
      { type: "consultation.decision_changed", outcome: "success", detail: { consultationId: consultation.id, decisionId: current.id, change: "edited", state: current.state } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return { id: current.id, version: current.version + 1 };
  });
}
