import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { choiceCatalogue, isChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import type { JourneyActor } from "./journey-actor";
import { isStepOpen, nextStep, resumeStep, type JourneyDestination } from "./journey-steps";
import { ownAnswers } from "./carried-choices.server";
import { requireOpenJourney } from "./load-journey.server";
import { saveJourneyProgress } from "./save-journey-progress.server";

/**
 * Records the answers given on choice screen n: each one of the catalogue's options for a choice on that screen.
 * Every choice on the screen must have an answer once this is saved — given now, or saved before (a screen sent
 * again from the summary may carry only what changed) — so no screen is left half-decided; the check is made on
 * the progress as it stands under the journey's lock. Saying no to core participation is a valid answer: it ends
 * at a kind "you can stop here" page. Coming from the review, the participant goes back to the review once every
 * choice has an answer.
 */
export async function recordJourneyChoice(
  input: { actor: JourneyActor; journeyId: string; screen: number; values: Record<string, string>; returnToReview?: boolean; language: FormLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<JourneyDestination> {
  const journey = await requireOpenJourney(input.actor, input.journeyId, db);
  const step = { kind: "choice", n: input.screen } as const;
  const onScreen = journey.outline.choiceScreens[input.screen - 1];
  if (!onScreen || !isStepOpen(journey.outline, journey.progress, step)) throw new AppError("invalid_input");
  const given = Object.entries(input.values);
  for (const [id, value] of given) {
    if (!isChoiceId(id) || !onScreen.includes(id)) throw new AppError("invalid_input");
    if (!(choiceCatalogue[id].options as readonly string[]).includes(value)) throw new AppError("invalid_input");
  }
  if (given.length === 0) throw new AppError("choices_incomplete");

  const progress = await saveJourneyProgress(
    {
      actor: input.actor,
      journey,
      change: (current) => {
        // A re-consent's carried answers fill the screen's unchanged choices; only what differs from them is the journey's own.
        const choices = { ...journey.carried, ...current.choices, ...input.values };
        if (onScreen.some((id) => choices[id] === undefined)) throw new AppError("choices_incomplete");
        return { choices: ownAnswers(choices, journey.carried) };
      },
      language: input.language,
      audit: onScreen.filter((id) => Object.hasOwn(input.values, id)).map((id) => ({ step: "choice", ref: id, outcome: "success" })),
      request: input.request,
    },
    db,
  );
  const answered = { ...progress, choices: { ...journey.carried, ...progress.choices } };
  if (answered.choices["core.wgs"] === "no" && onScreen.includes("core.wgs")) return { kind: "stop" };
  const resume = resumeStep(journey.outline, answered);
  if (input.returnToReview && resume.kind === "review") return resume;
  return nextStep(journey.outline, step) ?? { kind: "review" };
}
