import { readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { describe, expect, it } from "vitest";
import { withMatchingMemos } from "./remix-route-matching";

const require = createRequire(import.meta.url);
const file = require.resolve("@remix-run/router");
type Router = typeof import("@remix-run/router");

function load(source: string): Router {
  const loaded = new Module(file) as Module & { _compile(source: string, filename: string): void };
  loaded.filename = file;
  loaded._compile(source, file);
  return loaded.exports as Router;
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

  it("leaves a router it does not know unchanged", () => {
    expect(withMatchingMemos("function somethingElse() {}")).toBeUndefined();
  });
});
