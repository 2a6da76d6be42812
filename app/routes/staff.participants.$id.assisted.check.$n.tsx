import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { journeyStepAction, journeyStepLoader, assistedJourneySurface, stepParam } from "../auth/journey-surface.server";
import { JourneyStepPage } from "../components/journey/journey-step-page";
import { pageTitle } from "../i18n/page-title";
import journeyStyles from "../styles/consent-journey.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:titles.question");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return journeyStepLoader(await assistedJourneySurface(request, context, params.id), { kind: "question", n: stepParam(params.n) }, request);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return journeyStepAction(await assistedJourneySurface(request, context, params.id), { kind: "question", n: stepParam(params.n) }, request, context);
}

export default function AssistedCheck() {
  return <JourneyStepPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
