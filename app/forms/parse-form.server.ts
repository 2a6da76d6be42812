import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { getFixedT } from "../i18n/i18n";
import { getLanguage } from "../i18n/language.server";
import { formErrorMap } from "./form-error-map";
import { codePointLabel } from "../domain/kernel/index";
import { answerRefusals, rememberSubmission, type RefusalAnswers } from "./refusal-answers.server";

/**
 * Reads a posted form once and validates it, with error messages in the reader's language. The submission is also
 * the one a refusal the action lets go is said on (ADR 131); `answers` says what only this page knows about them.
 */
export async function parseForm<Schema extends z.ZodType>(request: Request, schema: Schema, answers?: RefusalAnswers) {
  const [formData, language] = await Promise.all([request.formData(), getLanguage(request)]);
  const t = await getFixedT(language, "errors");
  const error = formErrorMap(t);
  let submission = parseWithZod(formData, { schema, error });
  const unstorable = submission.status === "success" ? unstorableField(formData) : null;
  if (unstorable !== null) {
    // The form's own schema let it through (its messages win when it did not); refuse it here instead, naming it.
    const refusing = schema.superRefine((_value, ctx) =>
      ctx.addIssue({ code: "custom", path: [unstorable.name], params: { reason: "controlCharacter", codePoint: codePointLabel(0) } }),
    ) as unknown as Schema;
    submission = parseWithZod(formData, { schema: refusing, error });
  }
  rememberSubmission(submission, t, request);
  if (answers) answerRefusals(answers);
  return { submission, formData, language, t };
}

/**
 * PostgreSQL text cannot hold NUL, and no keyboard types one. Whatever the form's own schema says, such a field is
 * refused with the usual message instead of reaching a database error. (Lone surrogates cannot arrive this way:
 * decoding a posted form replaces them.)
 */
function unstorableField(formData: FormData): { name: string } | null {
  for (const [name, value] of formData) {
    if (typeof value !== "string") continue;
    if (value.includes("\u0000")) return { name };
  }
  return null;
}
