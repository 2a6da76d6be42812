import type { SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requestContextOf } from "../auth/request-context.server";
import { journeyError, onlineJourneySurface } from "../auth/journey-surface.server";
import { OnlineStartPage } from "../components/journey/journey-start-page";
import { isAppError } from "../domain/app-error";
import { setPreferredLanguage } from "../domain/account/set-preferred-language.server";
import { StartJourneySchema } from "../domain/consent/journey/journey-schemas";
import { onlineJourneyStart } from "../domain/consent/journey/journey-start-view.server";
import { stepPath } from "../domain/consent/journey/journey-steps";
import { startOrResumeJourney } from "../domain/consent/journey/start-journey.server";
import { parseForm } from "../forms/parse-form.server";
import { getLanguage, languageCookie } from "../i18n/language.server";
import { pageTitle } from "../i18n/page-title";
import journeyStyles from "../styles/consent-journey.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:start.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const surface = await onlineJourneySurface(request, context);
  const language = await getLanguage(request);
  const view = await onlineJourneyStart(surface.actor.userId, language).catch(journeyError);
  return json({ view, language, preselected: new URL(request.url).searchParams.get("participant") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const surface = await onlineJourneySurface(request, context);
  const { submission, t } = await parseForm(request, StartJourneySchema);
  if (submission.status !== "success") return json({ result: submission.reply() as SubmissionResult<string[]> }, { status: 400 });
  const { participantId, language } = submission.value;
  let target: string;
  try {
    const started = await startOrResumeJourney({ actor: surface.actor, participantId, language, request: await requestContextOf(request, context) });
    target = `${stepPath(surface.basePath, started.next)}${started.restartedFrom ? `?restarted=${encodeURIComponent(started.restartedFrom)}` : ""}`;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return json({ result: submission.reply({ formErrors: [t(error.code)] }) as SubmissionResult<string[]> }, { status: 400 });
  }
  await setPreferredLanguage(surface.actor.userId, language);
  throw redirect(target, { headers: { "Set-Cookie": await languageCookie.serialize(language) } });
}

export default function JourneyStart() {
  const { view, language, preselected } = useLoaderData<typeof loader>();
  return <OnlineStartPage view={view} language={language} preselected={preselected} actionData={useActionData<typeof action>()} />;
}
