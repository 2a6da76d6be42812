import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getSession, safeRedirectPath } from "../../auth/guards.server";
import { setPreferredLanguage } from "../../domain/account/index.server";
import { languageCookie } from "../../i18n/language.server";
import { supportedLanguages } from "../../i18n/languages";
import { badRequest } from "../../forms/refusals.server";
import { parseForm } from "../../forms/parse-form.server";

const LanguageChoiceSchema = z.object({ language: z.enum(supportedLanguages), redirectTo: z.string().max(2000).optional() });

export async function loader() {
  throw redirect("/");
}

/**
 * Never shown: a choice is answered with a redirect. Its presence makes this a page rather than a resource route,
 * so a refused choice (only a hand-made request can send one) gets the translated error page in the visitor's
 * language instead of a bare "Bad request".
 */
export default function LanguageChoice() {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { submission } = await parseForm(request, LanguageChoiceSchema);
  if (submission.status !== "success") throw badRequest();
  const parsed = { data: submission.value };
  const session = await getSession(request, context);
  // On a clinic tablet locked to a patient's journey (ADR 121) the language is the patient's, not the coordinator's.
  if (session && !session.kiosk) await setPreferredLanguage(session.userId, parsed.data.language);
  throw redirect(safeRedirectPath(parsed.data.redirectTo, "/"), {
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.language) },
  });
}
