import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, loggedResponseClass, logRequest, pathForLog, requestIdOf, requestLineLevel, serviceLogger, withoutEmails, type LoggedResponse } from "./logger";

let lines: Record<string, unknown>[] = [];
let restore: () => void = () => {};
beforeAll(() => {
  restore = captureLogs({ write: (text: string) => lines.push(JSON.parse(text) as Record<string, unknown>) });
});
afterAll(() => restore());
afterEach(() => {
  lines = [];
});

describe("a service's log line", () => {
  it("is one JSON object with the level's name, the time in UTC, the service and the message", () => {
    serviceLogger("relay").info({ relayId: "relay-1" }, "outbox relay started");
    expect(lines).toEqual([{ level: "info", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), pid: process.pid, service: "relay", relayId: "relay-1", msg: "outbox relay started" }]);
  });

  it("replaces personal data and secrets handed to it under a known key, at the top and one level down", () => {
    serviceLogger("app").warn({ email: "hanako@example.jp", code: "Q7XK2M", user: { fullName: "山田 花子", dateOfBirth: "1962-07-21", id: "u-1" }, headers: { cookie: "__Host-session=abc" } }, "careless");
    expect(lines[0]).toMatchObject({ email: "[redacted]", code: "[redacted]", user: { fullName: "[redacted]", dateOfBirth: "[redacted]", id: "u-1" }, headers: { cookie: "[redacted]" } });
  });

  it("reaches two levels down, keeps an error's code one level down, and leaves the caller's object as it was", () => {
    const fields = { req: { headers: { authorization: "Bearer tsg_secret", accept: "text/html" } }, cause: { code: "ECONNREFUSED" }, requestId: "r-1" };
    serviceLogger("bridge").warn(fields, "careless");
    expect(lines[0]).toMatchObject({ req: { headers: { authorization: "[redacted]", accept: "text/html" } }, cause: { code: "ECONNREFUSED" }, requestId: "r-1" });
    expect(fields.req.headers.authorization).toBe("Bearer tsg_secret");
  });

  it("cuts e-mail addresses out of errors, which quote them (an SMTP refusal names its recipient)", () => {
    serviceLogger("app").error({ err: new Error("550 <hanako@example.jp>: mailbox unavailable") }, "mail not sent");
    serviceLogger("app").warn({ error: "recipient hanako@example.jp refused" }, "mail not sent");
    expect(JSON.stringify(lines)).not.toContain("hanako@example.jp");
    expect(lines[0]).toMatchObject({ level: "error", err: { type: "Error", message: "550 <[email]>: mailbox unavailable" } });
    expect(lines[1]).toMatchObject({ error: "recipient [email] refused" });
    expect(withoutEmails("a.b+c@mail.example.co.jp and x@y.jp")).toBe("[email] and [email]");
  });
});

describe("a path as logged", () => {
  it("keeps plain words and hides every id, token, code, address and query", () => {
    expect(pathForLog("/consent/history")).toBe("/consent/history");
    expect(pathForLog("/invite/Q7XK2M9P?lang=en")).toBe("/invite/:param");
    expect(pathForLog("/sign-in/link/abcDEF123_-xyz")).toBe("/sign-in/link/:param");
    expect(pathForLog("/staff/participants/7b0c6a8e-1111-4222-8333-944445555666/paper")).toBe("/staff/participants/:param/paper");
    expect(pathForLog("/u/hanako@example.jp")).toBe("/u/:param");
    expect(pathForLog("/v1/subjects/S-ABCDEF1234")).toBe("/v1/subjects/:param");
    expect(pathForLog("/.well-known/jwks.json")).toBe("/.well-known/jwks.json");
    expect(pathForLog("/%E0%A4%A")).toBe("/:param");
    expect(pathForLog("/consent.data#x")).toBe("/consent.data");
  });
});

describe("a request id", () => {
  it("is the caller's when it is a short safe token, else a fresh UUID", () => {
    expect(requestIdOf("proxy-7f3a.1_b")).toBe("proxy-7f3a.1_b");
    for (const unsafe of ["", "a b", "x".repeat(65), 'x","level":"fatal', "ok\nforged", undefined, ["a", "b"]]) {
      expect(requestIdOf(unsafe)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

describe("a request's line", () => {
  let server: Server;
  let origin = "";
  beforeAll(async () => {
    server = createServer((request, response) => {
      const entry = logRequest(serviceLogger("bridge"), request, response);
      if (request.url?.startsWith("/v1/subjects/")) entry.route = "/v1/subjects/{id}";
      response.statusCode = request.url === "/boom" ? 500 : 200;
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("names the route, never the path or query, and echoes its id as X-Request-Id", async () => {
    const response = await fetch(`${origin}/v1/subjects/S-SECRET123?token=abc`, { headers: { "X-Request-Id": "relay-42" } });
    await response.text();
    expect(response.headers.get("x-request-id")).toBe("relay-42");
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toEqual({
      level: "info",
      time: expect.any(String),
      pid: process.pid,
      service: "bridge",
      requestId: "relay-42",
      method: "GET",
      route: "/v1/subjects/{id}",
      status: 200,
      durationMs: expect.any(Number),
      msg: "request",
    });
  });

  it("is at level error for a 500, with a fresh id when the caller's is not safe, and the path's parts hidden", async () => {
    const response = await fetch(`${origin}/boom`, { headers: { "X-Request-Id": "not safe!" } });
    await response.text();
    const id = response.headers.get("x-request-id");
    expect(id).not.toBe("not safe!");
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ level: "error", requestId: id, route: "/boom", status: 500, msg: "request" });
  });
});

describe("a request's line from a LoggedResponse (a plain node:http server, as the bridge runs)", () => {
  let server: Server;
  let origin = "";
  const given: string[] = [];
  beforeAll(async () => {
    server = createServer({ ServerResponse: loggedResponseClass(serviceLogger("bridge")) }, (request, plain) => {
      const response = plain as unknown as LoggedResponse;
      if (request.url?.startsWith("/v1/subjects/")) response.route = "/v1/subjects/{id}";
      if (request.url?.startsWith("/routine")) {
        response.routine = true;
        response.writeHead(request.url === "/routine/refused" ? 401 : 200, { "Content-Type": "text/plain" });
        return response.end("ok");
      }
      if (request.url === "/implicit") {
        response.statusCode = 503;
        response.setHeader("Content-Type", "text/plain");
        return response.end("not ready");
      }
      if (request.url === "/destroyed") {
        response.writeHead(200, { "Content-Type": "text/plain" });
        response.write("half");
        return setTimeout(() => response.destroy(), 20);
      }
      if (request.url === "/wait") {
        // A long-poll whose client hangs up: nothing more is sent, and the line says so.
        request.socket.once("close", () => {
          given.push(response.requestId);
          response.logClientGone();
        });
        return;
      }
      response.writeHead(request.url === "/boom" ? 500 : 200, { "Content-Type": "text/plain" });
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("writes one line when the answer ends, naming the route, and sends its id in the head it writes", async () => {
    const response = await fetch(`${origin}/v1/subjects/S-SECRET123?token=abc`, { headers: { "X-Request-Id": "relay-42" } });
    expect(await response.text()).toBe("ok");
    expect(response.headers.get("x-request-id")).toBe("relay-42");
    expect(response.headers.get("content-type")).toBe("text/plain");
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toEqual({
      level: "info",
      time: expect.any(String),
      pid: process.pid,
      service: "bridge",
      requestId: "relay-42",
      method: "GET",
      route: "/v1/subjects/{id}",
      status: 200,
      durationMs: expect.any(Number),
      msg: "request",
    });
  });

  it("sends the id with an implicit head too, at level warn for a designed 5xx and error for a 500", async () => {
    const notReady = await fetch(`${origin}/implicit`);
    expect(await notReady.text()).toBe("not ready");
    const boom = await fetch(`${origin}/boom`, { headers: { "X-Request-Id": "not safe!" } });
    await boom.text();
    expect(notReady.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(boom.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => lines.length).toBe(2);
    expect(lines[0]).toMatchObject({ level: "warn", requestId: notReady.headers.get("x-request-id"), route: "/implicit", status: 503 });
    expect(lines[1]).toMatchObject({ level: "error", requestId: boom.headers.get("x-request-id"), route: "/boom", status: 500 });
  });

  it("logs a routine route's success at debug (below the default level: no line) and its refusal at info", async () => {
    for (const path of ["/routine", "/routine/refused"]) await (await fetch(`${origin}${path}`)).text();
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ level: "info", route: "/routine/refused", status: 401 });
    expect(requestLineLevel(200, true)).toBe("debug");
    expect(requestLineLevel(503, true)).toBe("warn");
    expect(requestLineLevel(500, true)).toBe("error");
    // A refusal marked as worth a look (a forged or probing request) is a warning, whatever its 4xx.
    expect(requestLineLevel(415, false, true)).toBe("warn");
    expect(requestLineLevel(403, false, true)).toBe("warn");
    expect(requestLineLevel(403, false)).toBe("info");
  });

  it("writes the line of an answer destroyed half-way or given up when its client left, once, marked clientGone", async () => {
    const half = await fetch(`${origin}/destroyed`);
    await expect(half.text()).rejects.toThrow();
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ level: "info", route: "/destroyed", status: 200, clientGone: true });

    const aborted = new AbortController();
    const waiting = fetch(`${origin}/wait`, { signal: aborted.signal }).catch(() => "aborted");
    await new Promise((resolve) => setTimeout(resolve, 50));
    aborted.abort();
    expect(await waiting).toBe("aborted");
    await expect.poll(() => given.length).toBe(1);
    await expect.poll(() => lines.length).toBe(2);
    expect(lines[1]).toMatchObject({ requestId: given[0], route: "/wait", status: 200, clientGone: true });
    expect(lines.filter((line) => line.route === "/destroyed")).toHaveLength(1);
  });
});
