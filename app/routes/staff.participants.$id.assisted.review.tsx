import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { journeyStepLoader, assistedJourneySurface } from "../auth/journey-surface.server";
import { JourneyStepPage } from "../components/journey/journey-step-page";
import { pageTitle } from "../i18n/page-title";
import journeyStyles from "../styles/consent-journey.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:titles.review");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return journeyStepLoader(await assistedJourneySurface(request, context, params.id), { kind: "review" }, request);
}

export default function AssistedReview() {
  return <JourneyStepPage data={useLoaderData<typeof loader>()} actionData={undefined} />;
}
