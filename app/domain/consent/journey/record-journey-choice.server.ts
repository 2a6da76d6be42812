import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../app-error";
import type { RequestContext } from "../../auth/request-context";
import { choiceCatalogue } from "../choice-catalogue";
import type { FormLanguage } from "../forms/form-content";
import type { JourneyActor } from "./journey-actor";
import { isStepOpen, nextStep, resumeStep, type JourneyDestination } from "./journey-steps";
import { requireOpenJourney } from "./load-journey.server";
import { saveJourneyProgress } from "./save-journey-progress.server";

/**
 * Records the answer to choice n, one of the catalogue's options for it. Saying no to core participation is a
 * valid answer: it ends at a kind "you can stop here" page. Coming from the review, the participant goes back
 * to the review once every choice has an answer.
 */
export async function recordJourneyChoice(
  input: { actor: JourneyActor; journeyId: string; choice: number; value: string; returnToReview?: boolean; language: FormLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<JourneyDestination> {
  const journey = await requireOpenJourney(input.actor, input.journeyId, db);
  const step = { kind: "choice", n: input.choice } as const;
  const id = journey.outline.choiceIds[input.choice - 1];
  if (!id || !isStepOpen(journey.outline, journey.progress, step)) throw new AppError("invalid_input");
  if (!(choiceCatalogue[id].options as readonly string[]).includes(input.value)) throw new AppError("invalid_input");

  const progress = await saveJourneyProgress(
    {
      actor: input.actor,
      journey,
      change: (current) => ({ choices: { ...current.choices, [id]: input.value } }),
      language: input.language,
      audit: { step: "choice", ref: id, outcome: "success" },
      request: input.request,
    },
    db,
  );
  if (id === "core.wgs" && input.value === "no") return { kind: "stop" };
  const resume = resumeStep(journey.outline, progress);
  if (input.returnToReview && resume.kind === "review") return resume;
  return nextStep(journey.outline, step) ?? { kind: "review" };
}
