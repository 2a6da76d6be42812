import { createRequire, Module } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { patchedAndPlain } from "../tests/support/framework-patches";

// The route-matching memos are a patch of the installed packages (patches/, ADR 070, 075, 126): each test compares the
// patched file with the same file as the package ships it (the patch reversed), each loaded afresh.
const require = createRequire(import.meta.url);
const router = patchedAndPlain("@remix-run/router", "dist/router.cjs.js");
type Router = typeof import("@remix-run/router");

function load<Exports = Router>(source: string, filename = router.path): Exports {
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
  it("answers every path as the plain router does, asked again and again", () => {
    const plain = load(router.plain);
    const memo = load(router.patched);
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
    const plain = load(router.plain);
    const memo = load(router.patched);
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

  it("is the router Node loads: its data routes are converted once", () => {
    const loaded = require("@remix-run/router") as Router;
    const mapRouteProperties = () => ({ hasErrorBoundary: false });
    expect(loaded.UNSAFE_convertRoutesToDataRoutes(tree, mapRouteProperties)).toBe(loaded.UNSAFE_convertRoutesToDataRoutes(tree, mapRouteProperties));
  });
});

describe("the render's route tree, built once per manifest (ADR 075)", () => {
  type RoutesModule = { createServerRoutes(manifest: object, routeModules: object, future: object, isSpaMode: boolean): { id: string; children?: unknown[] }[] };
  const routes = patchedAndPlain("@remix-run/react", "dist/routes.js");
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

  it("builds the tree the plain module builds", () => {
    const plain = load<RoutesModule>(routes.plain, routes.path);
    const memo = load<RoutesModule>(routes.patched, routes.path);
    expect(summary(memo.createServerRoutes(manifest, { ...modules }, {}, false))).toEqual(summary(plain.createServerRoutes(manifest, { ...modules }, {}, false)));
  });

  it("answers the same tree while every route's module is the same one, and a new tree when one changes", () => {
    const memo = load<RoutesModule>(routes.patched, routes.path);
    // The server runtime hands over a new object of the same modules on every request.
    const first = memo.createServerRoutes(manifest, { ...modules }, {}, false);
    expect(memo.createServerRoutes(manifest, { ...modules }, {}, false)).toBe(first);
    const changed = memo.createServerRoutes(manifest, { ...modules, "routes/participant/consent.history": { default: () => "changed" } }, {}, false);
    expect(changed).not.toBe(first);
    expect(memo.createServerRoutes(manifest, { ...modules }, {}, true)).not.toBe(first);
  });

  it("is the routes module @remix-run/react's server render loads", () => {
    // RemixServer requires its routes module by this path; the copy in Node's cache is the patched file.
    const loaded = require(routes.path) as RoutesModule;
    expect(loaded.createServerRoutes(manifest, { ...modules }, {}, false)).toBe(loaded.createServerRoutes(manifest, { ...modules }, {}, false));
  });
});
