import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { journeyStepAction, journeyStepLoader, onlineJourneySurface } from "../auth/journey-surface.server";
import { JourneyStepPage } from "../components/journey/journey-step-page";
import { pageTitle } from "../i18n/page-title";
import journeyStyles from "../styles/consent-journey.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:titles.sign");

export async function loader({ request, context }: LoaderFunctionArgs) {
  return journeyStepLoader(await onlineJourneySurface(request, context), { kind: "sign" }, request);
}

export async function action({ request, context }: ActionFunctionArgs) {
  return journeyStepAction(await onlineJourneySurface(request, context), { kind: "sign" }, request, context);
}

export default function JourneySign() {
  return <JourneyStepPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
