import type { Database } from "../../../db.server";
import { toStoredLanguage } from "../../../i18n/languages";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import type { JourneyActor } from "./journey-actor";
import type { ChoiceProgress, ComprehensionProgress, JourneyProgress } from "./journey-progress";
import type { LoadedJourney } from "./load-journey.server";
import { lockOpenJourney } from "./lock-open-journey.server";

export interface JourneyAuditStep {
  step: "section" | "question" | "choice";
  ref: string;
  outcome: "success" | "failure";
}

export interface ProgressChange {
  sectionsRead?: number;
  comprehension?: ComprehensionProgress;
  choices?: ChoiceProgress;
}

/**
 * Saves one step of a journey with its audit row, so a participant can stop after any screen and carry on
 * later. The change is worked out from the progress as it stands under the journey's row lock, not as it was
 * when the page was read, so a step saved meanwhile in another tab is kept; a journey finished or restarted
 * meanwhile is not written to. Returns the progress as saved.
 */
export async function saveJourneyProgress(
  options: {
    actor: JourneyActor;
    journey: LoadedJourney;
    change: (current: JourneyProgress) => ProgressChange;
    language: FormLanguage;
    /** One audit row per section read, question answered or choice recorded, even when one screen holds several. */
    audit: JourneyAuditStep | JourneyAuditStep[];
    request: RequestContext;
  },
  db: Database,
): Promise<JourneyProgress> {
  const { journey } = options;
  return db.$transaction(async (tx) => {
    const current = await lockOpenJourney(tx, { id: journey.id, formVersionId: journey.version.id });
    const change = options.change(current);
    await tx.consentJourney.update({
      where: { id: journey.id },
      data: {
        language: toStoredLanguage(options.language),
        ...(change.sectionsRead !== undefined ? { sectionsRead: change.sectionsRead } : {}),
        ...(change.comprehension ? { comprehension: change.comprehension } : {}),
        ...(change.choices ? { choices: change.choices } : {}),
      },
    });
    for (const audit of Array.isArray(options.audit) ? options.audit : [options.audit]) {
      await recordAuditEvent(
        tx,
        { type: "consent_journey.progressed", outcome: audit.outcome, detail: { journeyId: journey.id, participantId: journey.participantId, step: audit.step, ref: audit.ref } },
        { actorUserId: options.actor.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
      );
    }
    return { ...current, ...change };
  });
}
