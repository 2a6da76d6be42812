// A 404 is the app working as designed — a mistyped address, an old bookmark, a participant id outside the
// staff member's facilities — so it leaves one line in the server log (method, path, status), never a stack
// (issue 11, defect 13). Real HTTP against the app server (tests/support/app-server.ts) with console captured.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { cookieFor } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

describe("the server log for a page that does not exist", () => {
  const app = useAppServer();
  let spies: MockInstance[] = [];
  /**
   * Everything written through console while a request is answered, one entry per call — except react-router's
   * development-build warning "No routes matched location", which this dev-mode server prints and the production
   * build `npm start` serves does not contain.
   */
  const logged = () =>
    spies
      .flatMap((spy) => spy.mock.calls.map((call) => call.map((part) => (part instanceof Error ? (part.stack ?? String(part)) : String(part))).join(" ")))
      .filter((line) => !line.startsWith("No routes matched location"));

  beforeEach(() => {
    spies = (["log", "info", "warn", "debug", "trace"] as const).map((method) => vi.spyOn(console, method).mockImplementation(() => {}));
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });

  async function get(path: string, cookie?: string): Promise<number> {
    const response = await fetch(`${app.origin}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
    await response.arrayBuffer();
    return response.status;
  }

  it("is one line naming the method, the path and 404, with no stack, for a path no route matches", async () => {
    const path = `/no-such-page-${randomUUID().slice(0, 8)}`;
    expect(await get(path)).toBe(404);
    const lines = logged();
    expect(lines).toEqual([`[app] 404 GET ${path}`]);
  });

  it("is one line, with no stack, when a loader answers 404 (a participant id that names no one)", async () => {
    const cookie = await cookieFor(await createUser({ role: "coordinator" }));
    const path = `/staff/participants/${randomUUID()}`;
    expect(await get(path, cookie)).toBe(404);
    const lines = logged();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`[app] 404 GET ${path}`);
  });

  it("is one line for a 404 asked for as data (a client-side navigation's .data request)", async () => {
    const path = `/no-such-page-${randomUUID().slice(0, 8)}`;
    expect(await get(`${path}.data`)).toBe(404);
    const lines = logged();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/\n\s+at /);
    expect(lines[0]).toMatch(/^\[app\] 404 GET \/no-such-page-/);
  });
});
