import type { Database } from "../../../db.server";
import { toStoredLanguage } from "../../../i18n/languages";
import { AppError } from "../../app-error";
import { recordAuditEvent } from "../../audit/record-audit-event.server";
import type { RequestContext } from "../../auth/request-context";
import type { FormLanguage } from "../forms/form-content";
import type { JourneyActor } from "./journey-actor";
import type { ChoiceProgress, ComprehensionProgress } from "./journey-progress";
import type { LoadedJourney } from "./load-journey.server";

export interface ProgressChange {
  sectionsRead?: number;
  comprehension?: ComprehensionProgress;
  choices?: ChoiceProgress;
}

/**
 * Saves one step of a journey with its audit row, so a participant can stop after any screen and carry on
 * later. The update is conditional on the journey still being open: a journey finished or restarted in another
 * tab is not written to.
 */
export async function saveJourneyProgress(
  options: {
    actor: JourneyActor;
    journey: LoadedJourney;
    change: ProgressChange;
    language: FormLanguage;
    audit: { step: "section" | "question" | "choice"; ref: string; outcome: "success" | "failure" };
    request: RequestContext;
  },
  db: Database,
): Promise<void> {
  const { journey, change } = options;
  await db.$transaction(async (tx) => {
    const { count } = await tx.consentJourney.updateMany({
      where: { id: journey.id, status: "in_progress", formVersionId: journey.version.id },
      data: {
        language: toStoredLanguage(options.language),
        ...(change.sectionsRead !== undefined ? { sectionsRead: change.sectionsRead } : {}),
        ...(change.comprehension ? { comprehension: change.comprehension } : {}),
        ...(change.choices ? { choices: change.choices } : {}),
      },
    });
    if (count !== 1) throw new AppError("invalid_input");
    await recordAuditEvent(
      tx,
      { type: "consent_journey.progressed", outcome: options.audit.outcome, detail: { journeyId: journey.id, participantId: journey.participantId, step: options.audit.step, ref: options.audit.ref } },
      { actorUserId: options.actor.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
  });
}
