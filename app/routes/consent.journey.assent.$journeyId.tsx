import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { journeyAssentAction, journeyOutcomeLoader, onlineJourneySurface } from "../auth/journey-surface.server";
import { AssentPage } from "../components/journey/journey-outcome-pages";
import { pageTitle } from "../i18n/page-title";
import journeyStyles from "../styles/consent-journey.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:titles.assent");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return journeyOutcomeLoader(await onlineJourneySurface(request, context), params.journeyId, request);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return journeyAssentAction(await onlineJourneySurface(request, context), params.journeyId, request, context);
}

export default function JourneyAssent() {
  return <AssentPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
