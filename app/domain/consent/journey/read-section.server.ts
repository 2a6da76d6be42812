import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import type { JourneyActor } from "./journey-actor";
import { isStepOpen, nextStep, type JourneyDestination } from "./journey-steps";
import { requireOpenJourney } from "./load-journey.server";
import { saveJourneyProgress } from "./save-journey-progress.server";

/**
 * The participant has read reading screen n — every section on it — and moves on; reading again later changes
 * nothing. Each section shown is recorded as read (one audit row each), as when every section had its own screen.
 */
export async function markSectionRead(
  input: { actor: JourneyActor; journeyId: string; screen: number; language: FormLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<JourneyDestination> {
  const journey = await requireOpenJourney(input.actor, input.journeyId, db);
  const step = { kind: "section", n: input.screen } as const;
  const screen = journey.outline.readings[input.screen - 1];
  if (!screen || !isStepOpen(journey.outline, journey.progress, step)) throw new AppError("invalid_input");
  const shown = Array.from({ length: screen.last - screen.first + 1 }, (_, index) => screen.first + index);
  await saveJourneyProgress(
    {
      actor: input.actor,
      journey,
      change: (current) => ({ sectionsRead: Math.max(current.sectionsRead, screen.last) }),
      language: input.language,
      audit: shown.map((section) => ({ step: "section", ref: String(section), outcome: "success" })),
      request: input.request,
    },
    db,
  );
  return nextStep(journey.outline, step) ?? { kind: "review" };
}
