import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { journeyStepAction, journeyStepLoader, assistedJourneySurface } from "../auth/journey-surface.server";
import { JourneyStepPage } from "../components/journey/journey-step-page";
import { pageTitle } from "../i18n/page-title";
import journeyStyles from "../styles/consent-journey.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:titles.sign");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return journeyStepLoader(await assistedJourneySurface(request, context, params.id), { kind: "sign" }, request);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return journeyStepAction(await assistedJourneySurface(request, context, params.id), { kind: "sign" }, request, context);
}

export default function AssistedSign() {
  return <JourneyStepPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
