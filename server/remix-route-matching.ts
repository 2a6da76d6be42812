/**
 * Route matching at the cost of a few regular-expression tests (issue 30, ADR 070). React Router's matcher (the
 * `@remix-run/router` that Remix's server runtime and React Router use on the server) flattens and ranks the whole
 * route tree and compiles every route's path into a new RegExp on every match — four to five times a request here (the
 * server runtime's own match, its static handler's, the render's), over some two hundred routes. The profile of
 * /healthz under load had it as half the server's time (bench/RESULTS.md, issue 30); a one-route app never notices.
 *
 * Imported first by server/app-server.ts, before anything loads Remix: it loads the router's CommonJS build into
 * Node's module cache itself, with memos added, so every later `require("@remix-run/router")` gets this copy:
 * - a compiled path (a RegExp without the g or y flag, and its parameter names: both only read) is kept per pattern,
 *   case sensitivity and end flag (route patterns are few; at most 10,000 are kept);
 * - a route tree's flattened and ranked branches are kept per routes array (a WeakMap: the server runtime's routes
 *   and its static handler's are made once per build);
 * - which ranked branch a path without parameters matched first, per branches (at most 1,000 paths each; a path
 *   holding an id or a token is never kept, nor one that matched nothing): a match then tests that one branch, not
 *   the two hundred before it (each request matches four times; the search was 14 % of /sign-in's profile);
 * - a route tree's data routes (`convertRoutesToDataRoutes`, which React Router's static router calls on every
 *   render) are kept per routes array and mapping function, and the caller's manifest filled from them.
 * And `@remix-run/react`'s routes module, whose `createServerRoutes` builds the render's route tree from the build's
 * manifest on every render (ADR 075): the tree is kept per manifest and reused while every route's module is the same
 * one. With both, the render's match finds its ranked branches too, and a render builds no route objects at all.
 * If a package's source no longer has the lines this expects (a new version), nothing is changed in it and the app
 * runs on the plain code, with a warning.
 */
import { readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import { serviceLogger } from "@tsunagi/service-kit/logger";

const require = createRequire(import.meta.url);

const flattenAndRank = "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n";
const compilePathDeclaration = "function compilePath(path, caseSensitive, end) {";
const convertDeclaration = "function convertRoutesToDataRoutes(routes, mapRouteProperties, parentPath, manifest) {";
const branchSearch = "  let decoded = decodePath(pathname);\n  for (let i = 0; matches == null && i < branches.length; ++i) {";
const branchFound = "    matches = matchRouteBranch(branches[i], decoded, allowPartial);\n  }\n  return matches;\n}";
const memos = `
const tsunagiCompiledPaths = new Map();
function compilePath(path, caseSensitive, end) {
  const key = (caseSensitive === true ? "1" : "0") + (end === false ? "0" : "1") + path;
  let compiled = tsunagiCompiledPaths.get(key);
  if (compiled === undefined) {
    compiled = compilePathUncached(path, caseSensitive, end);
    if (tsunagiCompiledPaths.size < 10000) tsunagiCompiledPaths.set(key, compiled);
  }
  return compiled;
}
const tsunagiRankedBranches = new WeakMap();
function rankedBranchesOf(routes) {
  let branches = tsunagiRankedBranches.get(routes);
  if (branches === undefined) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    tsunagiRankedBranches.set(routes, branches);
  }
  return branches;
}
const tsunagiFirstBranches = new WeakMap();
function tsunagiKnownBranch(branches, decoded, allowPartial) {
  const known = tsunagiFirstBranches.get(branches);
  return known === undefined ? undefined : known.get((allowPartial ? "1" : "0") + decoded);
}
function tsunagiRememberBranch(branches, decoded, allowPartial, index, matches) {
  if (Object.keys(matches[matches.length - 1].params).length !== 0) return;
  let known = tsunagiFirstBranches.get(branches);
  if (known === undefined) {
    known = new Map();
    tsunagiFirstBranches.set(branches, known);
  }
  if (known.size < 1000) known.set((allowPartial ? "1" : "0") + decoded, index);
}
const tsunagiDataRoutes = new WeakMap();
function convertRoutesToDataRoutes(routes, mapRouteProperties, parentPath, manifest) {
  if (parentPath !== undefined) return convertRoutesToDataRoutesUncached(routes, mapRouteProperties, parentPath, manifest);
  let converted = tsunagiDataRoutes.get(routes);
  if (converted === undefined || converted.mapRouteProperties !== mapRouteProperties) {
    const byId = {};
    const dataRoutes = convertRoutesToDataRoutesUncached(routes, mapRouteProperties, undefined, byId);
    converted = { mapRouteProperties, dataRoutes, ids: Object.keys(byId), routes: Object.values(byId) };
    tsunagiDataRoutes.set(routes, converted);
  }
  if (manifest !== undefined) {
    const { ids, routes: dataRoutesById } = converted;
    for (let index = 0; index < ids.length; index++) {
      const id = ids[index];
      if (manifest[id]) invariant(false, "Found a route id collision on id \\"" + id + "\\".  Route " + "id's must be globally unique within Data Router usages");
      manifest[id] = dataRoutesById[index];
    }
  }
  return converted.dataRoutes;
}
`;

/** The router's source with the memos, or undefined when it is not the source they were written for. */
export function withMatchingMemos(source: string): string | undefined {
  if ([flattenAndRank, compilePathDeclaration, convertDeclaration, branchSearch, branchFound].some((line) => source.split(line).length !== 2)) return undefined;
  return (
    source
      .replace(flattenAndRank, "  let branches = rankedBranchesOf(routes);\n")
      .replace(compilePathDeclaration, "function compilePathUncached(path, caseSensitive, end) {")
      .replace(convertDeclaration, "function convertRoutesToDataRoutesUncached(routes, mapRouteProperties, parentPath, manifest) {")
      .replace(
        branchSearch,
        "  let decoded = decodePath(pathname);\n  let tsunagiKnown = tsunagiKnownBranch(branches, decoded, allowPartial);\n  if (tsunagiKnown !== undefined) return matchRouteBranch(branches[tsunagiKnown], decoded, allowPartial);\n  for (let i = 0; matches == null && i < branches.length; ++i) {",
      )
      .replace(branchFound, "    matches = matchRouteBranch(branches[i], decoded, allowPartial);\n    if (matches != null) tsunagiRememberBranch(branches, decoded, allowPartial, i, matches);\n  }\n  return matches;\n}") + memos
  );
}

const createServerRoutesDeclaration = "function createServerRoutes(manifest, routeModules, future, isSpaMode, parentId = \"\", routesByParentId = groupRoutesByParentId(manifest), spaModeLazyPromise";
const createServerRoutesRecursion = "    let children = createServerRoutes(manifest, routeModules, future, isSpaMode, route.id, routesByParentId, spaModeLazyPromise);\n";
const serverRoutesMemo = `
const tsunagiServerRoutes = new WeakMap();
function createServerRoutes(manifest, routeModules, future, isSpaMode) {
  if (arguments.length > 4) return createServerRoutesUncached.apply(undefined, arguments);
  let made = tsunagiServerRoutes.get(manifest);
  if (made !== undefined && made.isSpaMode === isSpaMode) {
    const { ids, modules } = made;
    let same = true;
    for (let index = 0; index < ids.length; index++) {
      if (modules[index] !== routeModules[ids[index]]) {
        same = false;
        break;
      }
    }
    if (same) return made.routes;
  }
  const routes = createServerRoutesUncached(manifest, routeModules, future, isSpaMode);
  const ids = Object.keys(manifest);
  tsunagiServerRoutes.set(manifest, { isSpaMode, ids, modules: ids.map((id) => routeModules[id]), routes });
  return routes;
}
`;

/**
 * \`@remix-run/react\`'s routes module with \`createServerRoutes\` kept per manifest (while the route modules are the same
 * ones), or undefined when it is not the source this was written for.
 */
export function withServerRoutesMemo(source: string): string | undefined {
  if ([createServerRoutesDeclaration, createServerRoutesRecursion].some((line) => source.split(line).length !== 2)) return undefined;
  return (
    source
      .replace(createServerRoutesDeclaration, createServerRoutesDeclaration.replace("function createServerRoutes(", "function createServerRoutesUncached("))
      .replace(createServerRoutesRecursion, createServerRoutesRecursion.replace("createServerRoutes(", "createServerRoutesUncached(")) + serverRoutesMemo
  );
}

/** Loads `file` into Node's module cache as `patch` makes it, before anything else requires it. */
function installPatched(file: string, what: string, patch: (source: string) => string | undefined): void {
  if (require.cache[file]) {
    serviceLogger("app").warn(`${what} was loaded before server/remix-route-matching.ts: it runs without its memos`);
    return;
  }
  const patched = patch(readFileSync(file, "utf8"));
  if (!patched) {
    serviceLogger("app").warn(`${what} is not the version server/remix-route-matching.ts knows: it runs without its memos`);
    return;
  }
  const loaded = new Module(file) as Module & { _compile(source: string, filename: string): void; paths: string[] };
  loaded.filename = file;
  loaded.paths = (Module as unknown as { _nodeModulePaths(directory: string): string[] })._nodeModulePaths(path.dirname(file));
  loaded._compile(patched, file);
  loaded.loaded = true;
  require.cache[file] = loaded;
}

/** `@remix-run/react`'s CommonJS routes module, as its server entry requires it. */
export function remixReactRoutesFile(): string {
  return path.join(path.dirname(require.resolve("@remix-run/react")), "routes.js");
}

installPatched(require.resolve("@remix-run/router"), "@remix-run/router", withMatchingMemos);
installPatched(remixReactRoutesFile(), "@remix-run/react's routes module", withServerRoutesMemo);
