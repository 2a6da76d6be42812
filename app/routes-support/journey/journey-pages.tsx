import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AssentPage, DonePage } from "../../components/journey/journey-outcome-pages";
import { AssistedStartPage, OnlineStartPage } from "../../components/journey/journey-start-page";
import { JourneyStepPage } from "../../components/journey/journey-step-page";
import { pageTitle } from "../../i18n/page-title";
import journeyStyles from "../../styles/consent-journey.css?url";
import type { AssistedStartModule, JourneyOutcomeLoader, JourneyStepAction, JourneyStepLoader, OnlineStartModule } from "./journey-routes.server";

/**
 * The browser half of the journey's route modules (the server half is journey-routes.server.ts): each page's
 * title and component, the same on both surfaces. Route files re-export these; they hold no code of their own.
 */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];

const titled =
  (key: string): MetaFunction =>
  ({ matches }) =>
    pageTitle(matches, key);

export const onlineStartMeta = titled("journey:start.title");
export const assistedStartMeta = titled("journey:assisted.title");
export const sectionMeta = titled("journey:titles.section");
export const checkMeta = titled("journey:titles.question");
export const choiceMeta = titled("journey:titles.choice");
export const reviewMeta = titled("journey:titles.review");
export const signMeta = titled("journey:titles.sign");
export const stopMeta = titled("journey:titles.stop");
export const assentMeta = titled("journey:titles.assent");
export const doneMeta = titled("journey:titles.done");

export function OnlineStartRoute() {
  const { view, language, preselected } = useLoaderData<OnlineStartModule["loader"]>();
  return <OnlineStartPage view={view} language={language} preselected={preselected} actionData={useActionData<OnlineStartModule["action"]>()} />;
}

export function AssistedStartRoute() {
  const { view, language } = useLoaderData<AssistedStartModule["loader"]>();
  return <AssistedStartPage view={view} language={language} actionData={useActionData<AssistedStartModule["action"]>()} />;
}

/** Section, question, choice, review, signature and stop screens; review and stop have no form, so no action data. */
export function JourneyStepRoute() {
  return <JourneyStepPage data={useLoaderData<JourneyStepLoader>()} actionData={useActionData<JourneyStepAction>()} />;
}

export function AssentRoute() {
  return <AssentPage data={useLoaderData<JourneyOutcomeLoader>()} actionData={useActionData<JourneyStepAction>()} />;
}

export function DoneRoute() {
  const [searchParams] = useSearchParams();
  return <DonePage data={useLoaderData<JourneyOutcomeLoader>()} assentJustRecorded={searchParams.get("assent") === "1"} />;
}
