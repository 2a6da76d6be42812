import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { journeyAssentAction, journeyOutcomeLoader, assistedJourneySurface } from "../auth/journey-surface.server";
import { AssentPage } from "../components/journey/journey-outcome-pages";
import { pageTitle } from "../i18n/page-title";
import journeyStyles from "../styles/consent-journey.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:titles.assent");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return journeyOutcomeLoader(await assistedJourneySurface(request, context, params.id), params.journeyId, request);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return journeyAssentAction(await assistedJourneySurface(request, context, params.id), params.journeyId, request, context);
}

export default function AssistedAssent() {
  return <AssentPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
