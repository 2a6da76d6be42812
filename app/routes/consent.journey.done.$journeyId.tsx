import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { journeyOutcomeLoader, onlineJourneySurface } from "../auth/journey-surface.server";
import { DonePage } from "../components/journey/journey-outcome-pages";
import { pageTitle } from "../i18n/page-title";
import journeyStyles from "../styles/consent-journey.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:titles.done");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return journeyOutcomeLoader(await onlineJourneySurface(request, context), params.journeyId, request);
}

export default function JourneyDone() {
  const [searchParams] = useSearchParams();
  return <DonePage data={useLoaderData<typeof loader>()} assentJustRecorded={searchParams.get("assent") === "1"} />;
}
