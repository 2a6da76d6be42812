/**
 * The consultations the authorization matrix addresses (issue 28; ADR 059): one open to participants and the public,
 * one open to the participant panel alone, a draft nobody outside the ELSI staff sees, and one asking the panel
 * alone that closed with its "you said, we did" report published (public whoever it asked; ADR 063).
 */
import { getDatabase } from "../../app/db.server";
import { createConsultation } from "../../app/domain/consultations/create-consultation.server";
import { followDecision, followSecretOf } from "../../app/domain/consultations/follow/follow-decision.server";
import { consultationDraft, createPublishedConsultation, createReportedConsultation } from "../factories/consultation-factory";
import { requestFrom } from "../factories/user-factory";

export interface ConsultationsWorld {
  openId: string;
  panelId: string;
  draftId: string;
  reportedId: string;
  /** The reported consultation's decision, anyone may follow by mail (ADR 147). */
  reportedDecisionId: string;
  /** A follower of that decision with the link's secret, asked for through the page's own verb. */
  follower: { id: string; secret: string };
}

export async function buildConsultationsWorld(elsiStaffId: string): Promise<ConsultationsWorld> {
  const open = await createPublishedConsultation();
  const panel = await createPublishedConsultation({ audiences: ["panel"] });
  const draft = await createConsultation({ draft: consultationDraft(), actorUserId: elsiStaffId, request: requestFrom() });
  const reported = await createReportedConsultation({ audiences: ["panel"] });
  const decision = await getDatabase().consultationDecision.findFirstOrThrow({ where: { consultationId: reported.id }, select: { id: true } });
  const followed = await followDecision({ consultationId: reported.id, decisionId: decision.id, input: { email: "matrix-follower@test.tsunagi.test" }, language: "ja", request: requestFrom() });
  if (!followed.ok) throw new Error("the matrix's follow was held back");
  const row = await getDatabase().decisionFollower.findFirstOrThrow({ where: { decisionId: decision.id }, select: { id: true, requestedAt: true } });
  return { openId: open.id, panelId: panel.id, draftId: draft.id, reportedId: reported.id, reportedDecisionId: decision.id, follower: { id: row.id, secret: followSecretOf(row) } };
}
