import type { SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { assistedJourneySurface, journeyError } from "../auth/journey-surface.server";
import { requestContextOf } from "../auth/request-context.server";
import { AssistedStartPage } from "../components/journey/journey-start-page";
import { isAppError } from "../domain/app-error";
import { StartAssistedJourneySchema } from "../domain/consent/journey/journey-schemas";
import { assistedJourneyStart } from "../domain/consent/journey/journey-start-view.server";
import { stepPath } from "../domain/consent/journey/journey-steps";
import { startOrResumeJourney } from "../domain/consent/journey/start-journey.server";
import { parseForm } from "../forms/parse-form.server";
import { getLanguage, languageCookie } from "../i18n/language.server";
import { pageTitle } from "../i18n/page-title";
import journeyStyles from "../styles/consent-journey.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:assisted.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const surface = await assistedJourneySurface(request, context, params.id);
  const language = await getLanguage(request);
  const view = await assistedJourneyStart({ coordinatorUserId: surface.actor.userId, participantId: surface.actor.participantId, language, request: await requestContextOf(request, context) }).catch(journeyError);
  return json({ view, language });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const surface = await assistedJourneySurface(request, context, params.id);
  const { submission, t } = await parseForm(request, StartAssistedJourneySchema);
  if (submission.status !== "success") return json({ result: submission.reply() as SubmissionResult<string[]> }, { status: 400 });
  const { witnessName, language } = submission.value;
  let target: string;
  try {
    const started = await startOrResumeJourney({ actor: surface.actor, participantId: surface.actor.participantId, language, witnessName, request: await requestContextOf(request, context) });
    target = `${stepPath(surface.basePath, started.next)}${started.restartedFrom ? `?restarted=${encodeURIComponent(started.restartedFrom)}` : ""}`;
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === "not_found") journeyError(error);
    return json({ result: submission.reply({ formErrors: [t(error.code)] }) as SubmissionResult<string[]> }, { status: 400 });
  }
  // The tablet shows the form in the participant's language from here on.
  throw redirect(target, { headers: { "Set-Cookie": await languageCookie.serialize(language) } });
}

export default function AssistedStart() {
  const { view, language } = useLoaderData<typeof loader>();
  return <AssistedStartPage view={view} language={language} actionData={useActionData<typeof action>()} />;
}
