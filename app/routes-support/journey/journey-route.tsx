import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useMatches } from "@remix-run/react";
import { methodNotAllowed, notFound } from "../../forms/refusals.server";
import { journeyRouteById, journeyRouteOfPath, type JourneyRoute, type JourneyScreenName, type JourneySurfaceName } from "../../journey-route-table";
import * as pages from "./journey-pages";
import { assisted, online } from "./journey-routes.server";

/**
 * The one route module of every consent-journey screen on both surfaces (issue 31 item 5, ADR 104): app/routes.ts
 * makes the routes from app/journey-route-table.ts, and this module answers each as its screen — the server half
 * from journey-routes.server.ts, the page and title from journey-pages.tsx.
 */

/** The screen a request is for. The router matched it to one of the table's routes, so an unknown one cannot come. */
function routeOf(request: Request): JourneyRoute {
  const route = journeyRouteOfPath(new URL(request.url).pathname);
  if (!route) throw notFound();
  return route;
}

const steps = { online, assisted } as const;

export const loader = (args: LoaderFunctionArgs) => {
  const route = routeOf(args.request);
  return steps[route.surface][route.screen].loader(args);
};

export const action = (args: ActionFunctionArgs) => {
  const route = routeOf(args.request);
  const step = steps[route.surface][route.screen];
  // The edge answers 405 first (methodsOfRoute below); this is for a route it did not ask.
  if (!("action" in step)) throw methodNotAllowed(route.methods);
  return step.action(args);
};

/** The methods each journey route answers, for the edge's 405 (server/allowed-methods.ts): one module serves them all. */
export function methodsOfRoute(routeId: string): readonly string[] | undefined {
  return journeyRouteById(routeId)?.methods;
}

export const links = pages.links;

const titles: Record<JourneyScreenName, MetaFunction | Record<JourneySurfaceName, MetaFunction>> = {
  start: { online: pages.onlineStartMeta, assisted: pages.assistedStartMeta },
  section: pages.sectionMeta,
  check: pages.checkMeta,
  choice: pages.choiceMeta,
  review: pages.reviewMeta,
  sign: pages.signMeta,
  stop: pages.stopMeta,
  assent: pages.assentMeta,
  done: pages.doneMeta,
};

function ofSurface<T>(entry: T | Record<JourneySurfaceName, T>, surface: JourneySurfaceName): T {
  return typeof entry === "object" && entry !== null && surface in entry ? (entry as Record<JourneySurfaceName, T>)[surface] : (entry as T);
}

export const meta: MetaFunction = (args) => {
  const route = journeyRouteById(args.matches.at(-1)?.id);
  return route ? ofSurface(titles[route.screen], route.surface)(args) : [];
};

export default function JourneyScreen() {
  const route = journeyRouteById(useMatches().at(-1)?.id);
  switch (route?.screen) {
    case undefined:
      return null;
    case "start":
      return route.surface === "online" ? <pages.OnlineStartRoute /> : <pages.AssistedStartRoute />;
    case "assent":
      return <pages.AssentRoute />;
    case "done":
      return <pages.DoneRoute />;
    default:
      // Section, question, choice, review, signature and stop: one page that draws the step it is given.
      return <pages.JourneyStepRoute />;
  }
}
