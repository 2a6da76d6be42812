import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { getFixedT } from "../i18n/i18n";
import { getLanguage } from "../i18n/language.server";
import { formErrorMap } from "./form-error-map";

/** Reads a posted form once and validates it, with error messages in the reader's language. */
export async function parseForm<Schema extends z.ZodType>(request: Request, schema: Schema) {
  const [formData, language] = await Promise.all([request.formData(), getLanguage(request)]);
  const t = await getFixedT(language, "errors");
  const submission = parseWithZod(formData, { schema, error: formErrorMap(t) });
  return { submission, formData, language, t };
}
