import type { Database, Transaction } from "../../../db.server";
import { choiceCatalogue, type ChoiceId } from "@tsunagi/consent-rules/choice-catalogue";
import { dispositionWhenUnchosen } from "@tsunagi/consent-rules/decide-action";
import type { ChoiceProgress } from "./journey-progress";
import { withDispositionCarried, type JourneyOutline } from "./journey-steps";

/**
 * The answers in the consent in force for the given choices: a re-consent's carried answers (ADR 120) for each choice
 * the new version left as it was, and the answer shown beside a changed one. Read each time, never copied into the
 * journey, so a choice changed on /consent/change while the journey is open is what the signature carries, and never
 * the answer it replaced.
 */
export async function answersInForce(participantId: string, ids: readonly ChoiceId[], db: Database | Transaction): Promise<ChoiceProgress> {
  if (ids.length === 0) return {};
  const state = await db.consentState.findUnique({ where: { participantId }, select: { choices: true } });
  const choices = (state?.choices ?? {}) as Record<string, unknown>;
  const carried: ChoiceProgress = {};
  for (const id of ids) {
    const value = choices[id];
    if (typeof value === "string" && (choiceCatalogue[id].options as readonly string[]).includes(value)) carried[id] = value;
  }
  return carried;
}

/** What a journey stores of its choices: what was answered, less what only repeats a carried answer. */
export function ownAnswers(choices: ChoiceProgress, carried: ChoiceProgress): ChoiceProgress {
  return Object.fromEntries(Object.entries(choices).filter(([id, value]) => carried[id] !== value));
}

/**
 * A path with its carried answers as the consent in force holds them. After a life event (ADR 144) the disposition is
 * carried too, never asked: as it stands, or as the rule reads its absence.
 */
export async function carriedPath(participantId: string, path: JourneyOutline, db: Database | Transaction): Promise<{ outline: JourneyOutline; carried: ChoiceProgress }> {
  const state = await db.consentState.findUnique({ where: { participantId }, select: { lifeEvent: true } });
  if (!state?.lifeEvent) return { outline: path, carried: await answersInForce(participantId, path.carriedChoiceIds, db) };
  const outline = withDispositionCarried(path);
  const carried = await answersInForce(participantId, outline.carriedChoiceIds, db);
  return { outline, carried: outline.choiceIds.includes("disposition.life_event") ? { "disposition.life_event": dispositionWhenUnchosen, ...carried } : carried };
}
