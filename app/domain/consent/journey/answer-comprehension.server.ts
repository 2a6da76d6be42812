import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import type { JourneyActor } from "./journey-actor";
import { isStepOpen, nextStep, type JourneyDestination } from "./journey-steps";
import { requireOpenJourney } from "./load-journey.server";
import { saveJourneyProgress } from "./save-journey-progress.server";

export type ComprehensionOutcome = { correct: true; next: JourneyDestination } | { correct: false };

/**
 * Checks one comprehension answer. A wrong answer is counted and the question stays open, with its explanation
 * shown, until it is answered correctly; an answer that is not one of the question's options is refused and
 * not counted.
 */
export async function answerComprehensionQuestion(
  input: { actor: JourneyActor; journeyId: string; question: number; answer: string; language: FormLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<ComprehensionOutcome> {
  const journey = await requireOpenJourney(input.actor, input.journeyId, db);
  const step = { kind: "question", n: input.question } as const;
  const question = journey.version.content.questions.find((candidate) => candidate.id === journey.outline.questionIds[input.question - 1]);
  if (!question || !isStepOpen(journey.outline, journey.progress, step)) throw new AppError("invalid_input");
  if (!question.options.includes(input.answer)) throw new AppError("invalid_input");

  const correct = input.answer === question.correctOption;
  await saveJourneyProgress(
    {
      actor: input.actor,
      journey,
      // Counted on the progress as it stands under the journey's lock: a wrong answer sent from two tabs at once counts twice.
      change: (current) => {
        const previous = current.comprehension[question.id] ?? { wrongAttempts: 0, passed: false };
        // Once passed, a question stays passed: going back to look again must not undo the check.
        const record = correct || previous.passed ? { wrongAttempts: previous.wrongAttempts, passed: true } : { wrongAttempts: previous.wrongAttempts + 1, passed: false, lastWrongAnswer: input.answer };
        return { comprehension: { ...current.comprehension, [question.id]: record } };
      },
      language: input.language,
      audit: { step: "question", ref: question.id, outcome: correct ? "success" : "failure" },
      request: input.request,
    },
    db,
  );
  return correct ? { correct: true, next: nextStep(journey.outline, step) ?? { kind: "review" } } : { correct: false };
}
