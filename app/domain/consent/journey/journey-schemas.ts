import { z } from "zod";
import { formLanguages } from "@tsunagi/consent-rules/form-content";
import { QuestionBodySchema } from "../participants/index";

/**
 * The journey's forms. Free text is bounded; everything else is a closed set or an id, checked again by the
 * domain against the journey it claims to belong to (hidden fields can be edited by anyone).
 */
const journeyId = z.uuid();
const printedName = z.string().trim().min(1).max(200);
const token = z.string().trim().min(1).max(64).regex(/^[a-z0-9_.-]+$/);

export const StartJourneySchema = z.object({ participantId: z.uuid(), language: z.enum(formLanguages) });
export const StartAssistedJourneySchema = z.object({ witnessName: printedName, language: z.enum(formLanguages) });
export const SectionReadSchema = z.object({ journeyId });
export const ComprehensionAnswerSchema = z.object({ journeyId, answer: token });
const position = z.string().regex(/^[1-9]\d?$/);

/**
 * A choice screen's answers: for each choice, at its position on the screen (1-based), the choice's id in a hidden
 * field (`ids.2`) and the radio group's answer (`answers.2`) — field names read dots as nesting, and choice ids hold
 * dots. A row left unanswered sends no answer. The domain checks every id belongs on the screen.
 */
export const JourneyChoiceSchema = z.object({
  journeyId,
  ids: z.record(position, token),
  answers: z.record(position, token).default({}),
  from: z.enum(["review"]).optional(),
});

/** The answers of a parsed choice screen, keyed by choice id ("" for a position with no id, which is refused). */
export function answersByChoice(value: { ids: Record<string, string>; answers: Record<string, string> }): Record<string, string> {
  return Object.fromEntries(Object.entries(value.answers).map(([at, answer]) => [value.ids[at] ?? "", answer]));
}
export const SignJourneySchema = z.object({ journeyId, printedName, signer: z.union([z.literal("participant"), z.uuid()]).optional() });
export const AssentSchema = z.object({ childPrintedName: printedName });
/** A question from the journey; the participant it is about and the page to return to come back as hidden fields. */
export const JourneyQuestionSchema = z.object({
  participantId: z.uuid(),
  // The question rules themselves, so the journey and /consent/questions refuse the same text the same way.
  body: QuestionBodySchema,
  back: z.string().max(300).optional(),
});

export const PaperConsentSchema = z.object({
  formVersionId: z.uuid(),
  // Its type is judged by its bytes and its size by the domain; here only that a file came at all.
  scan: z.file(),
  signedOn: z.iso.date(),
  printedName,
  signer: z.union([z.literal("participant"), z.uuid()]),
  choices: z.array(token).min(1).max(40),
  // A ticked checkbox sends "on"; unticked sends nothing, which reads as "required".
  transcribed: z.string().refine((value) => value === "on"),
});
