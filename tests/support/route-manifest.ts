/**
 * The app's routes as the running app server's Remix build lists them (server/app-server.ts, servedBuild), for tests
 * that must cover every route: id, parent, full URL pattern, and whether the module has a loader, an action and a
 * page. A route added to app/routes is in this list the day it is added.
 */
import type { Server } from "node:http";
import { requestBodyKindOf, type RequestBodyKind } from "../../app/request-body";
import { routeMethods } from "../../server/allowed-methods";
import { servedBuild } from "../../server/app-server";

export interface ManifestRoute {
  id: string;
  parentId: string | undefined;
  /** The full URL pattern, `/staff/participants/:id/paper/scan/:eventId`; a route without a path has its parent's. */
  pattern: string;
  index: boolean;
  hasLoader: boolean;
  hasAction: boolean;
  /** A page (a default export) rather than a resource route. */
  hasComponent: boolean;
  /** What its action reads (the module's `handle`, app/request-body.ts): a form unless it says JSON. */
  requestBody: RequestBodyKind;
}

export async function loadRouteManifest(server: Server): Promise<ManifestRoute[]> {
  const build = await servedBuild(server);
  const { routes } = build;
  const patternOf = (id: string | undefined): string => {
    const route = id ? routes[id] : undefined;
    if (!route) return "/";
    const base = patternOf(route.parentId);
    return route.path ? `${base.replace(/\/$/, "")}/${route.path}` : base;
  };
  return Object.values(routes).flatMap((route) =>
    route
      ? [
          {
            id: route.id,
            parentId: route.parentId,
            pattern: patternOf(route.id),
            index: route.index === true,
            hasLoader: Boolean(route.module.loader),
            // As the edge answers (server/allowed-methods.ts): a module serving several routes says which take a POST.
            hasAction: routeMethods(build, route.id)?.includes("POST") ?? false,
            hasComponent: Boolean(route.module.default),
            requestBody: requestBodyKindOf(route.module),
          },
        ]
      : [],
  );
}
