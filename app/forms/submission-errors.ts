/**
 * What a refused form's answer says, read the one way every page reads it: Conform's `reply()` (a `SubmissionResult`,
 * put in the action's JSON by `invalidForm` and the refusal helpers, ADR 131) keeps its messages by field name, `""`
 * for the whole form.
 *
 * One definition for what over twenty pages wrote out each time (`Object.values(result.error ?? {}).flatMap(…)`, or
 * `result.error ?? {}` cast to a type of their own). Its types are also why it exists: `result.error ?? {}` is a union
 * of the errors' type and an empty object, which TypeScript 5 reduced to the errors' type and TypeScript 7 (the
 * typecheck's compiler, ADR 177) reduces to `{}`; a typed empty answer means the same to both. The consent journey's
 * form hook (components/server-checked-form.ts) reads its own inline: its result is not action JSON, and importing
 * this gave the journey's page a chunk of its own over page-weight.test's bound.
 */

/** A refused submission's messages by field name (`""`: the whole form), as the action's JSON carries them. */
export interface SubmissionErrors {
  readonly [name: string]: string[] | null | undefined;
}

/** The part of a `SubmissionResult` these read; the JSON of one, as `useActionData` types it, fits. */
export interface AnsweredSubmission {
  readonly error?: SubmissionErrors | null;
}

const none: SubmissionErrors = Object.freeze({});

/** The messages by field name, or none when the form was not refused (or there is no answer yet). */
export function fieldErrorsOf(result: AnsweredSubmission | null | undefined): SubmissionErrors {
  return result?.error ?? none;
}

/** Every message of a refusal, in the order the answer lists its fields. */
export function messagesOf(result: AnsweredSubmission | null | undefined): string[] {
  return Object.values(fieldErrorsOf(result)).flatMap((messages) => messages ?? []);
}

/**
 * The first message of a refusal carried in action data of any shape under `result` (the adapter's answers and the
 * helpers' alike), or null when there is none: what a page that shows one sentence says.
 */
export function firstRefusalMessage(data: unknown): string | null {
  if (!data || typeof data !== "object" || !("result" in data)) return null;
  const result = (data as { result?: AnsweredSubmission | null }).result;
  return messagesOf(result)[0] ?? null;
}
