// A 404 is the app working as designed — a mistyped address, an old bookmark, a participant id outside the
// staff member's facilities — so it leaves one line in the server log (its request's line: method, route, 404),
// never a stack (issue 11, defect 13), and never the path as asked, which may hold a token or an id (ADR 027).
// Real HTTP against the app server (tests/support/app-server.ts); the log lines are captured (tests/support/captured-logs.ts).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { loggedLines } from "../support/captured-logs";
import { useTestDatabase } from "../support/database";
import { cookieFor } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

describe("the server log for a page that does not exist", () => {
  const app = useAppServer();

  /** Asks for `path`; returns the status and every line logged with the answer's request id. */
  async function get(path: string, cookie?: string) {
    const response = await fetch(`${app.origin}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
    await response.arrayBuffer();
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => loggedLines().some((line) => line.requestId === requestId && line.msg === "request")).toBe(true);
    return { status: response.status, lines: loggedLines().filter((line) => line.requestId === requestId) };
  }

  it("is one line naming the method, the path with its parts hidden and 404, with no stack, for a path no route matches", async () => {
    // With a digit for certain: a segment of lower-case words alone is logged as it is (pathForLog), and eight hex
    // characters are all letters about once in 2,600 runs — which is how CI once saw this path logged whole.
    const path = `/no-such-page-${randomUUID().slice(0, 8)}0`;
    const { status, lines } = await get(path);
    expect(status).toBe(404);
    expect(lines).toEqual([expect.objectContaining({ level: "info", service: "app", msg: "request", method: "GET", route: "/:param", status: 404 })]);
    expect(JSON.stringify(lines)).not.toContain(path);
  });

  it("is one line naming the route, with no stack, when a loader answers 404 (a participant id that names no one)", async () => {
    const cookie = await cookieFor(await createUser({ role: "coordinator" }));
    const id = randomUUID();
    const { status, lines } = await get(`/staff/participants/${id}`, cookie);
    expect(status).toBe(404);
    expect(lines).toEqual([expect.objectContaining({ msg: "request", method: "GET", route: "routes/staff/staff.participants.$id._index", status: 404 })]);
    expect(JSON.stringify(lines)).not.toContain(id);
  });

  it("is one line for a 404 asked for as data (a client-side navigation's .data request)", async () => {
    const { status, lines } = await get(`/no-such-page-${randomUUID().slice(0, 8)}.data`);
    expect(status).toBe(404);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: "request", status: 404 });
    expect(lines[0]).not.toHaveProperty("err");
  });
});
