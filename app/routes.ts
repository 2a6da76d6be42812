import type { RouteConfig } from "@remix-run/route-config";
import { flatRoutes } from "@remix-run/fs-routes";
import { JOURNEY_ROUTE_FILE, journeyRoutes } from "./journey-route-table";
import { routeAreas } from "./route-areas";

/**
 * Every area's folder by Remix's flat-route convention (the folders and who each is for: route-areas.ts; a `+support/`
 * folder holds helpers only that area's routes use, never a route: ADR 130), and the
 * consent journey's screens from their one definition (journey-route-table.ts), all served by one module.
 */
export default Promise.all(routeAreas.map((area) => flatRoutes({ rootDirectory: `routes/${area}`, ignoredRouteFiles: ["**/+support/**"] }))).then((areas) => [
  ...areas.flat(),
  ...journeyRoutes.map((route) => ({ id: route.id, path: route.path, index: route.index || undefined, file: JOURNEY_ROUTE_FILE })),
]) satisfies RouteConfig;
