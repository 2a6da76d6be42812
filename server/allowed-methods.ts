import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";

type ServerRoute = ServerBuild["routes"][string];
type RouteObject = Parameters<typeof matchRoutes>[0][number];

const trees = new WeakMap<ServerBuild, RouteObject[]>();

/** The build's flat route manifest as the nested tree the router matches against (built once per build). */
function routeTree(build: ServerBuild): RouteObject[] {
  let tree = trees.get(build);
  if (tree) return tree;
  const children = new Map<string | undefined, ServerRoute[]>();
  for (const route of Object.values(build.routes)) {
    if (!route) continue;
    children.set(route.parentId, [...(children.get(route.parentId) ?? []), route]);
  }
  const toObject = (route: ServerRoute): RouteObject =>
    route.index
      ? { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
      : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: (children.get(route.id) ?? []).map(toObject) };
  tree = (children.get(undefined) ?? []).map(toObject);
  trees.set(build, tree);
  return tree;
}

/**
 * The methods the route at `pathname` answers, for a 405's `Allow` header: GET and HEAD where it has a loader or a
 * page, POST where it has an action. Undefined when no route matches (that is a 404, not a 405). Remix's `.data`
 * suffix (single fetch) is looked through.
 */
export function allowedMethods(build: ServerBuild, pathname: string): string[] | undefined {
  const routeId = matchedRouteId(build, pathname);
  return routeId ? routeMethods(build, routeId) : undefined;
}

/** The methods route `routeId` answers (as allowedMethods). */
export function routeMethods(build: ServerBuild, routeId: string): string[] | undefined {
  const module = build.routes[routeId]?.module;
  if (!module) return undefined;
  // A module serving several routes (the consent journey's screens, ADR 104) says which methods each answers.
  const methodsOfRoute = (module as { methodsOfRoute?: (id: string) => readonly string[] | undefined }).methodsOfRoute;
  const declared = typeof methodsOfRoute === "function" ? methodsOfRoute(routeId) : undefined;
  if (declared) return [...declared];
  const methods: string[] = [];
  if (module.loader || module.default) methods.push("GET", "HEAD");
  if (module.action) methods.push("POST");
  return methods;
}

/**
 * The id of the route that answers `pathname` (`routes/participant/consent._index`), undefined when none matches. It names the
 * request in the log (ADR 027) where the path itself may hold a token or an id.
 */
export function matchedRouteId(build: ServerBuild, pathname: string): string | undefined {
  let matched = matchedIds.get(build);
  if (!matched) {
    matched = new Map();
    matchedIds.set(build, matched);
  }
  // matchRoutes flattens and ranks the whole route tree on every call; the answer for a path never changes within a
  // build, so the fixed paths asked for most (every participant's /consent) are matched once. Only paths without
  // parameters are kept — never one holding an id or a one-time token, nor one that matched nothing.
  const known = matched.get(pathname);
  if (known !== undefined) return known;
  const pagePath = pathname === "/_root.data" ? "/" : pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
  const matches = matchRoutes(routeTree(build), pagePath, build.basename);
  const last = matches?.at(-1);
  // Bounded too (paths match case-insensitively, so one route has many spellings): when full, no more are kept.
  if (last?.route.id && Object.keys(last.params).length === 0 && matched.size < MAX_MATCHED_PATHS) matched.set(pathname, last.route.id);
  return last?.route.id;
}

/** Route ids of the fixed paths asked for so far, per build. */
const matchedIds = new WeakMap<ServerBuild, Map<string, string>>();
const MAX_MATCHED_PATHS = 500;
