/**
 * The consultations the authorization matrix addresses (issue 28; ADR 059): one open to participants and the public,
 * one open to the participant panel alone, and a draft nobody outside the ELSI staff sees.
 */
import { createConsultation } from "../../app/domain/consultations/create-consultation.server";
import { consultationDraft, createPublishedConsultation } from "../factories/consultation-factory";
import { requestFrom } from "../factories/user-factory";

export interface ConsultationsWorld {
  openId: string;
  panelId: string;
  draftId: string;
}

export async function buildConsultationsWorld(elsiStaffId: string): Promise<ConsultationsWorld> {
  const open = await createPublishedConsultation();
  const panel = await createPublishedConsultation({ audiences: ["panel"] });
  const draft = await createConsultation({ draft: consultationDraft(), actorUserId: elsiStaffId, request: requestFrom() });
  return { openId: open.id, panelId: panel.id, draftId: draft.id };
}
