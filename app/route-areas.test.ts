import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { routeAreas } from "./route-areas";

const routesFolder = path.join(import.meta.dirname, "routes");

describe("the pages by whom they are for (issue 31 item 5)", () => {
  it("keeps every page in an area's folder, and names every folder as an area in app/routes.ts", () => {
    const entries = readdirSync(routesFolder, { withFileTypes: true });
    expect(entries.filter((entry) => !entry.isDirectory()).map((entry) => entry.name)).toEqual([]);
    expect(entries.map((entry) => entry.name).sort()).toEqual([...routeAreas].sort());
    for (const area of routeAreas) expect(readdirSync(path.join(routesFolder, area)).length, area).toBeGreaterThan(0);
  });
});
