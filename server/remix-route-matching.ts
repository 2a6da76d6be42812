/**
 * Route matching at the cost of a few regular-expression tests (issue 30, ADR 070). React Router's matcher (the
 * `@remix-run/router` that Remix's server runtime and React Router use on the server) flattens and ranks the whole
 * route tree and compiles every route's path into a new RegExp on every match — four to five times a request here (the
 * server runtime's own match, its static handler's, the render's), over some two hundred routes. The profile of
 * /healthz under load had it as half the server's time (bench/RESULTS.md, issue 30); a one-route app never notices.
 *
 * Imported first by server/app-server.ts, before anything loads Remix: it loads the router's CommonJS build into
 * Node's module cache itself, with two memos added, so every later `require("@remix-run/router")` gets this copy:
 * - a compiled path (a RegExp without the g or y flag, and its parameter names: both only read) is kept per pattern,
 *   case sensitivity and end flag (route patterns are few; at most 10,000 are kept);
 * - a route tree's flattened and ranked branches are kept per routes array (a WeakMap: the server runtime's routes
 *   and its static handler's are made once per build; the render's are new each time, and simply not found).
 * If the router's source no longer has the lines this expects (a new version), nothing is changed and the app runs
 * on the plain router, with a warning.
 */
import { readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import { serviceLogger } from "@tsunagi/service-kit/logger";

const require = createRequire(import.meta.url);

const flattenAndRank = "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n";
const compilePathDeclaration = "function compilePath(path, caseSensitive, end) {";
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
`;

/** The router's source with the memos, or undefined when it is not the source they were written for. */
export function withMatchingMemos(source: string): string | undefined {
  if (source.split(flattenAndRank).length !== 2 || source.split(compilePathDeclaration).length !== 2) return undefined;
  return (
    source.replace(flattenAndRank, "  let branches = rankedBranchesOf(routes);\n").replace(compilePathDeclaration, "function compilePathUncached(path, caseSensitive, end) {") + memos
  );
}

function installMatchingMemos(): void {
  const file = require.resolve("@remix-run/router");
  if (require.cache[file]) {
    serviceLogger("app").warn("@remix-run/router was loaded before server/remix-route-matching.ts: routes are matched without its memos");
    return;
  }
  const patched = withMatchingMemos(readFileSync(file, "utf8"));
  if (!patched) {
    serviceLogger("app").warn("@remix-run/router is not the version server/remix-route-matching.ts knows: routes are matched without its memos");
    return;
  }
  const loaded = new Module(file) as Module & { _compile(source: string, filename: string): void; paths: string[] };
  loaded.filename = file;
  loaded.paths = (Module as unknown as { _nodeModulePaths(directory: string): string[] })._nodeModulePaths(path.dirname(file));
  loaded._compile(patched, file);
  loaded.loaded = true;
  require.cache[file] = loaded;
}

installMatchingMemos();
