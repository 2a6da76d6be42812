/**
 * The consultations the staff pages of the authorization matrix address (issue 28; ADR 059): a draft and a published
 * one, both written by the ELSI staff visitor.
 */
import { createConsultation } from "../../app/domain/consultations/create-consultation.server";
import { consultationDraft, createPublishedConsultation } from "../factories/consultation-factory";
import { requestFrom } from "../factories/user-factory";

export interface StaffConsultationsWorld {
  draftId: string;
  publishedId: string;
}

export async function buildStaffConsultationsWorld(elsiStaffId: string): Promise<StaffConsultationsWorld> {
  const draft = await createConsultation({ draft: consultationDraft(), actorUserId: elsiStaffId, request: requestFrom() });
  const published = await createPublishedConsultation();
  return { draftId: draft.id, publishedId: published.id };
}
