import type { RouteConfig } from "@remix-run/route-config";
import { flatRoutes } from "@remix-run/fs-routes";
import { routeAreas } from "./route-areas";

/** Every area's folder by Remix's flat-route convention; the folders and who each is for: route-areas.ts. */
export default Promise.all(routeAreas.map((area) => flatRoutes({ rootDirectory: `routes/${area}` }))).then((areas) => areas.flat()) satisfies RouteConfig;
