/**
 * The consultations the authorization matrix addresses (issue 28; ADR 059): one open to participants and the public,
 * one open to the participant panel alone, a draft nobody outside the ELSI staff sees, and one asking the panel
 * alone that closed with its "you said, we did" report published (public whoever it asked; ADR 063).
 */
import { createConsultation } from "../../app/domain/consultations/create-consultation.server";
import { consultationDraft, createPublishedConsultation, createReportedConsultation } from "../factories/consultation-factory";
import { requestFrom } from "../factories/user-factory";

export interface ConsultationsWorld {
  openId: string;
  panelId: string;
  draftId: string;
  reportedId: string;
}

export async function buildConsultationsWorld(elsiStaffId: string): Promise<ConsultationsWorld> {
  const open = await createPublishedConsultation();
  const panel = await createPublishedConsultation({ audiences: ["panel"] });
  const draft = await createConsultation({ draft: consultationDraft(), actorUserId: elsiStaffId, request: requestFrom() });
  const reported = await createReportedConsultation({ audiences: ["panel"] });
  return { openId: open.id, panelId: panel.id, draftId: draft.id, reportedId: reported.id };
}
