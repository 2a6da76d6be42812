import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../app-error";
import type { RequestContext } from "../../auth/request-context";
import type { FormLanguage } from "../forms/form-content";
import type { JourneyActor } from "./journey-actor";
import { isStepOpen, nextStep, type JourneyDestination } from "./journey-steps";
import { requireOpenJourney } from "./load-journey.server";
import { saveJourneyProgress } from "./save-journey-progress.server";

/** The participant has read section n and moves on; reading again later changes nothing. */
export async function markSectionRead(
  input: { actor: JourneyActor; journeyId: string; section: number; language: FormLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<JourneyDestination> {
  const journey = await requireOpenJourney(input.actor, input.journeyId, db);
  const step = { kind: "section", n: input.section } as const;
  if (!isStepOpen(journey.outline, journey.progress, step)) throw new AppError("invalid_input");
  await saveJourneyProgress(
    { actor: input.actor, journey, change: (current) => ({ sectionsRead: Math.max(current.sectionsRead, input.section) }), language: input.language, audit: { step: "section", ref: String(input.section), outcome: "success" }, request: input.request },
    db,
  );
  return nextStep(journey.outline, step) ?? { kind: "review" };
}
