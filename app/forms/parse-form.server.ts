import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { getFixedT } from "../i18n/i18n";
import { getLanguage } from "../i18n/language.server";
import { formErrorMap } from "./form-error-map";

/** Reads a posted form once and validates it, with error messages in the reader's language. */
export async function parseForm<Schema extends z.ZodType>(request: Request, schema: Schema) {
  const [posted, language] = await Promise.all([request.formData(), getLanguage(request)]);
  const formData = storableFormData(posted);
  const t = await getFixedT(language, "errors");
  const submission = parseWithZod(formData, { schema, error: formErrorMap(t) });
  return { submission, formData, language, t };
}

/**
 * PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate cannot be hashed into a ledger entry; neither can
 * come from a keyboard. Removing them here means no form reaches a database error through them.
 */
function storableFormData(posted: FormData): FormData {
  const cleaned = new FormData();
  for (const [name, value] of posted) {
    cleaned.append(name, typeof value === "string" ? wellFormed(value.split("\u0000").join("")) : value);
  }
  return cleaned;
}

/** String.prototype.toWellFormed (Node 20) without raising the TypeScript lib target for one call. */
function wellFormed(value: string): string {
  return (value as string & { toWellFormed(): string }).toWellFormed();
}
