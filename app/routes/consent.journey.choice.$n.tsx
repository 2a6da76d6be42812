import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { journeyStepAction, journeyStepLoader, onlineJourneySurface, stepParam } from "../auth/journey-surface.server";
import { JourneyStepPage } from "../components/journey/journey-step-page";
import { pageTitle } from "../i18n/page-title";
import journeyStyles from "../styles/consent-journey.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:titles.choice");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return journeyStepLoader(await onlineJourneySurface(request, context), { kind: "choice", n: stepParam(params.n) }, request);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return journeyStepAction(await onlineJourneySurface(request, context), { kind: "choice", n: stepParam(params.n) }, request, context);
}

export default function JourneyChoice() {
  return <JourneyStepPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
