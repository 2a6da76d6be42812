import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedLines } from "../tests/support/captured-logs";
import { refuseClientErrors } from "./remix-request-handler";
import { logEachRequest } from "./request-log";

// Express's static files refuse a path that is not valid percent-encoding (URIError, 400) before Remix sees it, and
// Express's own handler printed the stack for it: a client's typo read like a crash (issue 11, defect 13's sibling).
// The production server's stack as far as the error goes: static files, the catch-all route, the final handler.
describe("a request Express itself refuses", () => {
  let server: ReturnType<ReturnType<typeof express>["listen"]>;
  let origin = "";
  beforeAll(async () => {
    const app = express();
    app.use(logEachRequest());
    app.use(express.static(mkdtempSync(path.join(tmpdir(), "tsunagi-static-"))));
    // app-server.ts hands every path to Remix with app.all("*"): Express decodes the path to match it, and fails.
    app.all("*", (_request, response) => void response.status(404).end());
    app.use(refuseClientErrors);
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("is one line in the log (method, status, why; the path's parts hidden) and a plain 400, with no stack", async () => {
    const response = await fetch(`${origin}/%E0%A4%A`);
    const body = await response.text();
    expect(response.status).toBe(400);
    expect(body).toBe("Bad Request");
    await expect.poll(() => loggedLines()).toEqual([
      expect.objectContaining({ level: "info", service: "app", msg: "request", method: "GET", route: "/:param", status: 400, refusal: "client_error", requestId: response.headers.get("x-request-id") }),
    ]);
    expect(loggedLines()[0]).not.toHaveProperty("err");
  });
});
