import { readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { remixReactRoutesFile, withMatchingMemos, withServerRoutesMemo } from "./remix-route-matching";

const require = createRequire(import.meta.url);
const file = require.resolve("@remix-run/router");
type Router = typeof import("@remix-run/router");

function load<Exports = Router>(source: string, filename = file): Exports {
  const loaded = new Module(filename) as Module & { _compile(source: string, filename: string): void; paths: string[] };
  loaded.filename = filename;
  loaded.paths = (Module as unknown as { _nodeModulePaths(directory: string): string[] })._nodeModulePaths(path.dirname(filename));
  loaded._compile(source, filename);
  return loaded.exports as Exports;
}

const tree = [
  {
    id: "root",
    path: "",
    children: [
      { id: "index", index: true },
      { id: "consent", path: "consent", children: [{ id: "consent-index", index: true }, { id: "history", path: "history" }] },
      { id: "family-access", path: "family/:accessId" },
      { id: "Case", path: "Fhir/Consent", caseSensitive: true },
      { id: "splat", path: "*" },
    ],
  },
];

describe("Remix's route matcher with memos (ADR 070)", () => {
  it("is written for the installed router, which answers every path as the plain router does, asked again and again", () => {
    const source = readFileSync(file, "utf8");
    const patched = withMatchingMemos(source);
    expect(patched).toBeDefined();
    const plain = load(source);
    const memo = load(patched!);
    const paths = ["/", "/consent", "/consent/", "/CONSENT/history", "/family/abc", "/family/other", "/Fhir/Consent", "/fhir/consent", "/nowhere/at/all"];
    for (let pass = 0; pass < 3; pass++) {
      for (const path of paths) {
        const summary = (router: Router) => router.matchRoutes(tree, path)?.map((match) => [match.route.id, match.pathname, match.params]);
        expect(summary(memo), path).toEqual(summary(plain));
      }
    }
    expect(memo.matchPath({ path: "/family/:accessId", caseSensitive: false, end: true }, "/family/x")?.params).toEqual({ accessId: "x" });
    expect(memo.matchPath({ path: "/family/:accessId", end: false }, "/family/x/more")?.pathname).toBe("/family/x");
  });

  it("converts a routes array to data routes once, filling each caller's manifest as the plain router does", () => {
    const source = readFileSync(file, "utf8");
    const plain = load(source);
    const memo = load(withMatchingMemos(source)!);
    const mapRouteProperties = (route: { id?: string }) => ({ hasErrorBoundary: route.id === "root" });
    const summary = (routes: unknown): unknown => JSON.parse(JSON.stringify(routes));
    const plainManifest = {};
    const expected = summary(plain.UNSAFE_convertRoutesToDataRoutes(tree, mapRouteProperties, undefined, plainManifest));
    type RouteManifest = Parameters<Router["UNSAFE_convertRoutesToDataRoutes"]>[3] & object;
    const first: RouteManifest = {};
    const second: RouteManifest = {};
    const once = memo.UNSAFE_convertRoutesToDataRoutes(tree, mapRouteProperties, undefined, first);
    const again = memo.UNSAFE_convertRoutesToDataRoutes(tree, mapRouteProperties, undefined, second);
    expect(again).toBe(once);
    expect(summary(once)).toEqual(expected);
    expect(Object.keys(first)).toEqual(Object.keys(plainManifest));
    expect(second).toEqual(first);
    expect(second.history).toBe(once[0]!.children![1]!.children![1]);
    // Another mapping of the same routes is converted anew.
    expect(memo.UNSAFE_convertRoutesToDataRoutes(tree, () => ({ hasErrorBoundary: false }), undefined, {})).not.toBe(once);
  });

  it("leaves a router it does not know unchanged", () => {
    expect(withMatchingMemos("function somethingElse() {}")).toBeUndefined();
  });
});

describe("the render's route tree, built once per manifest (ADR 075)", () => {
  type RoutesModule = { createServerRoutes(manifest: object, routeModules: object, future: object, isSpaMode: boolean): { id: string; children?: unknown[] }[] };
  const routesFile = remixReactRoutesFile();
  const manifest = {
    root: { id: "root", path: "", hasLoader: true },
    "routes/public/_index": { id: "routes/public/_index", parentId: "root", index: true, hasLoader: false },
    "routes/consent": { id: "routes/consent", parentId: "root", path: "consent", hasLoader: true },
    "routes/participant/consent.history": { id: "routes/participant/consent.history", parentId: "routes/consent", path: "history", hasLoader: true },
  };
  const Page = () => null;
  const modules = {
    root: { default: Page, Layout: ({ children }: { children?: unknown }) => children, ErrorBoundary: Page },
    "routes/public/_index": { default: Page },
    "routes/consent": { default: Page, handle: { crumb: "consent" } },
    "routes/participant/consent.history": { default: Page },
  };
  const summary = (routes: unknown): unknown => JSON.parse(JSON.stringify(routes, (key, value: unknown) => (typeof value === "function" ? `function ${key}` : key === "_owner" ? undefined : value)));

  it("is written for the installed @remix-run/react, and builds the tree the plain module builds", () => {
    const source = readFileSync(routesFile, "utf8");
    const patched = withServerRoutesMemo(source);
    expect(patched).toBeDefined();
    const plain = load<RoutesModule>(source, routesFile);
    const memo = load<RoutesModule>(patched!, routesFile);
    expect(summary(memo.createServerRoutes(manifest, { ...modules }, {}, false))).toEqual(summary(plain.createServerRoutes(manifest, { ...modules }, {}, false)));
  });

  it("answers the same tree while every route's module is the same one, and a new tree when one changes", () => {
    const memo = load<RoutesModule>(withServerRoutesMemo(readFileSync(routesFile, "utf8"))!, routesFile);
    // The server runtime hands over a new object of the same modules on every request.
    const first = memo.createServerRoutes(manifest, { ...modules }, {}, false);
    expect(memo.createServerRoutes(manifest, { ...modules }, {}, false)).toBe(first);
    const changed = memo.createServerRoutes(manifest, { ...modules, "routes/participant/consent.history": { default: () => "changed" } }, {}, false);
    expect(changed).not.toBe(first);
    expect(memo.createServerRoutes(manifest, { ...modules }, {}, true)).not.toBe(first);
  });

  it("leaves a module it does not know unchanged", () => {
    expect(withServerRoutesMemo("function createServerRoutes() {}")).toBeUndefined();
  });
});
