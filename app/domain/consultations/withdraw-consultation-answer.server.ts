import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { RequestContext } from "../kernel/index";
import { publishedConsultation } from "./answer-consultation.server";
import type { ConsultationViewer } from "./list-consultations.server";
import { responderFor } from "./responder-for.server";
import { withdrawConsultationResponse } from "./withdraw-consultation-response.server";

/**
 * A viewer takes back their answers from the consultation's page: as the same responder they answered as (their
 * account, or their browser's token). A browser without a token has nothing to take back: not found, as is another
 * browser's response, which only its own token names.
 */
export async function withdrawConsultationAnswer(
  input: { consultationId: string; viewer: ConsultationViewer | null; browserToken: string | null; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const consultation = await publishedConsultation(db, input.consultationId);
  const who = responderFor(input.viewer, consultation, input.browserToken);
  if (!who?.responder) throw new AppError("not_found");
  await withdrawConsultationResponse({ consultationId: consultation.id, responder: who.responder, request: input.request }, db);
}
