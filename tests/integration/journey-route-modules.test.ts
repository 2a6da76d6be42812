import { readFileSync } from "node:fs";
import path from "node:path";
import { init as initLexer, parse as parseExports } from "es-module-lexer";
import { describe, expect, it } from "vitest";
import { JOURNEY_ROUTE_FILE, journeyRouteById, journeyRouteOfPath, journeyRoutes, journeyScreens, journeySurfaces } from "../../app/journey-route-table";
import * as journeyRoute from "../../app/routes-support/journey/journey-route";
import { assisted, online } from "../../app/routes-support/journey/journey-routes.server";

// The online and assisted consent journeys are the same screens under two guards, made from one definition
// (app/journey-route-table.ts) and served by one module (ADR 104); this test holds the table, the route config and the
// module's server half to each other.

describe("the consent journey's routes, from one definition (issue 31 item 5)", () => {
  it("are in the route config, every surface × screen once, each with its id and address, served by the one module", async () => {
    // app/routes.ts asks Remix's Vite plugin where app/ is; outside it, the test says (as the plugin does at start).
    (globalThis as { __remixAppDirectory?: string }).__remixAppDirectory = path.resolve(import.meta.dirname, "../../app");
    const config = await ((await import("../../app/routes")).default as Promise<{ id?: string; path?: string; file: string; index?: boolean }[]>);
    const made = config.filter((route) => route.file === JOURNEY_ROUTE_FILE);
    expect(made.map((route) => route.id).sort()).toEqual(journeyRoutes.map((route) => route.id).sort());
    expect(made).toHaveLength(Object.keys(journeySurfaces).length * Object.keys(journeyScreens).length);
    expect(new Set(config.map((route) => route.id)).size).toBe(config.length);
    // The ids a route file at the same address had, so logs, the route matrix and the public-page lists still name them.
    expect(made.find((route) => route.path === "consent/journey/section/:n")?.id).toBe("routes/participant/consent.journey.section.$n");
    expect(made.find((route) => route.path === "staff/participants/:id/assisted")).toMatchObject({ id: "routes/staff/staff.participants.$id.assisted._index", index: true });
  });

  it("answer each screen with its step on its surface, and take a form exactly where the step has an action", () => {
    for (const route of journeyRoutes) {
      const step = { online, assisted }[route.surface][route.screen];
      expect(step.loader, route.id).toBeTypeOf("function");
      expect("action" in step, route.id).toBe(journeyScreens[route.screen].takesForm);
      expect(journeyRoute.methodsOfRoute(route.id)).toEqual(route.methods);
    }
    expect(Object.keys(assisted).sort()).toEqual(Object.keys(journeyScreens).sort());
    expect(Object.keys(online).sort()).toEqual(Object.keys(journeyScreens).sort());
  });

  it("find the screen of an address as the router matched it, and nothing for another", () => {
    expect(journeyRouteOfPath("/consent/journey")?.id).toBe("routes/participant/consent.journey._index");
    expect(journeyRouteOfPath("/consent/journey/choice/3")?.screen).toBe("choice");
    expect(journeyRouteOfPath("/Consent/Journey/Review.data")?.id).toBe("routes/participant/consent.journey.review");
    expect(journeyRouteOfPath("/staff/participants/8b0e/assisted/done/j1")).toMatchObject({ surface: "assisted", screen: "done" });
    expect(journeyRouteOfPath("/consent/journey/section")).toBeUndefined();
    expect(journeyRouteOfPath("/consent/journey/section/1/more")).toBeUndefined();
    expect(journeyRouteOfPath("/consent")).toBeUndefined();
    for (const route of journeyRoutes) expect(journeyRouteById(route.id)).toBe(route);
  });

  it("exports what Remix reads from the file, as the lexer sees it", async () => {
    // Remix builds the browser's route manifest (hasLoader, hasAction) by lexing the file, not by running it.
    await initLexer;
    const [, lexed] = parseExports(readFileSync(path.resolve(import.meta.dirname, "../../app", JOURNEY_ROUTE_FILE), "utf8"));
    expect(lexed.map((entry) => entry.n).sort()).toEqual(["action", "default", "links", "loader", "meta", "methodsOfRoute"]);
    expect(Object.keys(journeyRoute).sort()).toEqual(["action", "default", "links", "loader", "meta", "methodsOfRoute"]);
  });
});
